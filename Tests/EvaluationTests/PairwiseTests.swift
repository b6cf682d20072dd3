import Evaluation
import Foundation
import RatingScreen
import Terminal
import TestSupport
import Testing

/// Eight tasks answered by two systems whose names must never reach the screen, and by a
/// third that is not compared.
private func makeEvaluation(in folder: TemporaryFolder) throws -> EvaluationFolder {
    let evaluation = try EvaluationFolder(path: folder.file("eval").path, creating: true, blindSeed: 11)
    let tasks = (1...8).map { EvaluationTask(id: "t\($0)", instruction: "Name the number \($0).", input: "", reference: "\($0)") }
    try evaluation.add(tasks: tasks)
    for system in ["zebra-secret", "okapi-hidden", "gnu-other"] {
        try evaluation.add(responses: tasks.map { SystemResponse(taskID: $0.id, system: system, text: "\($0.reference) says \(system.prefix(1))", provenance: .null) })
    }
    return evaluation
}

private let pair = SystemPair("zebra-secret", "okapi-hidden")

/// Feeds `keys` to the screen, storing what it asks for in `folder` as `RatingLoop` does.
private func press(_ keys: [Key], _ state: inout PairwiseState, storingIn folder: EvaluationFolder) throws {
    for key in keys { state.handle(key, storingIn: folder) { "now" } }
}

private func keys(_ text: String) -> [Key] { text.map { .character($0) } }

@Suite(.serialized) struct PairwiseTests {
    init() { setlocale(LC_ALL, "C.UTF-8") }

    @Test func signTestPValuesAreTheHandComputedOnes() {
        // 8 wins, 2 losses: 2·(C(10,0) + C(10,1) + C(10,2))/2¹⁰ = 2·56/1024.
        #expect(abs(SignTest.pValue(wins: 8, losses: 2) - 0.109375) < 1e-12)
        #expect(abs(SignTest.pValue(wins: 2, losses: 8) - 0.109375) < 1e-12)
        // 10 to 0: 2/1024; 3 to 1: 2·5/16; an even split and no comparisons: 1.
        #expect(abs(SignTest.pValue(wins: 10, losses: 0) - 0.001953125) < 1e-12)
        #expect(abs(SignTest.pValue(wins: 3, losses: 1) - 0.625) < 1e-12)
        #expect(SignTest.pValue(wins: 5, losses: 5) == 1)
        #expect(SignTest.pValue(wins: 0, losses: 0) == 1)
        // Large counts stay finite: 600 to 400 is far below 1e-9.
        #expect(SignTest.pValue(wins: 600, losses: 400) < 1e-9)
    }

    @Test func bothSidesShowNoSystemNameAtEitherWidthAndEachSystemIsShownFirstSometimes() throws {
        try withTemporaryFolder { folder in
            let evaluation = try makeEvaluation(in: folder)
            var state = PairwiseState(folder: evaluation, pair: pair, rater: "ann", size: Size(width: 80, height: 24))
            #expect(state.items.count == 8)
            #expect(Set(state.items.map(\.shownFirst)) == ["zebra-secret", "okapi-hidden"])
            for step in 0..<state.items.count {
                for size in [Size(width: 80, height: 24), Size(width: 120, height: 30)] {
                    state.size = size
                    let text = PairwiseScreen.render(state).lines().joined(separator: "\n")
                    #expect(!text.contains("zebra") && !text.contains("okapi") && !text.contains("gnu"), "step \(step)\n\(text)")
                    #expect(text.contains("1  response 1 is better") && text.contains("= tie · n note"))
                    #expect(text.contains("Response 1 · \(size.width >= 100 ? "left" : "top")"))
                }
                try press(step.isMultiple(of: 3) ? keys("r2") : keys("1"), &state, storingIn: evaluation)
            }
            #expect(state.isComplete)
            #expect(PairwiseScreen.render(state).lines().joined().contains("8 of 8 judged"))
        }
    }

    @Test func choicesLandInThePairwiseFileAsSeenAndUndoWithdrawsThem() throws {
        try withTemporaryFolder { folder in
            let evaluation = try makeEvaluation(in: folder)
            var state = PairwiseState(folder: evaluation, pair: pair, rater: "ann", size: Size(width: 80, height: 24))
            let first = try #require(state.item)
            try press(keys("1"), &state, storingIn: evaluation)
            let second = try #require(state.item)
            try press(keys("t"), &state, storingIn: evaluation)
            #expect(state.choices == [first.taskID: .first, second.taskID: .tie])
            try press(keys("u"), &state, storingIn: evaluation)
            #expect(state.choices == [first.taskID: .first])
            #expect(state.item == second)
            let records = try jsonLines(folder.file("eval/pairwise/ann.jsonl"))
            #expect(records.map { $0["choice"]?.stringValue } == ["first", "tie", nil])
            #expect(records.first?["shown_first"]?.stringValue == first.shownFirst)
            #expect(records.first?["pair"] == .array([.string("okapi-hidden"), .string("zebra-secret")]))
            // The A–D ratings are not touched, and the folder reads back without problems.
            #expect(!FileManager.default.fileExists(atPath: folder.file("eval/ratings/ann.jsonl").path))
            let reopened = try EvaluationFolder(path: evaluation.path, creating: false)
            #expect(reopened.problems.isEmpty)
            let book = PairwiseBook(reopened.pairwiseRecords)
            #expect(book.standing["ann"]?.values.map(\.winner) == [first.shownFirst])
        }
    }

    @Test func aNoteIsSavedWithTheChoiceOrAtOnceOnAJudgedTaskAndUndoRestoresTheOneBefore() throws {
        try withTemporaryFolder { folder in
            let evaluation = try makeEvaluation(in: folder)
            var state = PairwiseState(folder: evaluation, pair: pair, rater: "ann", size: Size(width: 120, height: 30))
            let first = try #require(state.item)
            // A note before the choice waits for it; Escape drops an edit.
            try press(keys("nshorter, same facts") + [.enter], &state, storingIn: evaluation)
            #expect(!FileManager.default.fileExists(atPath: folder.file("eval/pairwise/ann.jsonl").path))
            #expect(PairwiseScreen.render(state).lines().contains { $0.contains("note kept; it is saved with the choice") })
            try press(keys("1"), &state, storingIn: evaluation)
            try press([.left] + keys("nxyz") + [.escape], &state, storingIn: evaluation)
            #expect(state.item == first)
            #expect(PairwiseScreen.render(state).lines().contains { $0.contains("note: shorter, same facts") })
            // On a judged task, Enter saves the note at once with the standing choice.
            try press(keys("n") + [.control("u")] + keys("both wrong, 1 less so") + [.enter], &state, storingIn: evaluation)
            try press(keys("u"), &state, storingIn: evaluation)
            let records = try jsonLines(folder.file("eval/pairwise/ann.jsonl"))
            #expect(records.map { $0["choice"]?.stringValue } == ["first", "first", "first"])
            #expect(records.map { $0["note"]?.stringValue } == ["shorter, same facts", "both wrong, 1 less so", "shorter, same facts"])
            #expect(state.notes[first.taskID] == "shorter, same facts")
            let resumed = PairwiseState(folder: try EvaluationFolder(path: evaluation.path, creating: false), pair: pair, rater: "ann", size: state.size)
            #expect(resumed.notes == [first.taskID: "shorter, same facts"])
            #expect(!PairwiseScreen.render(state).lines().joined().contains("zebra"))
        }
    }

    @Test func aNewSessionResumesAtTheFirstUnjudgedTaskWithTheChoicesOnTheSameSides() throws {
        try withTemporaryFolder { folder in
            let evaluation = try makeEvaluation(in: folder)
            var state = PairwiseState(folder: evaluation, pair: pair, rater: "bob", size: Size(width: 120, height: 30))
            try press(keys("12="), &state, storingIn: evaluation)
            // The pair named the other way round is the same comparison.
            let resumed = PairwiseState(folder: try EvaluationFolder(path: evaluation.path, creating: false),
                                        pair: SystemPair("okapi-hidden", "zebra-secret"), rater: "bob", size: state.size)
            #expect(resumed.current == 3)
            #expect(resumed.choices == state.choices)
            #expect(resumed.items == state.items)
            let other = PairwiseState(folder: evaluation, pair: SystemPair("gnu-other", "okapi-hidden"), rater: "bob", size: state.size)
            #expect(other.choices.isEmpty)
        }
    }

    @Test func summaryAndReportCountWinsTiesAndLossesWithTheSignTest() throws {
        try withTemporaryFolder { folder in
            let evaluation = try makeEvaluation(in: folder)
            // ann: okapi wins 5 (t1–t5), zebra wins 1 (t6), a tie (t7); bob: okapi wins t1,
            // zebra wins t2. Pooled: okapi 6 wins, zebra 2, 1 tie; p = 2·(1 + 8 + 28)/256.
            let ann: [(String, String?)] = [("t1", "okapi-hidden"), ("t2", "okapi-hidden"), ("t3", "okapi-hidden"),
                                           ("t4", "okapi-hidden"), ("t5", "okapi-hidden"), ("t6", "zebra-secret"), ("t7", nil)]
            let bob: [(String, String?)] = [("t1", "okapi-hidden"), ("t2", "zebra-secret")]
            for (rater, list) in [("ann", ann), ("bob", bob)] {
                for (task, winner) in list {
                    // Shown first is always zebra here, so the choice follows from the winner.
                    let choice: PairwiseChoice = winner == nil ? .tie : winner == "zebra-secret" ? .first : .second
                    try evaluation.add(judgement: PairwiseJudgement(taskID: task, pair: pair, shownFirst: "zebra-secret",
                                                                    choice: choice, rater: rater, time: "now"))
                }
            }
            let summary = EvaluationSummary(try EvaluationFolder(path: evaluation.path, creating: false))
            let tally = try #require(summary.pairwise.first)
            #expect(summary.pairwise.count == 1)
            #expect([tally.wins, tally.ties, tally.losses] == [6, 1, 2] as [Int])
            #expect(abs(tally.signTestP - 74.0 / 256.0) < 1e-12)
            let json = try #require(summary.json["pairwise"]?.arrayValue?.first)
            #expect(json["systems"] == .array([.string("okapi-hidden"), .string("zebra-secret")]))
            #expect(json["wins"] == .number(6) && json["ties"] == .number(1) && json["losses"] == .number(2))
            #expect(EvaluationReport.markdown(summary).contains("| okapi-hidden | zebra-secret | 6 | 1 | 2 | 0.2891 |"))
            let csv = try #require(EvaluationReport.files(summary).first { $0.name == "pairwise.csv" }?.text)
            #expect(csv == "first,second,wins,ties,losses,sign_test_p\nokapi-hidden,zebra-secret,6,1,2,\(tally.signTestP)\n")
        }
    }

    @Test func theFirstScreenMatchesItsSnapshotsStackedAndSideBySide() throws {
        try withTemporaryFolder { folder in
            let evaluation = try makeEvaluation(in: folder)
            for size in [Size(width: 80, height: 24), Size(width: 120, height: 30)] {
                var state = PairwiseState(folder: evaluation, pair: pair, rater: "ann", size: size)
                try press(keys("r"), &state, storingIn: evaluation)
                let actual = PairwiseScreen.render(state).lines().joined(separator: "\n") + "\n"
                let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
                    .appendingPathComponent("Snapshots/pairwise-\(size.width)x\(size.height).txt")
                if ProcessInfo.processInfo.environment["SNAPSHOT_RECORD"] == "1" {
                    try actual.write(to: url, atomically: true, encoding: .utf8)
                }
                #expect(actual == (try String(contentsOf: url, encoding: .utf8)), "SNAPSHOT_RECORD=1 re-records it\n\(actual)")
            }
        }
    }
}
