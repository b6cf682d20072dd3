/// What one instruction round produced.
public struct RoundSummary: Sendable, Hashable {
    /// The round number.
    public var round: Int
    /// Candidates parsed from all of the round's completions.
    public var parsed: Int
    /// Candidates accepted into the pool.
    public var accepted: Int
    /// Candidates that passed the filters and wait for a person (supervised mode).
    public var pending: Int
    /// Rejected candidates counted by `RejectionReason.name`.
    public var rejectedByReason: [String: Int]
    /// Requests that failed for good and yielded nothing.
    public var failedRequests: Int

    /// A summary from its counts.
    public init(round: Int, parsed: Int, accepted: Int, pending: Int, rejectedByReason: [String: Int], failedRequests: Int = 0) {
        self.round = round
        self.parsed = parsed
        self.accepted = accepted
        self.pending = pending
        self.rejectedByReason = rejectedByReason
        self.failedRequests = failedRequests
    }

    /// Candidates rejected for any reason.
    public var rejected: Int { rejectedByReason.values.reduce(0, +) }
}

