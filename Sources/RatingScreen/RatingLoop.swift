import Evaluation
import Foundation
import Terminal

/// Runs a rating screen (either kind) on a terminal: draws it, waits for a key, and stores
/// each record the key asks for (durably, in the rater's file) before the screen shows it
/// as done. Use from one thread only, as ncurses wants.
public final class RatingLoop<Session: RatingSession> {
    private let screen: NcursesScreen
    private let folder: EvaluationFolder
    private var session: Session

    /// A loop showing `session` on `screen` and storing its records in `folder`.
    public init(screen: NcursesScreen, folder: EvaluationFolder, session: Session) {
        self.screen = screen
        self.folder = folder
        self.session = session
        self.session.size = screen.size
    }

    /// Runs until the rater quits; returns the last state.
    public func run() -> Session {
        screen.flush(session.render())
        while !session.hasQuit {
            switch screen.nextEvent(timeout: nil) {
            case .key(.resize)?: session.size = screen.size
            case .key(let key)?: session.handle(key, storingIn: folder) { Date().formatted(.iso8601) }
            case .woken?, nil: continue
            }
            screen.flush(session.render())
        }
        return session
    }
}
