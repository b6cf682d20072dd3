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
        try update(id) { record in
            record.edits.append(Edit(field: "status", before: .string(record.status.rawValue), after: .string(status.rawValue), at: time))
            record.status = status
            record.why = why
        }
    }

    /// Applies a person's change to a record's content, durably, with before and after in
    /// its edit history.
    /// - Throws: `PoolError` if the id is unknown or an instance index is out of range.
    @discardableResult
    public func edit(_ id: String, _ change: RecordChange, at time: Date = Date()) throws -> PoolRecord {
        try update(id) { record in
            switch change {
            case .instruction(let text):
                record.edits.append(Edit(field: "instruction", before: .string(record.instruction), after: .string(text), at: time))
                record.instruction = text
            case .instances(let instances):
                record.edits.append(Edit(field: "instances", before: try Self.json(record.instances), after: try Self.json(instances), at: time))
                record.instances = instances
            case .isClassification(let flag):
                record.edits.append(Edit(
                    field: "is_classification", before: record.isClassification.map(JSONValue.bool) ?? .null,
                    after: flag.map(JSONValue.bool) ?? .null, at: time))
                record.isClassification = flag
            case .instanceStatus(let index, let status):
                guard record.instances.indices.contains(index) else {
                    throw PoolError.invalidArgument("'\(id)' has \(record.instances.count) instances; there is no instance \(index)")
                }
                record.edits.append(Edit(
                    field: "instances[\(index)].status", before: record.instances[index].status.map { .string($0.rawValue) } ?? .null,
                    after: status.map { .string($0.rawValue) } ?? .null, at: time))
                record.instances[index].status = status
            }
        }
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

    private static func json(_ instances: [Instance]) throws -> JSONValue {
        .array(instances.map { instance in
            var members: JSONValue = .object(["input": .string(instance.input), "output": .string(instance.output)])
            if let status = instance.status { members.set("status", .string(status.rawValue)) }
            return members
        })
    }
}
