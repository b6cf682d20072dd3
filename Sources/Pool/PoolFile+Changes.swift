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
    /// the next revision, durably. For the engine's later stages (classification,
    /// instances): not a person's action, so undo does not take it back.
    @discardableResult
    public func update(_ id: String, _ body: (inout PoolRecord) throws -> Void) throws -> PoolRecord {
        var record = try self.record(id)
        try body(&record)
        guard record.id == id else {
            throw PoolError.invalidArgument("an update of '\(id)' changed its id to '\(record.id)'; add a new record instead")
        }
        record.restores = nil
        return try writeRevisions([record], action: nil)[0]
    }

    /// A person's decision on records: sets their status and the reason, durably, with one
    /// write, noting the change in each one's history. One action: one undo undoes it all.
    /// - Throws: `PoolError` if an id is unknown or repeated; then nothing is written.
    @discardableResult
    public func decide(_ ids: [String], status: RecordStatus, why: StatusReason, at time: Date = Date()) throws -> [PoolRecord] {
        let verb = switch status {
        case .accepted: "accept"
        case .rejected: "reject"
        case .pending: "reopen"
        case .seed: "make a seed of"
        }
        let name = ids.count == 1 ? "\(verb) \(ids[0])" : "\(verb) \(ids.count) records"
        return try act(name, on: ids) { $0.decide(status, why: why, at: time) }
    }

    /// A person's decision on one record (see `decide(_:status:why:at:)`).
    @discardableResult
    public func decide(_ id: String, status: RecordStatus, why: StatusReason, at time: Date = Date()) throws -> PoolRecord {
        try decide([id], status: status, why: why, at: time)[0]
    }

    /// Applies a person's change to a record's content, durably, with before and after in
    /// its edit history. One action, which undo can take back.
    /// - Throws: `PoolError` if the id is unknown or an instance index is out of range.
    @discardableResult
    public func edit(_ id: String, _ change: RecordChange, at time: Date = Date()) throws -> PoolRecord {
        try act(change.actionName(of: id), on: [id]) { try $0.apply(change, at: time) }[0]
    }

    /// One action of a person's: reads the latest revision of each record, lets `body`
    /// change it, and writes all the results with one write, stamped as one action named
    /// `name`. Nothing is written unless every record changes without an error.
    @discardableResult
    public func act(_ name: String, on ids: [String], _ body: (inout PoolRecord) throws -> Void) throws -> [PoolRecord] {
        guard !ids.isEmpty else { throw PoolError.invalidArgument("an action on \(path) needs at least one record") }
        let records = try ids.map { id in
            var record = try self.record(id)
            try body(&record)
            record.restores = nil
            return record
        }
        return try writeRevisions(records, action: ActionStamp(name: name))
    }
}

extension RecordChange {
    /// The change in words, as the undo history names it: `edit r2-0`.
    func actionName(of id: String) -> String {
        switch self {
        case .instruction: "edit \(id)"
        case .instances: "edit the instances of \(id)"
        case .isClassification: "set the classification of \(id)"
        case .instanceStatus(let index, .accepted): "accept instance \(index + 1) of \(id)"
        case .instanceStatus(let index, .rejected): "reject instance \(index + 1) of \(id)"
        case .instanceStatus(let index, nil): "clear the verdict on instance \(index + 1) of \(id)"
        }
    }
}
