import Pool
import Terminal

/// Where a task stands in stages 2 and 3, as the Instances view lists it.
public enum TaskStageState: Sendable, Hashable {
    /// Not yet asked whether it is a classification task.
    case notClassified
    /// The classification request failed for good; why.
    case classificationFailed(String)
    /// Classified; its instances have not been asked for yet.
    case instancesPending
    /// It has this many instances.
    case instances(Int)
    /// An answer left it without instances; the reason's name (`instances_why`).
    case noInstances(String)
    /// The instance request failed for good; why.
    case instancesFailed(String)

    /// The state of `entry`, with the failure this session saw for it, if any.
    public init(_ entry: PoolEntry, failure: StageFailure?) {
        if entry.instanceCount > 0 {
            self = .instances(entry.instanceCount)
        } else if entry.isClassification == nil {
            self = failure.map { .classificationFailed($0.reason) } ?? .notClassified
        } else if let reason = entry.instancesWhy {
            self = .noInstances(reason)
        } else if let failure, failure.stage == .instances {
            self = .instancesFailed(failure.reason)
        } else {
            self = .instancesPending
        }
    }

    /// A few words for the list: `3 instances`, `none-parsed`, `failed`.
    var label: String {
        switch self {
        case .notClassified: "not classified"
        case .classificationFailed: "classify failed"
        case .instancesPending: "pending"
        case .instances(let count): count == 1 ? "1 instance" : "\(count) instances"
        case .noInstances(let reason): reason
        case .instancesFailed: "failed"
        }
    }

    /// The colour of the label.
    var role: Role {
        switch self {
        case .notClassified, .instancesPending: .dimText
        case .instances: .accepted
        case .noInstances: .warning
        case .classificationFailed, .instancesFailed: .error
        }
    }

    /// What the state means and what to do, for the detail pane; `why` is the task-level
    /// `instances_why` in words, when the record is loaded.
    func explanation(why: String?) -> String {
        switch self {
        case .notClassified:
            "Not classified yet. I asks for stages 2 and 3 on every accepted task that lacks them; r on this task alone."
        case .classificationFailed(let reason):
            "Classification failed: \(Self.sentence(reason)) r asks again."
        case .instancesPending:
            "No instances asked for yet. I asks for them (r for this task alone)."
        case .instances(let count):
            "\(count) instances."
        case .noInstances(let reason):
            "No instances: \(Self.sentence(why ?? reason)) r asks again; F asks again for every task without instances."
        case .instancesFailed(let reason):
            "Instance generation failed: \(Self.sentence(reason)) r asks again; F asks again for every failed task."
        }
    }

    /// `text` ending with a full stop, for a sentence followed by another.
    private static func sentence(_ text: String) -> String {
        text.hasSuffix(".") ? text : text + "."
    }
}
