import Engine
import Pool

/// The `:` command line: parses what the person typed into commands or state changes.
///
/// `:export FORMAT FILE`, `:report DIR [FORMAT]`, `:threshold 0.65` (alone: the one in force), `:theme NAME`, `:filter status=rejected
/// reason=similarity round=3..5 sim>0.6 text~poem` (`:filter` alone clears it; see
/// `PoolFilter`), `:sort similarity`,
/// `:classify`, `:instances` (`:instances retry` asks again for tasks left without),
/// `:guidelines`, `:review [NAME]`, `:eval` (see `EvaluationRequest`), `:pause`, `:resume`, `:quit`.
public enum ColonCommand: Sendable, Hashable {
    /// Write fine-tuning data.
    case export(ExportFormat, path: String)
    /// Write the dataset card, its figures and the data into a folder.
    case report(path: String, format: ExportFormat)
    /// Change the near-duplicate threshold; nil shows the one in force.
    case threshold(Double?)
    /// Switch themes.
    case theme(String)
    /// Filter the Pool view.
    case filter(PoolFilter)
    /// Order the Pool view.
    case sort(PoolSort)
    /// Run stages 2 and 3 (or 2 alone) on accepted tasks.
    case stages(StageRequest)
    /// Pause or resume generation.
    case pause(Bool)
    /// Open an evaluation in the Eval view: rate it, or write its report.
    case evaluation(EvaluationRequest)
    /// Show the pool's curation guidelines.
    case guidelines
    /// Open the quality review as this reviewer (nil: the user's name).
    case review(String?)
    /// Quit.
    case quit

    /// The view a command acts on, when it acts on one.
    var view: WorkbenchView? {
        switch self {
        case .filter, .sort: PoolBrowser.view
        case .evaluation: EvaluationView.view
        case .export, .report, .threshold, .theme, .stages, .pause, .guidelines, .review, .quit: nil
        }
    }

    /// The commands, for the help overlay.
    public static let usage = [
        ":export FORMAT FILE   write fine-tuning data (\(ExportFormat.allCases.map(\.rawValue).joined(separator: ", ")))",
        ":report DIR [FORMAT]  the dataset card (README.md), its SVG figures and the data (default instances) in DIR",
        ":threshold [F]        show or set the near-duplicate threshold, e.g. 0.65",
        ":theme NAME           dark, light, high-contrast, mono or a user theme",
        "                      :threshold F and :theme ask to remember it in pool.toml",
        ":filter TERMS         narrow the Pool view (alone: clear); the terms:",
    ] + PoolFilter.usage.map { "                      " + $0 } + [
        ":sort pool|similarity|length|round",
        ":classify             stage 2 on accepted tasks not yet classified",
        ":instances [retry]    stages 2 and 3 on accepted tasks without instances (retry: also those an answer left without)",
        ":guidelines           the pool's curation guidelines (pool.guidelines.md beside pool.jsonl)",
        ":review [NAME]        the quality review as NAME (your user name by default)",
        "\(EvaluationRequest.usage)",
        "                      rate an evaluation (selfinstruct eval) blind in the Eval view, or write its report",
        ":pause  :resume  :quit",
    ]

    /// Parses a command line (without the colon).
    /// - Throws: `WorkbenchError` saying what is wrong and what would be right.
    public static func parse(_ line: String) throws(WorkbenchError) -> ColonCommand {
        let words = line.split(whereSeparator: \.isWhitespace).map(String.init)
        guard let name = words.first else { throw WorkbenchError("empty command; try :export, :threshold, :theme, :filter or :sort") }
        let arguments = Array(words.dropFirst())
        switch name {
        case "export", "w":
            guard arguments.count == 2, let format = ExportFormat(rawValue: arguments[0]) else {
                throw WorkbenchError("usage: :export FORMAT FILE, FORMAT one of \(ExportFormat.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            return .export(format, path: arguments[1])
        case "report":
            guard (1...2).contains(arguments.count), let format = arguments.count == 2 ? ExportFormat(rawValue: arguments[1]) : .instances else {
                throw WorkbenchError("usage: :report DIR [FORMAT], FORMAT one of \(ExportFormat.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            return .report(path: arguments[0], format: format)
        case "threshold":
            if arguments.isEmpty { return .threshold(nil) }
            guard arguments.count == 1, let value = Double(arguments[0]), value > 0, value <= 1 else {
                throw WorkbenchError("usage: :threshold F, with F in (0, 1], e.g. :threshold 0.65")
            }
            return .threshold(value)
        case "theme":
            guard arguments.count == 1 else { throw WorkbenchError("usage: :theme NAME, e.g. :theme light") }
            return .theme(arguments[0])
        case "filter":
            return .filter(try PoolFilter.parse(arguments))
        case "sort":
            guard arguments.count == 1, let sort = PoolSort(rawValue: arguments[0]) else {
                throw WorkbenchError("usage: :sort \(PoolSort.allCases.map(\.rawValue).joined(separator: "|"))")
            }
            return .sort(sort)
        case "guidelines": return .guidelines
        case "review":
            guard arguments.count <= 1 else { throw WorkbenchError("usage: :review [NAME], NAME one word") }
            return .review(arguments.first)
        case "eval": return .evaluation(try EvaluationRequest.parse(arguments))
        case "classify":
            guard arguments.isEmpty else { throw WorkbenchError("usage: :classify (it takes no arguments)") }
            return .stages(.classification())
        case "instances":
            guard arguments.isEmpty || arguments == ["retry"] else { throw WorkbenchError("usage: :instances, or :instances retry") }
            return .stages(.instances(StageSelection(retryWithoutInstances: !arguments.isEmpty)))
        case "pause": return .pause(true)
        case "resume": return .pause(false)
        case "quit", "q": return .quit
        default:
            throw WorkbenchError("unknown command :\(name); try :export, :report, :threshold, :theme, :filter, :sort, :classify, :instances, :guidelines, :review, :eval, :pause, :resume or :quit")
        }
    }
}
