import Pool

/// The accepted tasks by stage, kept in step with the pool record by record: how many are
/// classified (and as what), how many have instances, how many an answer left without, and
/// how many instances they hold. The status bar and the Stats view show them.
public struct PipelineCounts: Sendable, Hashable {
    /// Accepted tasks.
    public private(set) var tasks = 0
    /// Accepted tasks with an is-classification answer.
    public private(set) var classified = 0
    /// Accepted tasks classified as classification tasks.
    public private(set) var classification = 0
    /// Accepted tasks with at least one instance.
    public private(set) var withInstances = 0
    /// Accepted tasks an instance answer left without any (`instances_why` set).
    public private(set) var withoutInstances = 0
    /// Instances of the accepted tasks.
    public private(set) var instances = 0

    /// No tasks.
    public init() {}

    /// Classified accepted tasks with no instance answer yet (not asked, or the request failed).
    public var awaitingInstances: Int { classified - withInstances - withoutInstances }

    /// Instances per accepted task that has any; 0 when none has.
    public var instancesPerTask: Double { withInstances == 0 ? 0 : Double(instances) / Double(withInstances) }

    /// Counts a record's summary in.
    mutating func add(_ entry: PoolEntry) {
        count(entry, by: 1)
    }

    /// Counts a record's summary out (it was replaced).
    mutating func remove(_ entry: PoolEntry) {
        count(entry, by: -1)
    }

    private mutating func count(_ entry: PoolEntry, by delta: Int) {
        guard entry.status == .accepted else { return }
        tasks += delta
        instances += delta * entry.instanceCount
        if let isClassification = entry.isClassification {
            classified += delta
            if isClassification { classification += delta }
            // Only classified tasks are asked for instances; a person's instances on an
            // unclassified task are counted with the instances, not as a stage's answer.
            if entry.instanceCount > 0 {
                withInstances += delta
            } else if entry.instancesWhy != nil {
                withoutInstances += delta
            }
        }
    }

    /// `3 classified · 2 with instances, 2.5 each · 1 none`, for the status bar.
    var summary: String {
        var parts = ["\(classified) classified"]
        if withInstances > 0 { parts.append("\(withInstances) with instances, " + String(format: "%.1f each", instancesPerTask)) }
        if withoutInstances > 0 { parts.append("\(withoutInstances) none") }
        return parts.joined(separator: " · ")
    }
}
