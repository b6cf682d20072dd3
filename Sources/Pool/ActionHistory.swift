/// One step of a person's history: what an action did to each of its records, kept as the
/// content it found and the content it left. Content is named by revision number: the
/// revision that first held it (a revision that restores another names that one), so an
/// undo that brings back a record's earlier content brings back its name too.
public struct PoolAction: Sendable, Hashable {
    /// The id its lines are stamped with.
    public let id: String
    /// What the person did, e.g. `accept 15 records`.
    public let name: String
    /// Its records' changes, in the order it made them.
    var changes: [Change]

    /// The records it changed, in order.
    public var recordIDs: [String] { changes.map(\.recordID) }

    /// One record's change: the content before and after, by revision number.
    struct Change: Sendable, Hashable {
        var recordID: String
        var before: Int
        var after: Int
    }
}

/// An undo or a redo as written: the action and the records' new revisions.
public struct HistoryStep: Sendable, Hashable {
    /// The action undone or redone.
    public let action: PoolAction
    /// The revisions written, one per record of the action, in its order.
    public let records: [PoolRecord]
    /// The records' summaries before the step, in the same order.
    public let replaced: [PoolEntry]
}

/// The undo and redo stacks, rebuilt from the action stamps in line order when a pool opens
/// and kept up to date as it is written: a new action goes on the undo stack and clears the
/// redo stack; an undo moves its action to the redo stack; a redo moves it back.
struct ActionHistory: Sendable {
    /// Actions that can be undone, latest last.
    private(set) var undoable: [PoolAction] = []
    /// Actions undone that can be redone, latest undone last.
    private(set) var redoable: [PoolAction] = []
    /// The stamp of the last line noted: the lines after it with the same id are the same step.
    private var lastStep: String?

    /// Notes one stamped line, in file order: `before` and `after` name the record's content
    /// before and after it (see `PoolAction`).
    mutating func note(_ stamp: ActionStamp, recordID: String, before: Int, after: Int) {
        defer { lastStep = stamp.id }
        let continuesStep = stamp.id == lastStep
        if let undone = stamp.undoes {
            guard !continuesStep, undoable.last?.id == undone else { return }
            redoable.append(undoable.removeLast())
        } else if let redone = stamp.redoes {
            guard !continuesStep, redoable.last?.id == redone else { return }
            undoable.append(redoable.removeLast())
        } else if continuesStep, let last = undoable.indices.last, undoable[last].id == stamp.id {
            undoable[last].changes.append(PoolAction.Change(recordID: recordID, before: before, after: after))
        } else {
            let change = PoolAction.Change(recordID: recordID, before: before, after: after)
            undoable.append(PoolAction(id: stamp.id, name: stamp.name ?? "change \(recordID)", changes: [change]))
            redoable.removeAll()
        }
    }
}
