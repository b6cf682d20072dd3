/// The answers that hold: for each reviewer, item and question the latest answer unless it
/// was withdrawn after; for each item and question the latest settlement, likewise.
public struct ReviewBook: Sendable {
    /// How many items the sample has.
    public let itemCount: Int
    /// Reviewer → item → question → yes or no.
    public private(set) var answers: [String: [Int: [ReviewQuestion: Bool]]] = [:]
    /// Item → question → the answer that settled the reviewers' disagreement.
    public private(set) var settled: [Int: [ReviewQuestion: Bool]] = [:]

    /// The book of `records` (read in the order written) over a sample of `itemCount` items.
    public init(itemCount: Int, _ records: [ReviewAnswer] = []) {
        self.itemCount = itemCount
        for record in records { apply(record) }
    }

    /// Takes a new answer, settlement or withdrawal into account.
    public mutating func apply(_ record: ReviewAnswer) {
        if record.settles {
            settled[record.item, default: [:]][record.question] = record.answer
        } else {
            answers[record.reviewer, default: [:]][record.item, default: [:]][record.question] = record.answer
        }
    }

    /// Reviewers with at least one standing answer, sorted.
    public var reviewers: [String] {
        answers.filter { $0.value.values.contains { !$0.isEmpty } }.keys.sorted()
    }

    /// `reviewer`'s answer to `question` about `item`, if they gave one.
    public func answer(_ reviewer: String, item: Int, _ question: ReviewQuestion) -> Bool? {
        answers[reviewer]?[item]?[question]
    }

    /// How many items `reviewer` answered all three questions of.
    public func completed(by reviewer: String) -> Int {
        answers[reviewer]?.values.reduce(0) { $0 + ($1.count == ReviewQuestion.allCases.count ? 1 : 0) } ?? 0
    }

    /// The answer that counts for the review as a whole: the settled one; else the one every
    /// reviewer who answered gave; nil when nobody answered or they disagree unsettled.
    public func agreed(item: Int, _ question: ReviewQuestion) -> Bool? {
        if let settled = settled[item]?[question] { return settled }
        var agreed: Bool?
        for reviewer in answers.keys {
            guard let answer = answers[reviewer]?[item]?[question] else { continue }
            if let earlier = agreed, earlier != answer { return nil }
            agreed = answer
        }
        return agreed
    }

    /// Where reviewers answered the same question about the same item differently, in item
    /// and question order: the unsettled ones only unless `includingSettled`.
    public func disagreements(includingSettled: Bool = false) -> [Disagreement] {
        var found: [Disagreement] = []
        let names = reviewers
        for item in 0..<itemCount {
            for question in ReviewQuestion.allCases {
                let given = names.compactMap { name in answer(name, item: item, question).map { (reviewer: name, answer: $0) } }
                guard Set(given.map(\.answer)).count > 1 else { continue }
                let settlement = settled[item]?[question]
                if settlement == nil || includingSettled {
                    found.append(Disagreement(item: item, question: question, answers: given, settled: settlement))
                }
            }
        }
        return found
    }
}

/// Reviewers' different answers to one question about one item.
public struct Disagreement: Sendable {
    /// The item's number in the sample.
    public var item: Int
    /// The question.
    public var question: ReviewQuestion
    /// Each reviewer's answer, in name order.
    public var answers: [(reviewer: String, answer: Bool)]
    /// The settled answer, if it was settled.
    public var settled: Bool?
}
