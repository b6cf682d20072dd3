import Foundation
import JSONLines

/// A change a person makes to a record's content.
public enum RecordChange: Sendable, Hashable {
    /// Replace the instruction text.
    case instruction(String)
    /// Replace the instances.
    case instances([Instance])
    /// Set or clear the classification flag.
    case isClassification(Bool?)
    /// Set or clear a person's verdict on the instance at `index`.
    case instanceStatus(index: Int, InstanceStatus?)
}

extension PoolFile {
    /// Reads the latest revision of `id`, lets `body` change it, and writes the result as
    /// the next revision, durably. The building block of decide, edit and the engine's
    /// later stages (classification, instances).
    @discardableResult
    public func update(_ id: String, _ body: (inout PoolRecord) throws -> Void) throws -> PoolRecord {
        var record = try self.record(id)
        try body(&record)
        guard record.id == id else {
            throw PoolError.invalidArgument("an update of '\(id)' changed its id to '\(record.id)'; add a new record instead")
        }
        let entry = try revise(record)
        record.revision = entry.revision
        return record
    }

    /// Sets a record's status and the reason, durably, and notes the change in its history.
    @discardableResult
    public func decide(_ id: String, status: RecordStatus, why: StatusReason, at time: Date = Date()) throws -> PoolRecord {
        try update(id) { $0.decide(status, why: why, at: time) }
    }

    /// Applies a person's change to a record's content, durably, with before and after in
    /// its edit history.
    /// - Throws: `PoolError` if the id is unknown or an instance index is out of range.
    @discardableResult
    public func edit(_ id: String, _ change: RecordChange, at time: Date = Date()) throws -> PoolRecord {
        try update(id) { try $0.apply(change, at: time) }
    }

    /// Undoes the latest change to a record by writing a new revision with the content of
    /// the one before it. Repeated undos walk further back; a change after an undo can
    /// itself be undone. Persists like any other change.
    /// - Throws: `PoolError` if there is nothing earlier to restore (first revision, or the
    ///   earlier revisions were compacted away).
    @discardableResult
    public func undo(_ id: String, at time: Date = Date()) throws -> PoolRecord {
        guard let index = indexByID[id] else { throw PoolError.unknownID(id, pool: path) }
        let current = try record(id)
        let target = (current.restores ?? current.revision) - 1
        guard target >= 1 else { throw PoolError.nothingToUndo(id, "revision \(current.restores ?? current.revision) is its first") }
        var restored: PoolRecord?
        for location in olderRevisions[index].reversed() {
            let candidate = try readRecord(at: location, line: entries[index].line)
            if candidate.revision == target {
                restored = candidate
                break
            }
        }
        guard var record = restored else {
            throw PoolError.nothingToUndo(id, "revision \(target) is no longer in the file (compaction keeps only the latest revision)")
        }
        record.edits.append(Edit(field: "undo", before: .number(current.revision), after: .number(target), at: time))
        let entry = try revise(record, restoring: target)
        record.revision = entry.revision
        record.restores = target
        return record
    }
}
