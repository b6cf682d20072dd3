import Evaluation
import Terminal

/// Why a screen asks for a record to be stored, which decides where it goes once the record
/// is on disk.
public enum RatingChange: Sendable, Hashable {
    /// A grade or a choice: on to the next response (or task) without one.
    case verdict
    /// A note on a graded response: stay.
    case note
    /// An undo: back to the response (or task) whose verdict it restores.
    case undo
}

/// A record a rating screen asks to have stored, and why. The screen shows it as done only
/// once it is told the record is on disk (`RatingSession.written`).
public struct RatingWrite: Sendable, Hashable {
    /// What to store, its time left for whoever stores it to stamp (`EvaluationRecord.stamped`).
    public var record: EvaluationRecord
    /// Why.
    public var change: RatingChange

    /// A write of `record` for `change`.
    public init(_ record: EvaluationRecord, _ change: RatingChange) {
        self.record = record
        self.change = change
    }
}

/// A rating screen as whoever runs it sees it (the terminal loop of `eval rate`, the
/// workbench's Eval view, tests): keys in, records to store out, each outcome back in, and
/// a frame to draw. A plain value; no I/O happens inside.
public protocol RatingSession: Sendable {
    /// Who is rating: the file their records go to.
    var rater: String { get }
    /// The size the screen draws at.
    var size: Size { get set }
    /// True once the rater has quit.
    var hasQuit: Bool { get }
    /// How far the rater is, e.g. `3 of 12 graded`.
    var progress: String { get }

    /// Applies a key; returns the records to store.
    mutating func press(_ key: Key) -> [RatingWrite]
    /// A record the screen asked for is on disk: show it as done.
    mutating func written(_ write: RatingWrite)
    /// A record could not be stored; nothing changed, and `reason` says why.
    mutating func failed(_ write: RatingWrite, _ reason: String)
    /// The frame at `size`.
    func render() -> CellGrid
}

extension RatingSession {
    /// What a terminal loop does with a key: applies it, stores each record it asks for in
    /// `folder` (stamped with `now()`), and tells the screen how that went.
    public mutating func handle(_ key: Key, storingIn folder: EvaluationFolder, now: () -> String) {
        var pending = press(key)
        while !pending.isEmpty {
            let write = pending.removeFirst()
            do {
                try folder.add(write.record.stamped(now()))
                written(write)
            } catch {
                failed(write, "not saved: \(error)")
            }
        }
    }
}
