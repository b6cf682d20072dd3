import Evaluation
import RatingScreen
import Terminal

/// The Eval view: the paper's evaluation (section 5) inside the workbench. `:eval` opens an
/// evaluation folder and shows its rating screen (the one `selfinstruct eval rate` runs:
/// blind A–D grades, or two systems side by side), which takes every key but Ctrl-C until
/// `q` leaves it for the figures: per system the A–D shares as stacked bars with ROUGE-L
/// and exact matches, the raters' agreement and the pairwise tallies.
///
/// `:eval … --generate NAME=URL` first asks those systems for their responses, in the
/// background: the status line counts them, the log names each failure and ends with each
/// system's account, and the evaluation then opens as asked (unless the person is rating).
///
/// Each rating goes to the backend to be stored and shows as given only once it is on disk;
/// keys typed meanwhile wait their turn, so a fast rater never grades one response twice.
public struct EvaluationView: WorkbenchComponent {
    /// The tab.
    public static let view = WorkbenchView("Eval")
    /// Its keys.
    public static let keys = [
        KeyHelp(":eval [DIR]", "rate ./eval (or DIR) blind; --generate NAME=URL asks a system first; --rater, --pairwise A,B, --disagreements, --report OUT"),
        KeyHelp("a–d", "while rating: grade; n note, u undo, r reference (pairwise: 1, 2, = tie)"),
        KeyHelp("←/→", "while rating: move; ↑/↓ scroll, q back to the figures (all keys but ^C are its)"),
        KeyHelp("s", "on the figures: rate again where you stopped"),
    ]

    /// What was last asked for with `:eval`.
    public private(set) var request: EvaluationRequest?
    /// The open evaluation's folder and figures, once opened.
    public private(set) var figures: (path: String, summary: EvaluationSummary)?
    /// The rating screen while the person rates; nil on the figures.
    public private(set) var session: (any RatingSession)?
    /// Records asked to be stored and not yet reported back.
    private var inFlight = 0
    /// Keys pressed while a record was being stored, in order.
    private var waitingKeys: [Key] = []
    /// The `:eval --generate` whose responses are being asked for, until it ends.
    public private(set) var generating: EvaluationRequest?

    /// The Eval view before `:eval`.
    public init() {}

    /// Every key is the rating screen's while one shows.
    public var capturesKeys: Bool { session != nil }

    public mutating func update(_ event: ComponentEvent, _ context: inout WorkbenchContext) -> [WorkbenchCommand] {
        switch event {
        case .command(.evaluation(let request)) where !request.generate.isEmpty:
            if let generating {
                context.say("responses for \(generating.path) are still being asked for; the log shows each step", isError: true)
                return []
            }
            generating = request
            self.request = request
            let systems = request.generate.count == 1 ? "1 system" : "\(request.generate.count) systems"
            context.say("asking \(systems) for responses to \(request.path)…")
            return [.generateResponses(request)]
        case .command(.evaluation(let request)):
            self.request = request
            return [.openEvaluation(request, size: Self.screenSize(context.size))]
        case .key(let key) where session != nil:
            if inFlight > 0 {
                waitingKeys.append(key)
                return []
            }
            return press(key)
        case .key(.character("s")):
            guard var request else {
                context.say("no evaluation open: \(EvaluationRequest.usage)")
                return []
            }
            request.report = nil  // s rates, whatever :eval did last
            return [.openEvaluation(request, size: Self.screenSize(context.size))]
        case .evaluation(let report):
            return receive(report, &context)
        case .refresh:
            session?.size = Self.screenSize(context.size)
        case .key, .move, .find, .poolLoaded, .poolChanged, .decided, .nextPending, .command, .curation:
            break
        }
        return []
    }

    public func selection(_ context: WorkbenchContext) -> Selection? { nil }

    public func draw(into grid: inout CellGrid, rect body: Rect, _ context: WorkbenchContext) {
        if let session { return grid.paste(session.render(), at: Position(x: body.x, y: body.y)) }
        EvaluationFigures.draw(&grid, body, figures)
    }

    /// The rating screen's size: the body between the tabs and the status bar.
    static func screenSize(_ size: Size) -> Size {
        let body = Layout.body(size)
        return Size(width: body.width, height: body.height)
    }

    /// A key for the rating screen: its records go to the backend; `q` leaves for the figures.
    private mutating func press(_ key: Key) -> [WorkbenchCommand] {
        guard var session else { return [] }
        let writes = session.press(key)
        inFlight += writes.count
        if session.hasQuit {
            self.session = nil
            waitingKeys = []
            return writes.map { .storeRating($0) } + [.summarizeEvaluation]
        }
        self.session = session
        return writes.map { .storeRating($0) }
    }

    private mutating func receive(_ report: EvaluationEvent, _ context: inout WorkbenchContext) -> [WorkbenchCommand] {
        switch report {
        case .opened(let opening):
            session = opening.session
            figures = (opening.path, opening.summary)
            inFlight = 0
            waitingKeys = []
            for problem in opening.problems.prefix(20) { context.appendLog("\(problem); the line is left out", isError: true) }
            if let note = opening.note {
                context.say(note)
                context.appendLog(note)
            } else if let session {
                context.say("rating \(opening.path) as \(session.rater): \(session.progress); q shows the figures")
            }
        case .unavailable(let message):
            context.say(message, isError: true)
            context.appendLog(message, isError: true)
        case .written(let write):
            inFlight -= 1
            session?.written(write)
            return resumeWaitingKeys()
        case .notWritten(let write, let reason):
            inFlight -= 1
            session?.failed(write, reason)
            context.appendLog("rating \(reason)", isError: true)
            return resumeWaitingKeys()
        case .summarized(let path, let summary):
            figures = (path, summary)
        case .generating(let progress):
            if session == nil { context.say(progress.text) }
            if let failure = progress.failure { context.appendLog(failure, isError: true) }
        case .generated(let outcome):
            generating = nil
            for line in outcome.lines { context.appendLog(line) }
            for error in outcome.errors { context.appendLog(error, isError: true) }
            guard outcome.folderReady else {
                context.say(outcome.errors.last ?? "no responses could be asked for", isError: true)
                return []
            }
            // The files were imported and the systems asked: what is left is opening as asked.
            var next = outcome.request
            next.generate = []
            next.imports = []
            (next.promptFile, next.promptNoInputFile) = (nil, nil)
            request = next
            if session != nil {
                context.say("responses are in (the log has each system's account); q, then s, rates them")
                return []
            }
            if outcome.hadFailures { context.appendLog("some responses could not be had: :eval --generate again asks only for those", isError: true) }
            return [.openEvaluation(next, size: Self.screenSize(context.size))]
        }
        return []
    }

    /// Once nothing is being stored, the keys that waited, until one asks to store again.
    private mutating func resumeWaitingKeys() -> [WorkbenchCommand] {
        var commands: [WorkbenchCommand] = []
        while inFlight == 0, session != nil, !waitingKeys.isEmpty {
            commands += press(waitingKeys.removeFirst())
        }
        return commands
    }
}
