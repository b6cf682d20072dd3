import Evaluation
import Terminal

/// Something that happened on the pairwise screen.
public enum PairwiseEvent: Sendable {
    /// A key press.
    case key(Key)
    /// The terminal changed size.
    case resized(Size)
    /// A choice (for an undo, the one it restores; nil for none) is on disk.
    case stored(PairwiseItem, PairwiseChoice?, isUndo: Bool)
    /// Storing failed; nothing changed.
    case failed(String)
}

/// Work the pairwise screen asks its loop to do; the result comes back as an event.
public enum PairwiseEffect: Sendable, Equatable {
    /// Store the rater's choice for a task (nil withdraws it), then report `.stored`.
    case store(PairwiseItem, PairwiseChoice?, isUndo: Bool)
}

/// The pairwise screen's reducer: two systems' responses to one task, blind, and the
/// rater says which is better. Keys in, state changes and effects out; no I/O.
public enum PairwiseScreen {
    /// The smallest terminal the screen draws in.
    public static let minimumSize = Size(width: 60, height: 20)

    /// Applies `event` to `state` and returns the work to do.
    public static func update(_ state: inout PairwiseState, _ event: PairwiseEvent) -> [PairwiseEffect] {
        switch event {
        case .resized(let size):
            state.size = size
        case .failed(let message):
            state.message = (message, true)
        case .stored(let item, let choice, let isUndo):
            if !isUndo { state.undoStack.append((item.taskID, state.choices[item.taskID])) }
            state.choices[item.taskID] = choice
            guard let index = state.items.firstIndex(of: item) else { return [] }
            if isUndo {
                state.undoStack.removeLast()
                state.current = index
                state.message = ("undone", false)
            } else {
                state.current = state.nextUnjudged(after: index) ?? index
                state.message = state.isComplete ? ("every task is judged; u undoes, ←/→ revisit, q quits", false) : nil
            }
            state.scroll = 0
        case .key(let key):
            return press(key, &state)
        }
        return []
    }

    /// The choice a key makes: 1 the first response, 2 the second, = or t a tie.
    static func choice(for character: Character) -> PairwiseChoice? {
        switch character {
        case "1": .first
        case "2": .second
        case "=", "t": .tie
        default: nil
        }
    }

    private static func press(_ key: Key, _ state: inout PairwiseState) -> [PairwiseEffect] {
        if ItemNavigation.handle(key, &state) { return [] }
        switch key {
        case .character(let character):
            if let choice = choice(for: character), let item = state.item { return [.store(item, choice, isUndo: false)] }
            switch character {
            case "u":
                guard let last = state.undoStack.last, let item = state.items.first(where: { $0.taskID == last.taskID }) else {
                    state.message = ("nothing to undo in this session", false)
                    return []
                }
                return [.store(item, last.previous, isUndo: true)]
            default: break
            }
        default: break
        }
        return []
    }
}
