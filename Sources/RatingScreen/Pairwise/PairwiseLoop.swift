import Evaluation
import Foundation
import Terminal

/// Runs the pairwise screen on a terminal: draws the state, waits for a key, feeds it to
/// `PairwiseScreen.update`, and stores each choice (durably, in the rater's pairwise file)
/// before the screen shows it as made. Use from one thread only, as ncurses wants.
public final class PairwiseLoop {
    private let screen: NcursesScreen
    private let folder: EvaluationFolder
    private var state: PairwiseState

    /// A loop showing `state` on `screen` and storing choices in `folder`.
    public init(screen: NcursesScreen, folder: EvaluationFolder, state: PairwiseState) {
        self.screen = screen
        self.folder = folder
        self.state = state
        self.state.size = screen.size
    }

    /// Runs until the rater quits; returns the last state.
    public func run() -> PairwiseState {
        screen.flush(PairwiseScreen.render(state))
        while !state.hasQuit {
            switch screen.nextEvent(timeout: nil) {
            case .key(.resize)?: apply(.resized(screen.size))
            case .key(let key)?: apply(.key(key))
            case .woken?, nil: continue
            }
            screen.flush(PairwiseScreen.render(state))
        }
        return state
    }

    private func apply(_ event: PairwiseEvent) {
        for effect in PairwiseScreen.update(&state, event) {
            switch effect {
            case .store(let item, let choice, let isUndo):
                let judgement = PairwiseJudgement(taskID: item.taskID, pair: state.pair, shownFirst: item.shownFirst,
                                                  choice: choice, rater: state.rater, time: Date().formatted(.iso8601))
                do {
                    try folder.add(judgement: judgement)
                    apply(.stored(item, choice, isUndo: isUndo))
                } catch {
                    apply(.failed("the choice was not saved: \(error)"))
                }
            }
        }
    }
}
