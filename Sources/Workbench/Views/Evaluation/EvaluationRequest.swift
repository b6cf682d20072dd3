import Evaluation
import LLM

/// What `:eval` asks for: which evaluation folder to rate, as whom, and how: A–D grades one
/// response at a time, two systems side by side (`--pairwise A,B`), or the responses raters
/// disagree on (`--disagreements`), the same choices as `selfinstruct eval rate`; or, with
/// `--report OUT`, its report written as `selfinstruct eval report -o OUT` writes it; with
/// `--import FILE` (repeated), files imported first as `selfinstruct eval import` does; with
/// `--generate NAME=URL[,model][,api]` (repeated), responses asked of those systems first, as
/// `selfinstruct eval generate` asks them, in the background while the workbench goes on.
public struct EvaluationRequest: Sendable, Hashable {
    /// The folder as typed (`~` allowed); `eval` (in the working folder) by default.
    public var path = "eval"
    /// Who rates; nil for the user's name, as `eval rate` takes it.
    public var rater: String?
    /// The two systems compared side by side; nil to grade A–D.
    public var pair: SystemPair?
    /// Grade only the responses raters disagree on (the queue to settle).
    public var disagreements = false
    /// Write the report into this folder (`~` allowed) and show the figures, instead of rating.
    public var report: String?
    /// Task and prediction files to import first (`~` allowed); the folder is made if need be.
    public var imports: [String] = []
    /// Systems to ask for their responses first, each as `NAME=URL[,model][,api]`.
    public var generate: [String] = []
    /// The template file for those responses' prompts when a task has an input (`--prompt`),
    /// as `eval generate` takes it; upstream's prompt when nil.
    public var promptFile: String?
    /// The template file for tasks without an input (`--prompt-no-input`).
    public var promptNoInputFile: String?

    /// The usage line, for the help overlay and errors.
    public static let usage =
        ":eval [DIR] [--import FILE]... [--generate NAME=URL[,model][,api]]... [--prompt FILE] [--prompt-no-input FILE] [--rater NAME] "
        + "[--pairwise A,B | --disagreements | --report OUT]"

    /// A request for the defaults: grade `./eval` as the user.
    public init() {}

    /// Reads `:eval`'s arguments.
    /// - Throws: `WorkbenchError` saying what is wrong and what would be right.
    public static func parse(_ arguments: [String]) throws(WorkbenchError) -> EvaluationRequest {
        var request = EvaluationRequest(), words = arguments[...], folderGiven = false
        while let word = words.popFirst() {
            switch word {
            case "--rater":
                guard let name = words.popFirst() else { throw WorkbenchError("--rater needs a name; usage: \(usage)") }
                do {
                    try EvaluationFolder.check(name, kind: "rater")
                } catch {
                    throw WorkbenchError("\(error)")
                }
                request.rater = name
            case "--pairwise":
                guard let pair = words.popFirst().flatMap(SystemPair.init(naming:)) else {
                    throw WorkbenchError("--pairwise needs two different systems, e.g. --pairwise davinci,text-davinci-003")
                }
                request.pair = pair
            case "--disagreements":
                request.disagreements = true
            case "--import":
                guard let file = words.popFirst() else { throw WorkbenchError("--import needs a task or predictions file; usage: \(usage)") }
                request.imports.append(file)
            case "--generate":
                guard let spec = words.popFirst() else {
                    throw WorkbenchError("--generate needs a system to ask, NAME=URL[,model][,api]; usage: \(usage)")
                }
                do {
                    let flag = try EndpointFlag(parsing: spec)
                    try EvaluationFolder.check(flag.name, kind: "system")
                } catch {
                    throw WorkbenchError("--generate \(spec): \(error)")
                }
                request.generate.append(spec)
            case "--prompt", "--prompt-no-input":
                guard let file = words.popFirst() else { throw WorkbenchError("\(word) needs a template file; usage: \(usage)") }
                if word == "--prompt" { request.promptFile = file } else { request.promptNoInputFile = file }
            case "--report":
                guard let folder = words.popFirst() else { throw WorkbenchError("--report needs the folder to write into; usage: \(usage)") }
                request.report = folder
            default:
                guard !word.hasPrefix("--"), !folderGiven else { throw WorkbenchError("unexpected “\(word)”; usage: \(usage)") }
                request.path = word
                folderGiven = true
            }
        }
        guard !request.generate.isEmpty || (request.promptFile == nil && request.promptNoInputFile == nil) else {
            throw WorkbenchError("--prompt and --prompt-no-input shape the responses --generate asks for; name a system with --generate NAME=URL")
        }
        guard [request.pair != nil, request.disagreements, request.report != nil].filter({ $0 }).count <= 1 else {
            throw WorkbenchError("--pairwise, --disagreements and --report are one each: rate one way, or write the report")
        }
        return request
    }
}
