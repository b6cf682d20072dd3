import Evaluation
import Terminal

/// One task of a pairwise comparison as the rater sees it: which system's response is shown
/// first (left, or top) and which second, drawn blind from the evaluation's seed.
public struct PairwiseItem: Sendable, Hashable {
    /// The task.
    public var taskID: String
    /// The system whose response is shown first.
    public var shownFirst: String
    /// The system whose response is shown second.
    public var shownSecond: String
}

/// What the pairwise screen shows and remembers: the tasks both systems answered, each with
/// its blind sides, the rater's choices so far, where they are and what they can undo. A
/// plain value; its `RatingSession` conformance changes it and `PairwiseScreen.render` draws it.
public struct PairwiseState: Sendable {
    /// Who is judging.
    public let rater: String
    /// The two systems compared.
    public let pair: SystemPair
    /// The tasks both systems answered, in the order they were imported.
    public let items: [PairwiseItem]
    /// The tasks by id.
    let tasks: [String: EvaluationTask]
    /// Each task's two response texts, as shown: first, then second.
    let responses: [String: [String]]
    /// Each task's place among the evaluation's tasks, from 1.
    let taskNumbers: [String: Int]
    /// The rater's standing choices, by task id.
    public internal(set) var choices: [String: PairwiseChoice]
    /// The rater's notes on their judged tasks, by task id.
    public internal(set) var notes: [String: String]
    /// The note being written, and notes on tasks not judged yet (saved with the choice).
    var noteDrafts = NoteDrafts<String>()
    /// The index of the task on screen.
    public internal(set) var current = 0
    /// Choices made this session, latest last, each with the choice and note it replaced.
    var undoStack: [(taskID: String, previous: PairwiseChoice?, previousNote: String?)] = []
    /// Whether the task's reference output is shown.
    public internal(set) var showsReference = false
    /// The first line of the responses shown (both scroll together).
    var scroll = 0
    /// A line for the rater: what was stored, or what went wrong.
    public internal(set) var message: (text: String, isError: Bool)?
    /// True once the rater has quit.
    public internal(set) var hasQuit = false
    /// The terminal's size.
    public var size: Size

    /// The state for `rater` comparing `pair` over `folder`, starting at the first task they
    /// have not judged.
    public init(folder: EvaluationFolder, pair: SystemPair, rater: String, size: Size) {
        self.rater = rater
        self.pair = pair
        self.size = size
        let first = folder.responses[pair.first] ?? [:], second = folder.responses[pair.second] ?? [:]
        var items: [PairwiseItem] = [], texts: [String: [String]] = [:]
        for task in folder.tasks {
            guard let a = first[task.id], let b = second[task.id] else { continue }
            let order = BlindOrder.systems([pair.first, pair.second], for: task.id, seed: folder.blindSeed)
            items.append(PairwiseItem(taskID: task.id, shownFirst: order[0], shownSecond: order[1]))
            texts[task.id] = order[0] == pair.first ? [a.text, b.text] : [b.text, a.text]
        }
        self.items = items
        responses = texts
        tasks = Dictionary(uniqueKeysWithValues: folder.tasks.map { ($0.id, $0) })
        taskNumbers = Dictionary(uniqueKeysWithValues: folder.tasks.enumerated().map { ($1.id, $0 + 1) })
        var choices: [String: PairwiseChoice] = [:], notes: [String: String] = [:]
        for (key, judgement) in PairwiseBook(folder.pairwiseRecords).standing[rater] ?? [:] where key.pair == pair {
            // From the stored winner, not the stored side, so the sides on screen decide.
            guard let item = items.first(where: { $0.taskID == key.taskID }) else { continue }
            choices[key.taskID] = switch judgement.winner {
            case item.shownFirst?: .first
            case item.shownSecond?: .second
            default: .tie
            }
            notes[key.taskID] = judgement.note
        }
        self.choices = choices
        self.notes = notes
        current = items.firstIndex { choices[$0.taskID] == nil } ?? 0
    }

    /// The task on screen, if both systems answered any.
    public var item: PairwiseItem? { items.indices.contains(current) ? items[current] : nil }

    /// True when every task has the rater's choice.
    public var isComplete: Bool { !items.isEmpty && choices.count >= items.count }

    /// The index of the first unjudged task after `index`, wrapping around; nil when all
    /// are judged.
    func nextUnjudged(after index: Int) -> Int? {
        guard !items.isEmpty else { return nil }
        for step in 1...items.count {
            let candidate = (index + step) % items.count
            if choices[items[candidate].taskID] == nil { return candidate }
        }
        return nil
    }
}
