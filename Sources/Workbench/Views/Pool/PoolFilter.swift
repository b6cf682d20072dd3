import Pool

/// A filter on the Pool view; nil fields match everything.
public struct PoolFilter: Sendable, Hashable, CustomStringConvertible {
    /// Only these statuses.
    public var status: RecordStatus?
    /// Only records whose reason has this kind (`similarity`, `keyword`, `human`,
    /// `control-characters`, ...; `-` and `_` alike).
    public var reason: String?
    /// Only records from this round.
    public var round: Int?
    /// Only classification (true) or non-classification (false) tasks.
    public var classification: Bool?

    /// No filter.
    public init(status: RecordStatus? = nil, reason: String? = nil, round: Int? = nil, classification: Bool? = nil) {
        self.status = status
        self.reason = reason
        self.round = round
        self.classification = classification
    }

    /// Whether `entry` passes.
    public func matches(_ entry: PoolEntry) -> Bool {
        if let status, entry.status != status { return false }
        if let reason, entry.why?.kind.matches(reason) != true { return false }
        if let round, entry.round != round { return false }
        if let classification, entry.isClassification != classification { return false }
        return true
    }

    /// Whether it lets everything through.
    public var isEmpty: Bool { self == PoolFilter() }

    /// E.g. `status=pending reason=similarity`, or `all`.
    public var description: String {
        var parts: [String] = []
        if let status { parts.append("status=\(status.rawValue)") }
        if let reason { parts.append("reason=\(reason)") }
        if let round { parts.append("round=\(round)") }
        if let classification { parts.append("class=\(classification ? "yes" : "no")") }
        return parts.isEmpty ? "all" : parts.joined(separator: " ")
    }
}

/// How the Pool view orders records.
public enum PoolSort: String, CaseIterable, Sendable, Hashable {
    /// As in the file.
    case pool
    /// Most similar to the nearest neighbour first.
    case similarity
    /// Longest instruction first.
    case length
    /// Latest round first.
    case round
}
