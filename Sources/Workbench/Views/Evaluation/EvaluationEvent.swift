import Evaluation
import RatingScreen

/// What the backend reports to the Eval view: an evaluation opened (or could not be), a
/// rating stored (or not), figures counted.
public enum EvaluationEvent: Sendable {
    /// The evaluation asked for is open: its figures, and the rating screen to show.
    case opened(EvaluationOpening)
    /// The folder could not be opened (or the request does not fit it); the message says why.
    case unavailable(String)
    /// A record the rating screen asked for is on disk.
    case written(RatingWrite)
    /// A record could not be stored; the message says why.
    case notWritten(RatingWrite, String)
    /// The figures of the evaluation at `path`, counted anew.
    case summarized(path: String, EvaluationSummary)
    /// How far `:eval --generate` has come: a response stored or a task failed.
    case generating(ResponseProgress)
    /// `:eval --generate` is over: each system's account; the request then opens as asked.
    case generated(ResponseGenerationOutcome)
}

/// The responses generated so far for `:eval --generate`, per system.
public struct ResponseProgress: Sendable, Equatable {
    /// Per system, in the order given: stored now, answered before, failed, of how many tasks.
    public struct System: Sendable, Equatable {
        /// The system's name.
        public var name: String
        /// Responses stored by this run.
        public var stored = 0
        /// Tasks answered before this run (skipped).
        public var answeredBefore = 0
        /// Tasks whose request failed for good (or were not asked of an unusable endpoint).
        public var failed = 0
        /// The evaluation's tasks.
        public var tasks: Int

        /// A system with nothing done yet.
        public init(name: String, tasks: Int) {
            self.name = name
            self.tasks = tasks
        }

        /// "NAME 12/20 (1 failed)": answered (before or now) of all.
        public var text: String {
            "\(name) \(stored + answeredBefore)/\(tasks)" + (failed > 0 ? " (\(failed) failed)" : "")
        }
    }

    /// The evaluation folder, `~` expanded.
    public var path: String
    /// Each system's counts.
    public var systems: [System]
    /// The failure just reported, if this step was one ("SYSTEM: task ID: reason").
    public var failure: String?

    /// The status line: every system's count.
    public var text: String { "generating responses: " + systems.map(\.text).joined(separator: ", ") }
}

/// How `:eval --generate` ended.
public struct ResponseGenerationOutcome: Sendable {
    /// The request that asked, to open as asked now that its responses are in.
    public var request: EvaluationRequest
    /// The folder, `~` expanded.
    public var path: String
    /// What was imported, and one line per system: stored, answered before, failed, tokens
    /// and cost.
    public var lines: [String]
    /// What went wrong: why nothing could be asked, tasks left unasked, a response that could
    /// not be stored.
    public var errors: [String]
    /// Whether a response could not be had or stored (the lines say which and why).
    public var hadFailures: Bool
    /// Whether the evaluation folder could be opened, so the request can go on to open it.
    public var folderReady: Bool
}

/// An evaluation just opened for rating.
public struct EvaluationOpening: Sendable {
    /// What was asked for.
    public var request: EvaluationRequest
    /// The folder, `~` expanded.
    public var path: String
    /// Its figures as opened.
    public var summary: EvaluationSummary
    /// The rating screen, at the first response (or task) the rater has not rated; nil when
    /// the request wrote the report instead.
    public var session: (any RatingSession)?
    /// Lines of the folder that could not be read, with file:line (left out).
    public var problems: [String]
    /// What was done instead of rating, e.g. where the report was written.
    public var note: String?
}
