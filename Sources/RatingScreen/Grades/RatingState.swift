import Evaluation
import Terminal

/// What the rating screen shows and remembers: the responses in blind order, the rater's
/// grades so far, where they are, and what they can undo. A plain value; its
/// `RatingSession` conformance changes it and `RatingScreen.render` draws it.
public struct RatingState: Sendable {
    /// Who is rating.
    public let rater: String
    /// Every response, in the order the rater goes through them (`BlindOrder.items`).
    public let items: [RatedItem]
    /// The tasks by id.
    let tasks: [String: EvaluationTask]
    /// Each response's text.
    let responses: [RatedItem: String]
    /// Each task's place among the tasks, from 1.
    let taskNumbers: [String: Int]
    /// The rater's standing grades.
    public internal(set) var grades: [RatedItem: Grade]
    /// The index of the response on screen.
    public internal(set) var current = 0
    /// The rater's notes on their graded responses.
    public internal(set) var notes: [RatedItem: String]
    /// The note being written, and notes on responses not graded yet (saved with the grade).
    var noteDrafts = NoteDrafts<RatedItem>()
    /// Grades given this session, latest last, each with the grade and note it replaced.
    var undoStack: [(item: RatedItem, previous: Grade?, previousNote: String?)] = []
    /// Whether the task's reference output is shown.
    public internal(set) var showsReference = false
    /// The first line of the response shown (for long responses).
    var scroll = 0
    /// A line for the rater: what was stored, or what went wrong.
    public internal(set) var message: (text: String, isError: Bool)?
    /// True once the rater has quit.
    public internal(set) var hasQuit = false
    /// The terminal's size.
    public var size: Size

    /// Each response's grades from the other raters, in the disagreement queue (shown so
    /// the raters can settle); empty otherwise.
    let othersGrades: [RatedItem: [(rater: String, grade: Grade)]]
    /// True for the disagreement queue.
    public let isQueue: Bool

    /// The state for `rater` over `folder`, starting at the first response they have not
    /// graded; with `disagreementsOnly`, the queue of responses the raters disagree on, in
    /// blind order, each showing the other raters' grades, starting at the first.
    public init(folder: EvaluationFolder, rater: String, size: Size, disagreementsOnly: Bool = false) {
        self.rater = rater
        self.size = size
        let book = RatingBook(folder.ratingRecords)
        isQueue = disagreementsOnly
        if disagreementsOnly {
            let disagreements = book.disagreements
            items = BlindOrder.items(of: folder).filter { disagreements[$0] != nil }
            othersGrades = disagreements.mapValues { $0.filter { $0.key != rater }.sorted { $0.key < $1.key }.map { ($0.key, $0.value) } }
        } else {
            items = BlindOrder.items(of: folder)
            othersGrades = [:]
        }
        tasks = Dictionary(uniqueKeysWithValues: folder.tasks.map { ($0.id, $0) })
        taskNumbers = Dictionary(uniqueKeysWithValues: folder.tasks.enumerated().map { ($1.id, $0 + 1) })
        var texts: [RatedItem: String] = [:]
        for item in items { texts[item] = folder.responses[item.system]?[item.taskID]?.text }
        responses = texts
        let standing = book.standing[rater] ?? [:]
        grades = standing.compactMapValues(\.grade)
        notes = standing.compactMapValues(\.note)
        current = disagreementsOnly ? 0 : items.firstIndex { grades[$0] == nil } ?? 0
    }

    /// The response on screen, if there is any response at all.
    public var item: RatedItem? { items.indices.contains(current) ? items[current] : nil }

    /// True when every response has the rater's grade.
    public var isComplete: Bool { !items.isEmpty && grades.count >= items.count }

    /// How many responses each system has left to grade, smallest first: progress per
    /// system without saying which system is which (the order is the counts', not the systems').
    public var leftPerSystem: [Int] {
        var left: [String: Int] = [:]
        for item in items { left[item.system, default: 0] += grades[item] == nil ? 1 : 0 }
        return left.values.sorted()
    }

    /// How many responses are done: graded, or in the queue, settled.
    var done: Int { isQueue ? items.filter(isSettled).count : grades.count }

    /// Whether the rater's grade of `item` is the other raters' too.
    func isSettled(_ item: RatedItem) -> Bool {
        guard let grade = grades[item] else { return false }
        return (othersGrades[item] ?? []).allSatisfy { $0.grade == grade }
    }

    /// The index of the first ungraded response after `index`, wrapping around; nil when
    /// all are graded.
    func nextUngraded(after index: Int) -> Int? {
        guard !items.isEmpty else { return nil }
        for step in 1...items.count {
            let candidate = (index + step) % items.count
            if grades[items[candidate]] == nil { return candidate }
        }
        return nil
    }
}
