/// What one instruction round produced.
public struct RoundSummary: Sendable, Hashable, CustomStringConvertible {
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

    /// The one line every view shows for a round, e.g. `round 3: 7 parsed, 2 accepted,
    /// 5 rejected (similarity 3, keyword 2), 1 request failed` (pending only when some are).
    public var description: String {
        var parts = ["\(parsed) parsed", "\(accepted) accepted"]
        if pending > 0 { parts.append("\(pending) pending") }
        parts.append("\(rejected) rejected" + Self.breakdown(rejectedByReason))
        if failedRequests > 0 { parts.append(failedRequests == 1 ? "1 request failed" : "\(failedRequests) requests failed") }
        return "round \(round): " + parts.joined(separator: ", ")
    }

    /// ` (similarity 3, keyword 2)`: counts by reason name, most first, ties by name; empty
    /// for no counts. Also for totals over many rounds.
    public static func breakdown(_ countsByReason: [String: Int]) -> String {
        guard !countsByReason.isEmpty else { return "" }
        let sorted = countsByReason.sorted { $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key }
        return " (" + sorted.map { "\($0.key) \($0.value)" }.joined(separator: ", ") + ")"
    }
}
