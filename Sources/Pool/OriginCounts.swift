/// How a named endpoint's (and model's) instructions fared: accepted, rejected, pending, and
/// the acceptance rate among those decided. What Stats splits by when a pool was generated
/// over several endpoints or models.
public struct OriginCounts: Sendable, Hashable {
    /// The endpoint and model.
    public var origin: RecordOrigin
    /// Instructions accepted.
    public var accepted: Int
    /// Instructions rejected (by a filter or a person).
    public var rejected: Int
    /// Instructions waiting for a person.
    public var pending: Int

    /// Counts.
    public init(origin: RecordOrigin, accepted: Int = 0, rejected: Int = 0, pending: Int = 0) {
        self.origin = origin
        self.accepted = accepted
        self.rejected = rejected
        self.pending = pending
    }

    /// Accepted over accepted plus rejected; nil when none is decided yet.
    public var acceptanceRate: Double? {
        accepted + rejected == 0 ? nil : Double(accepted) / Double(accepted + rejected)
    }

    /// "fast (llama-3-8b): 41% accepted (120 of 290 decided), 12 pending".
    public var summary: String {
        let rate = acceptanceRate.map { "\(Int(($0 * 100).rounded()))% accepted (\(accepted) of \(accepted + rejected) decided)" } ?? "none decided"
        return "\(origin): \(rate)" + (pending > 0 ? ", \(pending) pending" : "")
    }
}
