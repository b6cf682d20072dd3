/// What a classification or instance stage did.
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

    /// A summary from its counts.
    public init(asked: Int = 0, updated: Int = 0, failed: Int = 0, skipped: Int = 0) {
        self.asked = asked
        self.updated = updated
        self.failed = failed
        self.skipped = skipped
    }
}
