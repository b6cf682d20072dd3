import Foundation
import JSONLines

extension PoolFile {
    /// A person's actions that undo can take back, latest last (rebuilt from the file when
    /// the pool opens; empty after a compaction).
    public var undoableActions: [PoolAction] { history.undoable }

    /// Actions undone that redo can bring back, latest undone last. A new action clears them.
    public var redoableActions: [PoolAction] { history.redoable }

    /// Undoes the latest action: writes, with one write, a revision of each of its records
    /// with the content it had before the action (`restores` names that revision), stamped
    /// as undoing it. Returns nil when there is nothing to undo.
    /// - Throws: `PoolError` when a record changed since the action (the message names it
    ///   and what changed it) or its earlier revision is no longer in the file; then nothing
    ///   is written. Also on an I/O failure, after which the file and history are as they were.
    @discardableResult
    public func undoLastAction(at time: Date = Date()) throws -> HistoryStep? {
        guard let action = history.undoable.last else { return nil }
        return try step(action, verb: "undo", from: \.after, to: \.before, stamp: ActionStamp(undoes: action.id), at: time)
    }

    /// Redoes the action undone last: writes its content back into each of its records,
    /// stamped as redoing it. Returns nil when there is nothing to redo.
    /// - Throws: `PoolError` as `undoLastAction(at:)` does.
    @discardableResult
    public func redoLastAction(at time: Date = Date()) throws -> HistoryStep? {
        guard let action = history.redoable.last else { return nil }
        return try step(action, verb: "redo", from: \.before, to: \.after, stamp: ActionStamp(redoes: action.id), at: time)
    }

    /// Checks that every record of `action` still holds the content `current` names, then
    /// writes the content `target` names, all records with one write.
    private func step(
        _ action: PoolAction, verb: String, from current: KeyPath<PoolAction.Change, Int>, to target: KeyPath<PoolAction.Change, Int>,
        stamp: ActionStamp, at time: Date
    ) throws -> HistoryStep {
        var indices: [Int] = []
        for change in action.changes {
            guard let index = indexByID[change.recordID] else {
                throw PoolError.historyBlocked(verb, action.name, because: "\(change.recordID) is no longer in the pool")
            }
            if entries[index].contentRevision != change[keyPath: current] {
                throw PoolError.historyBlocked(verb, action.name, because: "\(change.recordID) changed since (\(try whatChanged(index)))")
            }
            indices.append(index)
        }
        var records: [PoolRecord] = []
        for (change, index) in zip(action.changes, indices) {
            let content = change[keyPath: target]
            guard var record = try revision(content, at: index) else {
                throw PoolError.historyBlocked(
                    verb, action.name, because: "revision \(content) of \(change.recordID) is no longer in the file (compaction keeps only the latest revision)")
            }
            record.edits.append(Edit(field: verb, before: .number(entries[index].revision), after: .number(content), at: time))
            record.restores = content
            records.append(record)
        }
        let replaced = indices.map { entries[$0] }
        return HistoryStep(action: action, records: try writeRevisions(records, action: stamp), replaced: replaced)
    }

    /// The revision numbered `number` of the record at `index`, read from the file; nil
    /// when no line of it has that number.
    private func revision(_ number: Int, at index: Int) throws -> PoolRecord? {
        for location in [entries[index].location] + olderRevisions[index].reversed() {
            let candidate = try readRecord(at: location, line: entries[index].line)
            if candidate.revision == number { return candidate }
        }
        return nil
    }

    /// What wrote the latest revision of the record at `index`, in words: the person's
    /// action that did, or that no person did.
    private func whatChanged(_ index: Int) throws -> String {
        let latest = try readRecord(at: entries[index].location, line: entries[index].line)
        guard let stamp = latest.action else { return "revision \(latest.revision), written by generation or a repair, not by a person" }
        if stamp.undoes != nil { return "an undo" }
        if stamp.redoes != nil { return "a redo" }
        return stamp.name ?? "revision \(latest.revision)"
    }
}
