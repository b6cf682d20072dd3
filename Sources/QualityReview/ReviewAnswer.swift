import JSONLines

/// A reviewer's yes or no to one question about one item, the withdrawal of an earlier one
/// (an undo), or the answer that settles a disagreement between reviewers. Appended to the
/// review file; the latest per reviewer, item and question holds (per item and question for
/// settlements).
public struct ReviewAnswer: Sendable, Hashable {
    /// Who answered (for a settlement: who settled it).
    public var reviewer: String
    /// The item's number in the sample.
    public var item: Int
    /// The pool record the item comes from (for readers of the file; not read back).
    public var recordID: String
    /// The question answered.
    public var question: ReviewQuestion
    /// Yes (true) or no (false); nil withdraws the earlier answer.
    public var answer: Bool?
    /// Whether this settles a disagreement (it then holds over every reviewer's answer).
    public var settles: Bool
    /// When, as ISO 8601 text.
    public var time: String

    /// An answer with the given fields.
    public init(reviewer: String, item: Int, recordID: String, question: ReviewQuestion, answer: Bool?, settles: Bool = false, time: String) {
        self.reviewer = reviewer
        self.item = item
        self.recordID = recordID
        self.question = question
        self.answer = answer
        self.settles = settles
        self.time = time
    }

    /// The line stored in the review file: `{"type": "answer" or "settled", "reviewer",
    /// "item", "id", "question", "answer": true, false or null, "time"}`.
    var json: JSONValue {
        .object([
            "type": .string(settles ? "settled" : "answer"), "reviewer": .string(reviewer), "item": .number(item),
            "id": .string(recordID), "question": .string(question.rawValue), "answer": answer.map { .bool($0) } ?? .null,
            "time": .string(time),
        ])
    }

    /// Reads a stored answer or settlement line; nil when a field is missing or of the wrong kind.
    init?(json: JSONValue, settles: Bool) {
        guard let reviewer = json["reviewer"]?.stringValue, let item = json["item"]?.intValue,
              let question = json["question"]?.stringValue.flatMap(ReviewQuestion.init(rawValue:)),
              let answerValue = json["answer"] else { return nil }
        var answer: Bool?
        if answerValue != .null {
            guard let flag = answerValue.boolValue else { return nil }
            answer = flag
        }
        self.init(reviewer: reviewer, item: item, recordID: json["id"]?.stringValue ?? "", question: question,
                  answer: answer, settles: settles, time: json["time"]?.stringValue ?? "")
    }
}
