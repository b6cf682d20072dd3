import Foundation

/// Where a task stands in curation. Seeds are human-written; the engine's candidates start
/// `pending` and become `accepted` or `rejected` by a filter or by a person.
public enum RecordStatus: String, Sendable, Hashable, Codable, CaseIterable, Comparable {
    /// A human-written seed task.
    case seed
    /// A candidate waiting for a decision.
    case pending
    /// Kept: part of the pool the engine samples from and exports.
    case accepted
    /// Dropped by a filter or a person; kept on file with the reason.
    case rejected

    /// Parses a comma-separated list such as `seed,accepted`, or `all` for every status.
    /// - Throws: `PoolError` naming the unknown word and the valid ones.
    public static func parseList(_ text: String) throws -> Set<RecordStatus> {
        let words = text.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
        if words == ["all"] { return Set(allCases) }
        var statuses: Set<RecordStatus> = []
        for word in words {
            guard let status = RecordStatus(rawValue: word) else {
                throw PoolError.invalidArgument(
                    "unknown status '\(word)' in '\(text)'; use a comma-separated list of seed, pending, accepted, rejected, or 'all'")
            }
            statuses.insert(status)
        }
        return statuses
    }

    /// Orders statuses as listed: seed, pending, accepted, rejected.
    public static func < (lhs: RecordStatus, rhs: RecordStatus) -> Bool {
        allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
    }
}

/// A person's verdict on one instance of a task, for curation below the task level.
public enum InstanceStatus: String, Sendable, Hashable, Codable {
    /// A person kept the instance.
    case accepted
    /// A person dropped the instance; exports leave it out.
    case rejected
}
