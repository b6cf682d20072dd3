import Foundation
import QualityReview
import ReviewScreen
import Terminal
import Testing

/// The review screen's reducer, fed keys and the stored-answer events its loop would send,
/// and its frames against snapshots under Snapshots/ (SNAPSHOT_RECORD=1 re-records them).
@Suite("Review screen", .serialized)
struct ReviewScreenTests {
    init() {
        setlocale(LC_ALL, "C.UTF-8")
    }

    static let sample = ReviewSample(seed: 3, requested: 3, eligible: 5, items: [
        ReviewItem(number: 0, recordID: "r1-0", instance: 0, instruction: "Name the capital of the country.", input: "France", output: "Paris"),
        ReviewItem(number: 1, recordID: "r1-1", instance: 1, instruction: "Summarise \u{1B}]0;pwned\u{07}this text.", input: "", output: "A line.\u{9B}1m"),
        ReviewItem(number: 2, recordID: "r1-2", instance: 0, instruction: "Add the two numbers.", input: "2, 3", output: "5"),
    ], time: "t")

    /// Feeds `keys` as the loop would: each effect stored at once and reported back.
    static func press(_ keys: [Key], _ state: inout ReviewState) -> [ReviewAnswer] {
        var stored: [ReviewAnswer] = []
        for key in keys {
            for case .store(let answer, let change) in ReviewScreen.update(&state, .key(key)) {
                stored.append(answer)
                _ = ReviewScreen.update(&state, .stored(answer, change))
            }
        }
        return stored
    }

    static func keys(_ text: String) -> [Key] { text.map { .character($0) } }

    @Test func startsAtTheFirstOpenQuestionAndMovesOnAfterEachAnswer() {
        let records = ReviewRecords(sample: Self.sample, answers: [
            ReviewAnswer(reviewer: "ann", item: 0, recordID: "r1-0", question: .instruction, answer: true, time: ""),
            ReviewAnswer(reviewer: "ann", item: 0, recordID: "r1-0", question: .input, answer: true, time: ""),
            ReviewAnswer(reviewer: "bob", item: 0, recordID: "r1-0", question: .output, answer: true, time: ""),
        ])
        var state = ReviewState(reviewer: "ann", sample: Self.sample, records: records)
        #expect(state.current == 0 && state.question == .output)
        let stored = Self.press(Self.keys("nyy"), &state)
        #expect(stored.map(\.answer) == [false, true, true])
        #expect(stored.map(\.item) == [0, 1, 1] && stored.map(\.question) == [.output, .instruction, .input])
        #expect(state.current == 1 && state.question == .output && state.completed == 1)
    }

    @Test func undoGoesBackToTheQuestionAndRestoresTheAnswerBefore() {
        var state = ReviewState(reviewer: "ann", sample: Self.sample, records: ReviewRecords(sample: Self.sample))
        _ = Self.press(Self.keys("yyn"), &state)
        #expect(state.current == 1 && state.question == .instruction)
        let undone = Self.press(Self.keys("u"), &state)
        #expect(undone.map(\.answer) == [nil] && undone.map(\.question) == [.output])
        #expect(state.current == 0 && state.question == .output && state.answer(item: 0, .output) == nil)
        // Tab asks another question; re-answering one restores the earlier answer on undo.
        _ = Self.press([.tab], &state)
        #expect(state.question == .instruction)
        _ = Self.press(Self.keys("n"), &state)
        #expect(Self.press(Self.keys("u"), &state).map(\.answer) == [true])
        #expect(Self.press(Self.keys("uu"), &state).map(\.answer) == [nil, nil])
        #expect(state.message?.text == "undone")
        _ = Self.press(Self.keys("u"), &state)
        #expect(state.message?.text == "nothing to undo in this session")
    }

    @Test func settlesDisagreementsOneByOneAndAnUndoReopensOne() {
        let answers = [true, false].flatMap { flag in
            ReviewQuestion.allCases.map { ReviewAnswer(reviewer: flag ? "ann" : "bob", item: 2, recordID: "r1-2", question: $0, answer: flag || $0 == .input, time: "") }
        }
        var state = ReviewState(reviewer: "cat", sample: Self.sample, records: ReviewRecords(sample: Self.sample, answers: answers))
        _ = Self.press(Self.keys("D"), &state)
        #expect(state.mode == .settling(0))
        let settled = Self.press(Self.keys("n"), &state)
        #expect(settled.map(\.settles) == [true] && settled.map(\.question) == [.instruction] && settled.map(\.answer) == [false])
        #expect(ReviewScreen.disagreements(state).map(\.question) == [.output])
        _ = Self.press(Self.keys("u"), &state)
        #expect(ReviewScreen.disagreements(state).map(\.question) == [.instruction, .output] && state.mode == .settling(0))
        _ = Self.press(Self.keys("yy"), &state)
        #expect(ReviewScreen.disagreements(state).isEmpty)
        #expect(state.message?.text == "every disagreement is settled; t shows the table")
        #expect(state.book.agreed(item: 2, .instruction) == true && state.book.agreed(item: 2, .output) == true)
    }

    @Test func oneReviewerHasNothingToSettleAndAFailedStoreChangesNothing() {
        var state = ReviewState(reviewer: "ann", sample: Self.sample, records: ReviewRecords(sample: Self.sample))
        _ = Self.press(Self.keys("D"), &state)
        #expect(state.mode == .answering)
        #expect(state.message?.text == "nothing to settle: disagreements need two reviewers of the same sample")
        let effects = ReviewScreen.update(&state, .key(.character("y")))
        #expect(effects.count == 1)
        _ = ReviewScreen.update(&state, .failed("the answer was not saved: disk full"))
        #expect(state.answer(item: 0, .instruction) == nil && state.question == .instruction)
        #expect(state.message?.isError == true)
    }

    @Test func framesShowTheItemVisiblyTheQuestionsAndTheDisagreement() throws {
        var state = ReviewState(reviewer: "ann", sample: Self.sample, records: ReviewRecords(sample: Self.sample))
        _ = Self.press(Self.keys("yny"), &state)
        try check(ReviewScreen.render(state, size: Size(width: 80, height: 24)), "review-80x24")
        // ann said no to the first item's input, bob yes to everything: one disagreement.
        let answers = ["ann", "bob"].flatMap { name in
            ReviewQuestion.allCases.map { ReviewAnswer(reviewer: name, item: 0, recordID: "r1-0", question: $0, answer: name == "bob" || $0 != .input, time: "") }
        }
        var settling = ReviewState(reviewer: "ann", sample: Self.sample, records: ReviewRecords(sample: Self.sample, answers: answers))
        _ = Self.press(Self.keys("D"), &settling)
        try check(ReviewScreen.render(settling, size: Size(width: 80, height: 24)), "review-settle-80x24")
        _ = Self.press(Self.keys("t"), &settling)
        try check(ReviewScreen.render(settling, size: Size(width: 80, height: 24)), "review-table-80x24")
    }

    private func check(_ grid: CellGrid, _ name: String) throws {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Snapshots/\(name).txt")
        let actual = grid.lines().joined(separator: "\n") + "\n"
        if ProcessInfo.processInfo.environment["SNAPSHOT_RECORD"] == "1" { try actual.write(to: url, atomically: true, encoding: .utf8) }
        #expect(actual == (try String(contentsOf: url, encoding: .utf8)), "snapshot \(name) differs; SNAPSHOT_RECORD=1 re-records it\n\(actual)")
        #expect(!grid.cells.contains { $0.text.unicodeScalars.contains { $0.value < 0x20 || (0x7F...0x9F).contains($0.value) } })
    }
}
