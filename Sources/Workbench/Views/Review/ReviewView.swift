import QualityReview
import ReviewScreen
import Terminal

/// The Review view: a person's quality review of the pool (the paper's Table 2), the same
/// screen as `selfinstruct review`, inside the workbench. It opens the review beside the
/// pool the first time it shows (`:review NAME` for another reviewer): the sample stored in
/// `pool.review.jsonl`, drawn from the pool's accepted tasks when there is none yet.
public struct ReviewView: WorkbenchComponent {
    /// The tab.
    public static let view = WorkbenchView("Review")
    /// Its keys.
    public static let keys = [
        KeyHelp("y / n", "answer the question asked yes / no (settling: settle it), then on"),
        KeyHelp("u", "undo your last answer of this session (Ctrl-R still redoes pool actions)"),
        KeyHelp("Tab", "the task's next question"),
        KeyHelp("← / →", "the previous / next task (settling: disagreement)"),
        KeyHelp("t", "the table: percent yes with 95% intervals, kappa between reviewers"),
        KeyHelp("D", "settle the reviewers' disagreements one by one (D or Esc: back)"),
        KeyHelp("L", "the pool's guidelines"),
    ]
    /// y, n, u, Tab, t, D and the arrows answer, undo and move in the review, not in the pool.
    public static let claimedKeys: Set<Key> = [
        .character("y"), .character("n"), .character("u"), .tab, .character("t"), .character("D"), .left, .right, .escape,
    ]

    /// The review on screen, once opened.
    public private(set) var screen: ReviewState?
    /// Whether the pool has loaded, so a sample can be drawn from it.
    private var poolLoaded = false
    /// Where opening the review stands while none is on screen.
    private var opening = Opening.notAsked

    /// Where opening the review stands.
    private enum Opening: Sendable {
        /// Not asked for yet: showing the view asks.
        case notAsked
        /// Asked for; the effect runner has not answered yet.
        case asked
        /// It could not open, for this reason; a change to the pool lets showing the view ask again.
        case unavailable(String)
    }

    /// The Review view.
    public init() {}

    public mutating func update(_ event: ComponentEvent, _ context: inout WorkbenchContext) -> [WorkbenchCommand] {
        switch event {
        case .poolLoaded:
            poolLoaded = true
        case .refresh where poolLoaded && screen == nil:
            if case .notAsked = opening { return open(reviewer: nil, context) }
        case .poolChanged:
            if case .unavailable = opening { opening = .notAsked }
        case .key(let key):
            return apply(.key(key))
        case .move(let offset):
            return apply(.key(offset > 0 ? .down : .up))
        case .find:
            context.say("search finds records in the lists (2 Pool, 3 Rejections); the review has none to search")
        case .refresh, .decided, .nextPending, .command, .curation, .evaluation:
            break
        }
        return []
    }

    /// Asks for the review of `reviewer` (nil: the user's name) over the pool's sample.
    mutating func open(reviewer: String?, _ context: WorkbenchContext) -> [WorkbenchCommand] {
        opening = .asked
        return [.openReview(reviewer: reviewer, ReviewSample.candidates(in: context.pool.entries))]
    }

    /// Takes what the effect runner reports about the review; returns the work to do next
    /// (an answer typed while the last one was stored).
    mutating func receive(_ report: ReviewReport) -> [WorkbenchCommand] {
        switch report {
        case .opened(let state):
            screen = state
        case .screen(let event):
            return apply(event)
        case .unavailable(let reason):
            screen = nil
            opening = .unavailable(reason)
        }
        return []
    }

    /// Hands `event` to the review screen and turns what it asks for into commands.
    private mutating func apply(_ event: ReviewEvent) -> [WorkbenchCommand] {
        guard var screen else { return [] }
        let effects = ReviewScreen.update(&screen, event)
        self.screen = screen
        return effects.map { effect in
            switch effect {
            case .store(let answer, let change): .storeReview(answer, change)
            }
        }
    }

    public func selection(_ context: WorkbenchContext) -> Selection? { nil }

    public func draw(into grid: inout CellGrid, rect: Rect, _ context: WorkbenchContext) {
        guard let screen else {
            let notice = switch opening {
            case .notAsked, .asked: "opening the review…"
            case .unavailable(let reason): reason
            }
            PaneDrawing.box(&grid, rect, title: "Review", focused: true)
            _ = PaneDrawing.paragraph(&grid, rect.inset(by: 1), TextSanitizer.singleLine(notice), maxLines: rect.height - 2)
            return
        }
        ReviewScreen.draw(screen, into: &grid, rect: rect)
    }
}

/// What the effect runner reports about the review.
public enum ReviewReport: Sendable {
    /// The review is open: its sample and everyone's answers so far.
    case opened(ReviewState)
    /// Something for the review screen (an answer stored, or not).
    case screen(ReviewEvent)
    /// No review can open; the reason says why and what to do.
    case unavailable(String)
}
