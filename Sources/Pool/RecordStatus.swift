import Foundation

/// Where a task stands in curation. Seeds are human-written; the engine's candidates start
/// `pending` and become `accepted` or `rejected` by a filter or by a person.
public enum RecordStatus: String, Sendable, Hashable, Codable, CaseIterable, Comparable {
    case seed
    case pending
    case accepted
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

    public static func < (lhs: RecordStatus, rhs: RecordStatus) -> Bool {
        allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
    }
}

/// A person's verdict on one instance of a task, for curation below the task level.
public enum InstanceStatus: String, Sendable, Hashable, Codable {
    case accepted
    case rejected
}
