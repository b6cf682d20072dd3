import Foundation
import JSONLines

/// A review's results: the paper's Table 2 over the agreed answers (settled where reviewers
/// disagreed), each reviewer's own table, and the agreement between every two reviewers.
public struct ReviewSummary: Sendable {
    /// The sample reviewed.
    public var sample: ReviewSample
    /// The table of the answers that count: the settled one, else the one the reviewers
    /// who answered share; unsettled disagreements left out.
    public var agreed: ReviewTable
    /// Each reviewer's table and how many items they completed, in name order.
    public var reviewers: [(name: String, completed: Int, table: ReviewTable)]
    /// Every two reviewers' agreement.
    public var agreement: [ReviewAgreement]
    /// Disagreements not settled yet.
    public var unsettled: Int

    /// The summary of `book` over `sample`.
    public init(sample: ReviewSample, book: ReviewBook) {
        self.sample = sample
        agreed = ReviewTable(itemCount: book.itemCount) { book.agreed(item: $0, $1) }
        let names = book.reviewers
        reviewers = names.map { name in
            (name, book.completed(by: name), ReviewTable(itemCount: book.itemCount) { book.answer(name, item: $0, $1) })
        }
        agreement = names.enumerated().flatMap { index, first in names[(index + 1)...].map { ReviewAgreement(first, $0, in: book) } }
        unsettled = book.disagreements().count
    }

    /// `{"sample": {"seed", "requested", "eligible", "items"}, "table": {…}, "unsettled",
    /// "reviewers": {NAME: {"completed", "table"}}, "agreement": [{"reviewers", "kappa":
    /// {QUESTION: {"items", "kappa"}}, "disagreements", "unsettled"}]}`.
    public var json: JSONValue {
        .object([
            "sample": .object([
                "seed": .number(sample.seed), "requested": .number(sample.requested),
                "eligible": .number(sample.eligible), "items": .number(sample.items.count),
            ]),
            "table": agreed.json,
            "unsettled": .number(unsettled),
            "reviewers": .object(reviewers.map { ($0.name, .object(["completed": .number($0.completed), "table": $0.table.json])) }),
            "agreement": .array(agreement.map { pair in
                .object([
                    "reviewers": .array([.string(pair.reviewers.0), .string(pair.reviewers.1)]),
                    "kappa": .object(pair.questions.map { ($0.question.rawValue, .object(["items": .number($0.items), "kappa": $0.kappa.map { .number($0) } ?? .null])) }),
                    "disagreements": .number(pair.disagreements), "unsettled": .number(pair.unsettled),
                ])
            }),
        ])
    }

    /// The summary as text lines: the table with percentages and intervals, then each
    /// reviewer's shares, then agreement.
    public var lines: [String] {
        var lines = ["\(sample.items.count) tasks sampled (seed \(sample.seed)) of \(sample.eligible) accepted with instances; "
            + (reviewers.isEmpty ? "no answers yet" : "reviewed by " + reviewers.map { "\($0.name) (\($0.completed) done)" }.joined(separator: ", "))]
        lines.append(Self.pad("", "yes", "of", "share (95% CI)"))
        for row in agreed.rows {
            lines.append(Self.pad(row.label, String(row.yes), String(row.answered), Self.percent(row)))
        }
        if unsettled > 0 {
            lines.append("\(Self.count(unsettled, "disagreement")) not settled yet, left out of the table (D in the review screen settles them)")
        }
        if reviewers.count > 1 {
            for reviewer in reviewers {
                lines.append("\(reviewer.name): " + reviewer.table.rows.map { "\($0.key) \(Self.percent($0))" }.joined(separator: ", "))
            }
        }
        for pair in agreement {
            let kappas = pair.questions.map { "\($0.question.rawValue) \($0.kappa.map { String(format: "%.3f", $0) } ?? "undefined") (\($0.items))" }
            lines.append("agreement \(pair.reviewers.0) · \(pair.reviewers.1): κ " + kappas.joined(separator: ", ")
                + "; \(Self.count(pair.disagreements, "disagreement")), \(pair.unsettled) unsettled")
        }
        return lines
    }

    /// `92.0% (88.1–94.7)`, or `—` for a row nobody answered.
    public static func percent(_ row: ReviewTable.Row) -> String {
        guard row.answered > 0 else { return "—" }
        let share = row.share
        return String(format: "%.1f%% (%.1f–%.1f)", share.share * 100, share.lower * 100, share.upper * 100)
    }

    /// `1 disagreement`, `3 disagreements`.
    private static func count(_ number: Int, _ noun: String) -> String { "\(number) \(noun)\(number == 1 ? "" : "s")" }

    private static func pad(_ label: String, _ yes: String, _ of: String, _ share: String) -> String {
        label.padding(toLength: 82, withPad: " ", startingAt: 0) + yes.leftPadded(5) + of.leftPadded(5) + "  " + share
    }
}

private extension String {
    func leftPadded(_ width: Int) -> String { String(repeating: " ", count: max(0, width - count)) + self }
}
