import Foundation
import QualityReview
import Terminal

/// Runs the review screen on a terminal of its own (`selfinstruct review`): draws the
/// state, waits for a key, feeds it to `ReviewScreen.update`, and appends each answer to
/// the review file (durably) before the screen shows it as given. Use from one thread only,
/// as ncurses wants.
public final class ReviewLoop {
    private let screen: NcursesScreen
    private let file: ReviewFile
    private var state: ReviewState
    private var size: Size

    /// A loop showing `state` on `screen` and storing answers in `file`.
    public init(screen: NcursesScreen, file: ReviewFile, state: ReviewState) {
        self.screen = screen
        self.file = file
        self.state = state
        size = screen.size
    }

    /// Runs until the reviewer quits; returns the last state.
    public func run() -> ReviewState {
        screen.flush(ReviewScreen.render(state, size: size))
        while !state.hasQuit {
            switch screen.nextEvent(timeout: nil) {
            case .key(.resize)?: size = screen.size
            // On the "terminal too small" notice nothing else shows, so only quitting works.
            case .key(let key)? where !size.contains(ReviewScreen.minimumSize) && key != .character("q") && key != .control("c"): continue
            case .key(let key)?: apply(.key(key))
            case .woken?, nil: continue
            }
            screen.flush(ReviewScreen.render(state, size: size))
        }
        return state
    }

    private func apply(_ event: ReviewEvent) {
        for effect in ReviewScreen.update(&state, event) {
            switch effect {
            case .store(var answer, let change):
                answer.time = Date().formatted(.iso8601)
                do {
                    try file.append(answer)
                    apply(.stored(answer, change))
                } catch {
                    apply(.failed("the answer was not saved: \(error)"))
                }
            }
        }
    }
}
