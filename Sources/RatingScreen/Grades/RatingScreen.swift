import Evaluation
import Terminal

/// The grading screen: one response at a time, blind, graded A–D. Its state is
/// `RatingState`, which the `RatingSession` conformance below changes; `render` draws it.
public enum RatingScreen {
    /// The smallest terminal the screen draws in.
    public static let minimumSize = Size(width: 60, height: 20)
}

extension RatingState: RatingSession {
    /// How many responses are graded, of how many.
    public var progress: String { "\(done) of \(items.count) \(isQueue ? "settled" : "graded")" }

    /// Draws the screen at `size`.
    public func render() -> CellGrid { RatingScreen.render(self) }

    /// A key: a–d (A–D) grade, n a note, u undo, or one of `ItemNavigation`'s.
    public mutating func press(_ key: Key) -> [RatingWrite] {
        if noteDrafts.isEditing { return editNote(key) }
        if ItemNavigation.handle(key, &self) { return [] }
        guard case .character(let character) = key else { return [] }
        if let grade = Grade(letter: character), let item {
            return [write(item, grade, note: noteDrafts.note(for: item, saved: notes[item]), .verdict)]
        }
        switch character {
        case "n":
            guard let item else { break }
            noteDrafts.begin(item, saved: notes[item], width: size.width - 6)
        case "u":
            guard let last = undoStack.last else {
                message = ("nothing to undo in this session", false)
                return []
            }
            return [write(last.item, last.previous, note: last.previousNote, .undo)]
        default: break
        }
        return []
    }

    /// A grade and note (for an undo, those it restores; nil for none) are on disk.
    public mutating func written(_ write: RatingWrite) {
        guard case .rating(let rating) = write.record else { return }
        let item = rating.item
        if write.change != .undo { undoStack.append((item, grades[item], notes[item])) }
        grades[item] = rating.grade
        notes[item] = rating.note
        noteDrafts.saved(item)
        guard let index = items.firstIndex(of: item) else { return }
        switch write.change {
        case .undo:
            undoStack.removeLast()
            current = index
            message = ("undone", false)
        case .note:
            message = nil
        case .verdict where isQueue:
            current = min(index + 1, items.count - 1)
            message = index + 1 == items.count ? ("the end of the queue; u undoes, ←/→ revisit, q quits", false) : nil
        case .verdict:
            current = nextUngraded(after: index) ?? index
            message = isComplete ? ("every response is graded; u undoes, ←/→ revisit, q quits", false) : nil
        }
        scroll = 0
    }

    /// Storing failed; nothing changed.
    public mutating func failed(_ write: RatingWrite, _ reason: String) {
        message = ("the grade was \(reason)", true)
    }

    /// The write of `grade` (nil withdraws) and `note` for `item`, by this rater.
    private func write(_ item: RatedItem, _ grade: Grade?, note: String?, _ change: RatingChange) -> RatingWrite {
        RatingWrite(.rating(Rating(taskID: item.taskID, system: item.system, rater: rater, grade: grade, note: note, time: "")), change)
    }

    /// A key while the rater writes a note: Enter keeps it (saved with the grade, at once
    /// if the response is graded), Escape drops the edit.
    private mutating func editNote(_ key: Key) -> [RatingWrite] {
        guard let item else { return [] }
        switch noteDrafts.handle(key, for: item, hasVerdict: grades[item] != nil) {
        case .save(let note): return [write(item, grades[item], note: note, .note)]
        case .kept: message = ("note kept; it is saved with the grade", false)
        case .editing: break
        }
        return []
    }
}
