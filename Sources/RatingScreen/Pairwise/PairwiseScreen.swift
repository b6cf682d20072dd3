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

    /// A key: 1, 2, = (t) choose, u undo, or one of `ItemNavigation`'s.
    public mutating func press(_ key: Key) -> [RatingWrite] {
        if ItemNavigation.handle(key, &self) { return [] }
        guard case .character(let character) = key else { return [] }
        if let choice = PairwiseScreen.choice(for: character), let item { return [write(item, choice, .verdict)] }
        guard character == "u" else { return [] }
        guard let last = undoStack.last, let item = items.first(where: { $0.taskID == last.taskID }) else {
            message = ("nothing to undo in this session", false)
            return []
        }
        return [write(item, last.previous, .undo)]
    }

    /// A choice (for an undo, the one it restores; nil for none) is on disk.
    public mutating func written(_ write: RatingWrite) {
        guard case .judgement(let judgement) = write.record else { return }
        let isUndo = write.change == .undo
        if !isUndo { undoStack.append((judgement.taskID, choices[judgement.taskID])) }
        choices[judgement.taskID] = judgement.choice
        guard let index = items.firstIndex(where: { $0.taskID == judgement.taskID }) else { return }
        if isUndo {
            undoStack.removeLast()
            current = index
            message = ("undone", false)
        } else {
            current = nextUnjudged(after: index) ?? index
            message = isComplete ? ("every task is judged; u undoes, ←/→ revisit, q quits", false) : nil
        }
        scroll = 0
    }

    /// Storing failed; nothing changed.
    public mutating func failed(_ write: RatingWrite, _ reason: String) {
        message = ("the choice was \(reason)", true)
    }

    /// The write of `choice` (nil withdraws) for `item`'s task, by this rater, as shown.
    private func write(_ item: PairwiseItem, _ choice: PairwiseChoice?, _ change: RatingChange) -> RatingWrite {
        RatingWrite(.judgement(PairwiseJudgement(taskID: item.taskID, pair: pair, shownFirst: item.shownFirst, choice: choice,
                                                 rater: rater, time: "")), change)
    }
}
