import JSONLines
import Statistics

/// The paper's Table 2 for one set of answers: per question, and for "all fields are
/// valid", how many items were answered, how many yes, and the share with its 95% Wilson
/// interval.
public struct ReviewTable: Sendable {
    /// One row of the table.
    public struct Row: Sendable {
        /// The question; nil for "all fields are valid".
        public var question: ReviewQuestion?
        /// Items answered yes.
        public var yes: Int
        /// Items answered at all (for "all fields", items with all three answers).
        public var answered: Int
        /// yes / answered with its interval.
        public var share: WilsonInterval { WilsonInterval(successes: yes, total: answered) }

        /// The row's label, as the paper's table words it.
        public var label: String { question?.text ?? "All fields are valid" }
        /// The row's key in JSON (`instruction`, `input`, `output`, `all_fields`).
        public var key: String { question?.rawValue ?? "all_fields" }
    }

    /// The three questions' rows, then "all fields are valid".
    public var rows: [Row]

    /// The table of `itemCount` items whose answers `answer` gives (nil: not answered).
    public init(itemCount: Int, answer: (Int, ReviewQuestion) -> Bool?) {
        var rows = ReviewQuestion.allCases.map { Row(question: $0, yes: 0, answered: 0) }
        var all = Row(question: nil, yes: 0, answered: 0)
        for item in 0..<itemCount {
            let answers = ReviewQuestion.allCases.map { answer(item, $0) }
            for (index, given) in answers.enumerated() {
                guard let given else { continue }
                rows[index].answered += 1
                if given { rows[index].yes += 1 }
            }
            if answers.allSatisfy({ $0 != nil }) {
                all.answered += 1
                if answers.allSatisfy({ $0 == true }) { all.yes += 1 }
            }
        }
        self.rows = rows + [all]
    }

    /// `{"instruction": {"yes", "answered", "share", "low", "high"}, …, "all_fields": {…}}`.
    public var json: JSONValue {
        .object(rows.map { row in
            let share = row.share
            return (row.key, .object([
                "yes": .number(row.yes), "answered": .number(row.answered),
                "share": .number(share.share), "low": .number(share.lower), "high": .number(share.upper),
            ]))
        })
    }
}

/// How far two reviewers agree: per question, the items both answered and Cohen's kappa on
/// yes or no over them.
public struct ReviewAgreement: Sendable {
    /// The two reviewers, in name order.
    public var reviewers: (String, String)
    /// Per question: items both answered, and κ (nil when undefined: no common items, or
    /// both gave the one same answer throughout).
    public var questions: [(question: ReviewQuestion, items: Int, kappa: Double?)]
    /// Questions about items they answered differently.
    public var disagreements: Int
    /// Of those, the ones not settled yet.
    public var unsettled: Int

    /// The agreement of `first` and `second` in `book`.
    public init(_ first: String, _ second: String, in book: ReviewBook) {
        reviewers = (first, second)
        questions = ReviewQuestion.allCases.map { question in
            let pairs = (0..<book.itemCount).compactMap { item -> (Bool, Bool)? in
                guard let a = book.answer(first, item: item, question), let b = book.answer(second, item: item, question) else { return nil }
                return (a, b)
            }
            return (question, pairs.count, CohensKappa.kappa(pairs))
        }
        var disagreements = 0, unsettled = 0
        for item in 0..<book.itemCount {
            for question in ReviewQuestion.allCases {
                guard let a = book.answer(first, item: item, question), let b = book.answer(second, item: item, question), a != b else { continue }
                disagreements += 1
                if book.settled[item]?[question] == nil { unsettled += 1 }
            }
        }
        self.disagreements = disagreements
        self.unsettled = unsettled
    }
}
