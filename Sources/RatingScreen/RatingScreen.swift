import Evaluation
import Terminal

/// Something that happened on the rating screen.
public enum RatingEvent: Sendable {
    /// A key press.
    case key(Key)
    /// The terminal changed size.
    case resized(Size)
    /// A grade (or, with `undo`, the grade an undo restores; nil for none) is on disk.
    case stored(RatedItem, Grade?, undo: Bool)
    /// Storing failed; nothing changed.
    case failed(String)
}

/// Work the rating screen asks its loop to do; the result comes back as an event.
public enum RatingEffect: Sendable, Equatable {
    /// Store the rater's grade of a response (nil withdraws it), then report `.stored`.
    case store(RatedItem, Grade?, undo: Bool)
}

/// The rating screen's reducer: keys in, state changes and effects out. No I/O: a grade
/// shows as given only once its effect is done and `.stored` comes back.
public enum RatingScreen {
    /// The smallest terminal the screen draws in.
    public static let minimumSize = Size(width: 60, height: 20)

    /// Applies `event` to `state` and returns the work to do.
    public static func update(_ state: inout RatingState, _ event: RatingEvent) -> [RatingEffect] {
        switch event {
        case .resized(let size):
            state.size = size
        case .failed(let message):
            state.message = (message, true)
        case .stored(let item, let grade, let undo):
            if !undo { state.undoStack.append((item, state.grades[item])) }
            state.grades[item] = grade
            guard let index = state.items.firstIndex(of: item) else { return [] }
            if undo {
                state.undoStack.removeLast()
                state.current = index
                state.message = ("undone", false)
            } else {
                state.current = state.nextUngraded(after: index) ?? index
                state.message = state.isComplete ? ("every response is graded; u undoes, ←/→ revisit, q quits", false) : nil
            }
            state.scroll = 0
        case .key(let key):
            return press(key, &state)
        }
        return []
    }

    private static func press(_ key: Key, _ state: inout RatingState) -> [RatingEffect] {
        switch key {
        case .character(let character):
            if let grade = Grade(letter: character), let item = state.item {
                return [.store(item, grade, undo: false)]
            }
            switch character {
            case "u":
                guard let last = state.undoStack.last else {
                    state.message = ("nothing to undo in this session", false)
                    return []
                }
                return [.store(last.item, last.previous, undo: true)]
            case "r": state.showsReference.toggle()
            case "q": state.hasQuit = true
            case "j": state.scroll += 1
            case "k": state.scroll = max(0, state.scroll - 1)
            default: break
            }
        case .down: state.scroll += 1
        case .up: state.scroll = max(0, state.scroll - 1)
        case .pageDown: state.scroll += max(1, state.size.height / 2)
        case .pageUp: state.scroll = max(0, state.scroll - max(1, state.size.height / 2))
        case .right where state.current + 1 < state.items.count:
            state.current += 1
            state.scroll = 0
        case .left where state.current > 0:
            state.current -= 1
            state.scroll = 0
        case .control("c"): state.hasQuit = true
        default: break
        }
        return []
    }
}
