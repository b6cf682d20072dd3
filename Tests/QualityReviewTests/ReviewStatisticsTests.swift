import QualityReview
import Testing

/// The table, intervals and agreement against figures worked out by hand.
@Suite struct ReviewStatisticsTests {
    /// Ten items. Ann: instruction no on item 9; input no on 8 and 9; output no on 5, 8, 9.
    /// Ben: instruction no on 8 and 9 too; input as Ann; output yes throughout.
    static func book() -> ReviewBook {
        var records: [ReviewAnswer] = []
        func add(_ reviewer: String, _ question: ReviewQuestion, noOn: Set<Int>) {
            for item in 0..<10 {
                records.append(ReviewAnswer(reviewer: reviewer, item: item, recordID: "r\(item)", question: question, answer: !noOn.contains(item), time: ""))
            }
        }
        add("ann", .instruction, noOn: [9])
        add("ann", .input, noOn: [8, 9])
        add("ann", .output, noOn: [5, 8, 9])
        add("ben", .instruction, noOn: [8, 9])
        add("ben", .input, noOn: [8, 9])
        add("ben", .output, noOn: [])
        return ReviewBook(itemCount: 10, records)
    }

    @Test func aReviewersTableHasThePercentYesAndWilsonIntervals() throws {
        let book = Self.book()
        let table = ReviewTable(itemCount: 10) { book.answer("ann", item: $0, $1) }
        #expect(table.rows.map(\.yes) == [9, 8, 7, 7])
        #expect(table.rows.map(\.answered) == [10, 10, 10, 10])
        // 9 of 10, z = 1.959964 (z² = 3.841459): centre (0.9 + z²/20) / (1 + z²/10)
        // = 1.092073 / 1.384146 = 0.788987; half-width z / 1.384146 · √(0.9·0.1/10 + z²/400)
        // = 1.416010 · √0.0186037 = 0.193137; so 0.595850 … 0.982124.
        let instruction = table.rows[0].share
        #expect(abs(instruction.share - 0.9) < 1e-12)
        #expect(abs(instruction.lower - 0.595850) < 1e-6)
        #expect(abs(instruction.upper - 0.982124) < 1e-6)
        // 7 of 10: centre (0.7 + 0.192073) / 1.384146 = 0.644493; half-width
        // 1.416010 · √(0.021 + 0.0096037) = 1.416010 · 0.174939 = 0.247715; so 0.396778 … 0.892209.
        let output = table.rows[2].share
        #expect(abs(output.lower - 0.396778) < 1e-6)
        #expect(abs(output.upper - 0.892209) < 1e-6)
        #expect(ReviewSummary.percent(table.rows[3]) == "70.0% (39.7–89.2)")
    }

    @Test func kappaPerQuestionBetweenTwoReviewers() throws {
        let agreement = ReviewAgreement("ann", "ben", in: Self.book())
        // Instruction: both yes on 8, Ann yes and Ben no on item 8, both no on item 9.
        // pₒ = 9/10; pₑ = 0.9·0.8 + 0.1·0.2 = 0.74; κ = 0.16 / 0.26 = 0.615385.
        let instruction = try #require(agreement.questions[0].kappa)
        #expect(abs(instruction - 0.16 / 0.26) < 1e-12)
        #expect(agreement.questions[0].items == 10)
        // Input: the same answers, both kinds: κ = 1.
        #expect(agreement.questions[1].kappa == 1)
        // Output: Ann 7 yes 3 no, Ben yes throughout: pₒ = 0.7, pₑ = 0.7·1 + 0.3·0 = 0.7, κ = 0.
        #expect(agreement.questions[2].kappa == 0)
        #expect(agreement.disagreements == 4)
        #expect(agreement.unsettled == 4)
    }

    @Test func theAgreedTableLeavesOutUnsettledDisagreementsAndUsesSettledAnswers() {
        var book = Self.book()
        #expect(book.disagreements().map { "\($0.item)\($0.question.rawValue)" } == ["5output", "8instruction", "8output", "9output"])
        // Instruction: items 0–7 agreed yes, item 8 left out, item 9 agreed no: 8 of 9. Output:
        // 5, 8 and 9 left out, the other 7 yes. All fields: the 7 items with three agreed answers.
        var table = ReviewTable(itemCount: 10) { book.agreed(item: $0, $1) }
        #expect(table.rows.map(\.yes) == [8, 8, 7, 7])
        #expect(table.rows.map(\.answered) == [9, 10, 7, 7])
        book.apply(ReviewAnswer(reviewer: "ann", item: 8, recordID: "r8", question: .instruction, answer: false, settles: true, time: ""))
        book.apply(ReviewAnswer(reviewer: "ann", item: 5, recordID: "r5", question: .output, answer: true, settles: true, time: ""))
        // Settled: item 8's instruction no (8 of 10), item 5's output yes (8 of 8, all fields 8 of 8).
        table = ReviewTable(itemCount: 10) { book.agreed(item: $0, $1) }
        #expect(table.rows.map(\.yes) == [8, 8, 8, 8])
        #expect(table.rows.map(\.answered) == [10, 10, 8, 8])
        #expect(book.disagreements().count == 2)
        #expect(book.disagreements(includingSettled: true).count == 4)
        // Withdrawing a settlement opens the disagreement again.
        book.apply(ReviewAnswer(reviewer: "ann", item: 5, recordID: "r5", question: .output, answer: nil, settles: true, time: ""))
        #expect(book.disagreements().count == 3)
    }

    @Test func theLatestAnswerHoldsAndAnUndoWithdrawsIt() {
        let book = ReviewBook(itemCount: 2, [
            ReviewAnswer(reviewer: "ann", item: 0, recordID: "a", question: .input, answer: true, time: ""),
            ReviewAnswer(reviewer: "ann", item: 0, recordID: "a", question: .input, answer: false, time: ""),
            ReviewAnswer(reviewer: "ann", item: 1, recordID: "b", question: .input, answer: true, time: ""),
            ReviewAnswer(reviewer: "ann", item: 1, recordID: "b", question: .input, answer: nil, time: ""),
        ])
        #expect(book.answer("ann", item: 0, .input) == false)
        #expect(book.answer("ann", item: 1, .input) == nil)
        #expect(book.completed(by: "ann") == 0)
    }
}
