import Evaluation
import Terminal

/// The pairwise screen: two systems' responses to one task, blind, and the rater says which
/// is better. Its state is `PairwiseState`, which the `RatingSession` conformance below
/// changes; `render` draws it.
public enum PairwiseScreen {
    /// The smallest terminal the screen draws in.
    public static let minimumSize = Size(width: 60, height: 20)

    /// The choice a key makes: 1 the first response, 2 the second, = or t a tie.
    static func choice(for character: Character) -> PairwiseChoice? {
        switch character {
        case "1": .first
        case "2": .second
        case "=", "t": .tie
        default: nil
        }
    }
}

extension PairwiseState: RatingSession {
    /// How many tasks are judged, of how many.
    public var progress: String { "\(choices.count) of \(items.count) judged" }

    /// Draws the screen at `size`.
    public func render() -> CellGrid { PairwiseScreen.render(self) }

    /// A key: 1, 2, = (t) choose, n a note, u undo, or one of `ItemNavigation`'s.
    public mutating func press(_ key: Key) -> [RatingWrite] {
        if noteDrafts.isEditing { return editNote(key) }
        if ItemNavigation.handle(key, &self) { return [] }
        guard case .character(let character) = key else { return [] }
        if let choice = PairwiseScreen.choice(for: character), let item {
            return [write(item, choice, note: noteDrafts.note(for: item.taskID, saved: notes[item.taskID]), .verdict)]
        }
        switch character {
        case "n":
            guard let item else { break }
            noteDrafts.begin(item.taskID, saved: notes[item.taskID], width: size.width - 6)
        case "u":
            guard let last = undoStack.last, let item = items.first(where: { $0.taskID == last.taskID }) else {
                message = ("nothing to undo in this session", false)
                return []
            }
            return [write(item, last.previous, note: last.previousNote, .undo)]
        default: break
        }
        return []
    }

    /// A choice and note (for an undo, those it restores; nil for none) are on disk.
    public mutating func written(_ write: RatingWrite) {
        guard case .judgement(let judgement) = write.record else { return }
        let task = judgement.taskID
        if write.change != .undo { undoStack.append((task, choices[task], notes[task])) }
        choices[task] = judgement.choice
        notes[task] = judgement.note
        noteDrafts.saved(task)
        guard let index = items.firstIndex(where: { $0.taskID == task }) else { return }
        switch write.change {
        case .undo:
            undoStack.removeLast()
            current = index
            message = ("undone", false)
        case .note:
            message = nil
        case .verdict:
            current = nextUnjudged(after: index) ?? index
            message = isComplete ? ("every task is judged; u undoes, ←/→ revisit, q quits", false) : nil
        }
        scroll = 0
    }

    /// Storing failed; nothing changed.
    public mutating func failed(_ write: RatingWrite, _ reason: String) {
        message = ("the choice was \(reason)", true)
    }

    /// The write of `choice` (nil withdraws) and `note` for `item`'s task, by this rater, as shown.
    private func write(_ item: PairwiseItem, _ choice: PairwiseChoice?, note: String?, _ change: RatingChange) -> RatingWrite {
        RatingWrite(.judgement(PairwiseJudgement(taskID: item.taskID, pair: pair, shownFirst: item.shownFirst, choice: choice,
                                                 rater: rater, note: note, time: "")), change)
    }

    /// A key while the rater writes a note: Enter keeps it (saved with the choice, at once
    /// if the task is judged), Escape drops the edit.
    private mutating func editNote(_ key: Key) -> [RatingWrite] {
        guard let item else { return [] }
        switch noteDrafts.handle(key, for: item.taskID, hasVerdict: choices[item.taskID] != nil) {
        case .save(let note): return [write(item, choices[item.taskID], note: note, .note)]
        case .kept: message = ("note kept; it is saved with the choice", false)
        case .editing: break
        }
        return []
    }
}
