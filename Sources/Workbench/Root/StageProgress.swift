import Engine

/// Stages 2 and 3 as this session saw them: the stage asking now, and the tasks whose
/// latest request failed, with why. The pool keeps no trace of a failed request (the task is
/// simply asked again), so failures are the session's.
public struct StageProgress: Sendable, Hashable {
    /// The stage asking now; nil between stages.
    public private(set) var running: RunningStage?
    /// Tasks whose latest stage request failed for good, by pool id.
    public private(set) var failures: [String: StageFailure] = [:]

    /// Nothing asked yet.
    public init() {}

    /// Follows a report of generation; returns the line the log and status bar show, if any.
    mutating func receive(_ event: CurationEvent) -> String? {
        switch event {
        case .stageStarted(let stage, let tasks):
            running = RunningStage(stage: stage, tasks: tasks)
            return "\(stage.rawValue): asking about \(tasks == 1 ? "1 task" : "\(tasks) tasks")"
        case .stageFinished(_, let summary):
            running = nil
            return summary
        case .taskAnswered(let id, _):
            failures[id] = nil
            running?.answered += 1
        case .taskFailed(let id, let stage, let reason):
            failures[id] = StageFailure(stage: stage, reason: reason)
            running?.answered += 1
        case .phase(.idle):
            running = nil
        default:
            break
        }
        return nil
    }

    /// `instances 2/3`, for the header while a stage asks.
    var figure: String? {
        running.map { "\($0.stage.rawValue) \($0.answered)/\($0.tasks)" }
    }
}

/// A stage asking about tasks, and how many have had their answer (or failed).
public struct RunningStage: Sendable, Hashable {
    /// The stage.
    public var stage: Stage
    /// The tasks it asks about.
    public var tasks: Int
    /// Tasks answered or failed so far.
    public var answered = 0
}

/// Why a task's request in a stage failed.
public struct StageFailure: Sendable, Hashable {
    /// The stage whose request failed.
    public var stage: Stage
    /// The failure, in the engine's words.
    public var reason: String
}
