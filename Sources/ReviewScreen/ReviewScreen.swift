import QualityReview
import Terminal

/// Something that happened on the review screen.
public enum ReviewEvent: Sendable {
    /// A key press.
    case key(Key)
    /// An answer (or settlement, or withdrawal) is on disk.
    case stored(ReviewAnswer, ReviewChange)
    /// Storing failed; nothing changed.
    case failed(String)
}

/// Work the review screen asks for; the result comes back as an event.
public enum ReviewEffect: Sendable, Hashable {
    /// Append the answer to the review file, stamped with the time, then report `.stored`.
    case store(ReviewAnswer, ReviewChange)
}

/// Why an answer is stored, which decides where the screen goes next.
public enum ReviewChange: Sendable, Hashable {
    /// A new answer, replacing `previous` (nil: none): on to the next open question.
    case answer(previous: Bool?)
    /// An undo: back to the question whose answer it restores.
    case undo
}

/// The review screen's reducer: keys in, state changes and effects out. No I/O: an answer
/// shows as given only once its effect is done and `.stored` comes back; keys pressed in
/// between wait and are taken then, in order (the workbench stores off the screen's thread).
public enum ReviewScreen {
    /// The smallest area the screen draws in.
    public static let minimumSize = Size(width: 60, height: 16)

    /// Applies `event` to `state` and returns the work to do.
    public static func update(_ state: inout ReviewState, _ event: ReviewEvent) -> [ReviewEffect] {
        switch event {
        case .failed(let text):
            state.storing = false
            state.message = (text + (state.queuedKeys.isEmpty ? "" : "; the keys pressed after it were dropped"), true)
            state.queuedKeys = []
            return []
        case .stored(let answer, let change):
            stored(answer, change, &state)
            state.storing = false
            while !state.queuedKeys.isEmpty {
                let effects = pressNow(state.queuedKeys.removeFirst(), &state)
                if !effects.isEmpty { return effects }
            }
            return []
        case .key(let key):
            if state.storing {
                state.queuedKeys.append(key)
                return []
            }
            return pressNow(key, &state)
        }
    }

    /// A key taken now; while what it asks for is stored, later keys wait.
    private static func pressNow(_ key: Key, _ state: inout ReviewState) -> [ReviewEffect] {
        let effects = press(key, &state)
        if !effects.isEmpty { state.storing = true }
        return effects
    }

    /// The open disagreements, in item and question order.
    public static func disagreements(_ state: ReviewState) -> [Disagreement] { state.book.disagreements() }

    private static func stored(_ answer: ReviewAnswer, _ change: ReviewChange, _ state: inout ReviewState) {
        state.book.apply(answer)
        state.message = nil
        switch change {
        case .undo:
            state.undoStack.removeLast()
            if answer.settles {
                let open = disagreements(state)
                state.mode = .settling(open.firstIndex { $0.item == answer.item && $0.question == answer.question } ?? 0)
            } else {
                state.mode = .answering
                state.current = answer.item
                state.question = answer.question
            }
            state.message = ("undone", false)
        case .answer(let previous):
            var restoring = answer
            restoring.answer = previous
            state.undoStack.append(restoring)
            if case .settling(let index) = state.mode {
                let open = disagreements(state).count
                state.mode = .settling(min(index, max(0, open - 1)))
                if open == 0 { state.message = ("every disagreement is settled; t shows the table", false) }
                return
            }
            guard let item = state.nextOpenItem(from: answer.item) else {
                state.message = ("all \(state.sample.items.count) items answered; t shows the table, u undoes, ←/→ revisit", false)
                return
            }
            if item != state.current { state.scroll = 0 }
            state.current = item
            state.question = state.firstOpenQuestion(of: item) ?? .instruction
        }
    }

    private static func press(_ key: Key, _ state: inout ReviewState) -> [ReviewEffect] {
        if state.showsGuidelines {
            switch key {
            case .character("j"), .down: state.scroll += 1
            case .character("k"), .up: state.scroll = max(0, state.scroll - 1)
            default: state.showsGuidelines = false; state.scroll = 0
            }
            return []
        }
        switch key {
        case .character("q"), .control("c"):
            state.hasQuit = true
        case .character("L"):
            state.showsGuidelines = true
            state.scroll = 0
        case .character("t"):
            state.mode = state.mode == .table ? .answering : .table
            state.scroll = 0
        case .character("D"):
            if case .settling = state.mode {
                state.mode = .answering
            } else if disagreements(state).isEmpty {
                state.message = (state.book.reviewers.count < 2 ? "nothing to settle: disagreements need two reviewers of the same sample" : "no disagreement is left to settle", false)
            } else {
                state.mode = .settling(0)
            }
            state.scroll = 0
        case .escape:
            state.mode = .answering
            state.scroll = 0
        case .character("u"):
            guard let last = state.undoStack.last else {
                state.message = ("nothing to undo in this session", false)
                return []
            }
            return [.store(last, .undo)]
        case .character("j"), .down: state.scroll += 1
        case .character("k"), .up: state.scroll = max(0, state.scroll - 1)
        case .pageDown: state.scroll += 10
        case .pageUp: state.scroll = max(0, state.scroll - 10)
        default:
            return state.mode == .table ? [] : (state.mode == .answering ? answering(key, &state) : settling(key, &state))
        }
        return []
    }

    private static func answering(_ key: Key, _ state: inout ReviewState) -> [ReviewEffect] {
        guard let item = state.item else { return [] }
        switch key {
        case .character("y"), .character("n"):
            let answer = ReviewAnswer(reviewer: state.reviewer, item: item.number, recordID: item.recordID, question: state.question,
                                      answer: key == .character("y"), time: "")
            return [.store(answer, .answer(previous: state.answer(item: item.number, state.question)))]
        case .tab:
            state.question = state.question.next ?? .instruction
        case .left, .right:
            let count = state.sample.items.count
            state.current = (state.current + (key == .left ? count - 1 : 1)) % count
            state.question = state.firstOpenQuestion(of: state.current) ?? .instruction
            state.scroll = 0
        default: break
        }
        return []
    }

    private static func settling(_ key: Key, _ state: inout ReviewState) -> [ReviewEffect] {
        guard case .settling(let index) = state.mode else { return [] }
        let open = disagreements(state)
        guard !open.isEmpty else { return [] }
        let position = min(index, open.count - 1)
        switch key {
        case .character("y"), .character("n"):
            let disagreement = open[position]
            let answer = ReviewAnswer(reviewer: state.reviewer, item: disagreement.item, recordID: state.sample.items[disagreement.item].recordID,
                                      question: disagreement.question, answer: key == .character("y"), settles: true, time: "")
            return [.store(answer, .answer(previous: nil))]
        case .left: state.mode = .settling(max(0, position - 1))
        case .right: state.mode = .settling(min(open.count - 1, position + 1))
        default: break
        }
        state.scroll = 0
        return []
    }
}
