/// What a classification or instance stage did, counted so that a report can say what the
/// answers came to, not only that they came.
public struct StageSummary: Sendable, Hashable {
    /// Tasks the stage asked the model about.
    public var asked: Int
    /// Tasks whose record was updated.
    public var updated: Int
    /// Requests that failed for good; their tasks are left as they were, to retry later.
    public var failed: Int
    /// Tasks skipped because an earlier stage has not run on them (instances need the
    /// classification first).
    public var skipped: Int
    /// Classification: tasks the model called classification tasks (of `updated`).
    public var classification: Int
    /// Instances: tasks that got at least one instance (of `updated`).
    public var withInstances: Int
    /// Instances: tasks left without any, per reason name (`none-parsed`, `all-dropped`,
    /// `conflicting-outputs`).
    public var withoutInstances: [String: Int]
    /// Failed requests per cause (`serverError`, `timeout`, `nothing-usable`, ...).
    public var failedByCause: [String: Int]

    /// A summary from its counts.
    public init(asked: Int = 0, updated: Int = 0, failed: Int = 0, skipped: Int = 0, classification: Int = 0,
                withInstances: Int = 0, withoutInstances: [String: Int] = [:], failedByCause: [String: Int] = [:]) {
        self.asked = asked
        self.updated = updated
        self.failed = failed
        self.skipped = skipped
        self.classification = classification
        self.withInstances = withInstances
        self.withoutInstances = withoutInstances
        self.failedByCause = failedByCause
    }

    /// Tasks left without instances, whatever the reason.
    public var withoutInstancesCount: Int { withoutInstances.values.reduce(0, +) }

    /// One line for people, e.g. `instances: 21 asked, 0 with instances (21 none-parsed),
    /// 0 failed` or `classification: 3 asked, 3 classified (1 classification, 2 not), 1
    /// failed (1 serverError)`.
    public func report(_ stage: Stage) -> String {
        var parts = ["\(asked) asked"]
        switch stage {
        case .classification:
            parts.append("\(updated) classified (\(classification) classification, \(updated - classification) not)")
        case .instances:
            parts.append("\(withInstances) with instances" + (withoutInstances.isEmpty ? "" : " (\(Self.counts(withoutInstances)))"))
        case .instructions:
            parts.append("\(updated) updated")
        }
        parts.append("\(failed) failed" + (failedByCause.isEmpty ? "" : " (\(Self.counts(failedByCause)))"))
        if skipped > 0 { parts.append("\(skipped) skipped (not classified)") }
        return "\(stage.rawValue): " + parts.joined(separator: ", ")
    }

    /// `3 none-parsed, 1 all-dropped`: largest first, then by name.
    private static func counts(_ counts: [String: Int]) -> String {
        counts.sorted { $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key }
            .map { "\($0.value) \($0.key)" }.joined(separator: ", ")
    }
}

/// Which tasks a classification or instance stage takes, as upstream's stage-2 and stage-3
/// options choose them.
public struct StageSelection: Sendable, Hashable {
    /// The kinds of task to take.
    public enum TaskKind: String, Sendable, Hashable, CaseIterable {
        /// Every task (the default).
        case all
        /// Classification tasks only (upstream `--classification_tasks_only`).
        case classificationOnly
        /// Non-classification tasks only (upstream `--generation_tasks_only`).
        case generationOnly
    }

    /// Only the first this many accepted instructions, in pool order (upstream
    /// `--num_instructions`); nil takes them all.
    public var firstInstructions: Int?
    /// Instances: which kinds of task get them; classification asks about every kind.
    public var taskKind: TaskKind
    /// Instances: also ask again for tasks an earlier answer left without instances
    /// (`none-parsed`, `all-dropped`, `conflicting-outputs`).
    public var retryWithoutInstances: Bool
    /// Only these tasks (pool ids), when set: a person's re-run of chosen tasks, or the tasks
    /// a round accepted. Classification still asks only about those not yet classified;
    /// instances are asked for again whatever an earlier answer left (instances a task has
    /// are replaced; the pool keeps the earlier revision).
    public var tasks: Set<String>?

    /// A selection; the default takes every accepted task not yet answered.
    public init(firstInstructions: Int? = nil, taskKind: TaskKind = .all, retryWithoutInstances: Bool = false, tasks: Set<String>? = nil) {
        self.firstInstructions = firstInstructions
        self.taskKind = taskKind
        self.retryWithoutInstances = retryWithoutInstances
        self.tasks = tasks
    }

    /// Whether a task of this classification is taken for instances.
    func takes(isClassification: Bool) -> Bool {
        switch taskKind {
        case .all: true
        case .classificationOnly: isClassification
        case .generationOnly: !isClassification
        }
    }
}
