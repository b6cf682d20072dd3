import Evaluation
import Foundation
import Terminal

/// Runs the rating screen on a terminal: draws the state, waits for a key, feeds it to
/// `RatingScreen.update`, and stores each grade (durably, in the rater's file) before the
/// screen shows it as given. Use from one thread only, as ncurses wants.
public final class RatingLoop {
    private let screen: NcursesScreen
    private let folder: EvaluationFolder
    private var state: RatingState

    /// A loop showing `state` on `screen` and storing grades in `folder`.
    public init(screen: NcursesScreen, folder: EvaluationFolder, state: RatingState) {
        self.screen = screen
        self.folder = folder
        self.state = state
        self.state.size = screen.size
    }

    /// Runs until the rater quits; returns the last state.
    public func run() -> RatingState {
        screen.flush(RatingScreen.render(state))
        while !state.hasQuit {
            switch screen.nextEvent(timeout: nil) {
            case .key(.resize)?: apply(.resized(screen.size))
            case .key(let key)?: apply(.key(key))
            case .woken?, nil: continue
            }
            screen.flush(RatingScreen.render(state))
        }
        return state
    }

    private func apply(_ event: RatingEvent) {
        for effect in RatingScreen.update(&state, event) {
            switch effect {
            case .store(let item, let grade, let note, let change):
                let rating = Rating(taskID: item.taskID, system: item.system, rater: state.rater, grade: grade,
                                    note: note, time: Date().formatted(.iso8601))
                do {
                    try folder.add(rating: rating)
                    apply(.stored(item, grade, note: note, change))
                } catch {
                    apply(.failed("the grade was not saved: \(error)"))
                }
            }
        }
    }
}
