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
