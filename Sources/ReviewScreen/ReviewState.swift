import QualityReview
import Terminal

/// What the review screen shows and remembers: the sample, the answers that hold, where the
/// reviewer is, and what they can undo. A plain value: `ReviewScreen.update` changes it and
/// `ReviewScreen.draw` draws it, on a terminal of its own (`selfinstruct review`) or as the
/// workbench's Review view.
public struct ReviewState: Sendable {
    /// What the screen is doing.
    public enum Mode: Sendable, Equatable {
        /// Answering the three questions, item by item.
        case answering
        /// Settling the reviewers' disagreements one by one (the index into the open ones).
        case settling(Int)
        /// Showing the table of results.
        case table
    }

    /// Who is reviewing.
    public let reviewer: String
    /// The sample.
    public let sample: ReviewSample
    /// The answers that hold, everyone's.
    public internal(set) var book: ReviewBook
    /// The item on screen while answering.
    public internal(set) var current = 0
    /// The question asked about it.
    public internal(set) var question: ReviewQuestion = .instruction
    /// Answering, settling or the table.
    public internal(set) var mode: Mode = .answering
    /// Answers stored this session, latest last, each with the answer it replaced: what `u`
    /// takes back.
    var undoStack: [ReviewAnswer] = []
    /// Whether an answer is being stored: keys pressed meanwhile wait in `queuedKeys`, so
    /// that each answers the question the one before moved on to.
    var storing = false
    /// Keys pressed while an answer was being stored, in order.
    var queuedKeys: [Key] = []
    /// The first line of the item's text shown.
    var scroll = 0
    /// A line for the reviewer: what was stored, or what went wrong.
    public internal(set) var message: (text: String, isError: Bool)?
    /// The pool's guidelines (nil: none), for `L` on a terminal of its own.
    public var guidelines: String?
    /// Where the guidelines were looked for, for when there are none.
    public var guidelinesPath: String
    /// Whether the guidelines show.
    public internal(set) var showsGuidelines = false
    /// True once the reviewer has quit.
    public internal(set) var hasQuit = false

    /// The screen for `reviewer` over `sample` with `records`' answers, at their first item
    /// not fully answered; lines of the file that could not be read are said at once.
    public init(reviewer: String, sample: ReviewSample, records: ReviewRecords, guidelines: String? = nil, guidelinesPath: String = "") {
        self.reviewer = reviewer
        self.sample = sample
        book = ReviewBook(itemCount: sample.items.count, records.answers)
        self.guidelines = guidelines
        self.guidelinesPath = guidelinesPath
        if let item = nextOpenItem(from: 0) {
            current = item
            question = firstOpenQuestion(of: item) ?? .instruction
        }
        if let problem = records.problems.first {
            message = ("\(records.problems.count) lines of the review file were left out; the first: \(problem)", true)
        }
    }

    /// The item on screen while answering, if the sample has any.
    public var item: ReviewItem? { sample.items.indices.contains(current) ? sample.items[current] : nil }

    /// How many items the reviewer has answered all three questions of.
    public var completed: Int { book.completed(by: reviewer) }

    /// The reviewer's answer to `question` about `item`.
    public func answer(item: Int, _ question: ReviewQuestion) -> Bool? {
        book.answer(reviewer, item: item, question)
    }

    /// The first question about `item` the reviewer has not answered; nil when all are.
    func firstOpenQuestion(of item: Int) -> ReviewQuestion? {
        ReviewQuestion.allCases.first { answer(item: item, $0) == nil }
    }

    /// The first item from `start` on (wrapping around) with a question the reviewer has not
    /// answered; nil when they answered everything.
    func nextOpenItem(from start: Int) -> Int? {
        let count = sample.items.count
        guard count > 0 else { return nil }
        for step in 0..<count where firstOpenQuestion(of: (start + step) % count) != nil {
            return (start + step) % count
        }
        return nil
    }
}
