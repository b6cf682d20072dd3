import Evaluation
import Terminal

/// Something that happened on the rating screen.
public enum RatingEvent: Sendable {
    /// A key press.
    case key(Key)
    /// The terminal changed size.
    case resized(Size)
    /// A grade and note (for an undo, those it restores; nil for none) are on disk.
    case stored(RatedItem, Grade?, note: String?, RatingChange)
    /// Storing failed; nothing changed.
    case failed(String)
}

/// Work the rating screen asks its loop to do; the result comes back as an event.
public enum RatingEffect: Sendable, Equatable {
    /// Store the rater's grade of a response (nil withdraws it) with their note, then
    /// report `.stored`.
    case store(RatedItem, Grade?, note: String?, RatingChange)
}

/// Why a rating is stored, which decides where the screen goes next.
public enum RatingChange: Sendable, Equatable {
    /// A grade: on to the next ungraded response.
    case grade
    /// A note on a graded response: stay.
    case note
    /// An undo: back to the response whose grade it restores.
    case undo
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
        case .stored(let item, let grade, let note, let change):
            if change != .undo { state.undoStack.append((item, state.grades[item], state.notes[item])) }
            state.grades[item] = grade
            state.notes[item] = note
            state.draftNotes[item] = nil
            guard let index = state.items.firstIndex(of: item) else { return [] }
            switch change {
            case .undo:
                state.undoStack.removeLast()
                state.current = index
                state.message = ("undone", false)
            case .note:
                state.message = nil
            case .grade:
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
        if state.noteEditor != nil { return editNote(key, &state) }
        if ItemNavigation.handle(key, &state) { return [] }
        switch key {
        case .character(let character):
            if let grade = Grade(letter: character), let item = state.item {
                return [.store(item, grade, note: state.draftNotes[item] ?? state.notes[item], .grade)]
            }
            switch character {
            case "n":
                guard let item = state.item else { break }
                state.noteEditor = LineEditor(text: state.draftNotes[item] ?? state.notes[item] ?? "", visibleWidth: max(1, state.size.width - 6))
            case "u":
                guard let last = state.undoStack.last else {
                    state.message = ("nothing to undo in this session", false)
                    return []
                }
                return [.store(last.item, last.previous, note: last.previousNote, .undo)]
            default: break
            }
        default: break
        }
        return []
    }

    /// A key while the rater writes a note: Enter keeps it (saved with the grade, at once
    /// if the response is graded), Escape drops the edit.
    private static func editNote(_ key: Key, _ state: inout RatingState) -> [RatingEffect] {
        guard var editor = state.noteEditor, let item = state.item else { return [] }
        switch editor.handle(key) {
        case .editing:
            state.noteEditor = editor
        case .cancelled:
            state.noteEditor = nil
        case .committed(let text):
            state.noteEditor = nil
            let note = text.isEmpty ? nil : text
            if let grade = state.grades[item] { return [.store(item, grade, note: note, .note)] }
            state.draftNotes[item] = note
            state.message = ("note kept; it is saved with the grade", false)
        }
        return []
    }
}
