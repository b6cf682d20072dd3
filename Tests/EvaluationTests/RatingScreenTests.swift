import Evaluation
import Foundation
import RatingScreen
import Terminal
import TestSupport
import Testing

/// Two tasks answered by two systems whose names must never reach the screen; the second
/// response is long enough to scroll.
private func makeEvaluation(in folder: TemporaryFolder) throws -> EvaluationFolder {
    // A fixed blind seed: the order (and so the snapshot) is the same on every run.
    let evaluation = try EvaluationFolder(path: folder.file("eval").path, creating: true, blindSeed: 7)
    try evaluation.add(tasks: [
        EvaluationTask(id: "t1", instruction: "Translate the word into French.", input: "cat", reference: "chat"),
        EvaluationTask(id: "t2", instruction: "Write a haiku about rain.", input: "", reference: "Soft rain on the roof"),
    ])
    try evaluation.add(responses: [
        SystemResponse(taskID: "t1", system: "zebra-secret", text: " chat", provenance: .null),
        SystemResponse(taskID: "t1", system: "okapi-hidden", text: "le chien\u{1B}[2J", provenance: .null),
        SystemResponse(taskID: "t2", system: "zebra-secret", text: "Rain falls.", provenance: .null),
        SystemResponse(taskID: "t2", system: "okapi-hidden", text: (1...40).map { "line \($0)" }.joined(separator: "\n"), provenance: .null),
    ])
    return evaluation
}

/// Feeds `keys` to the screen, storing what it asks for in `folder` as `RatingLoop` does.
private func press(_ keys: [Key], _ state: inout RatingState, storingIn folder: EvaluationFolder) throws {
    for key in keys { state.handle(key, storingIn: folder) { "now" } }
}

private func keys(_ text: String) -> [Key] { text.map { .character($0) } }

@Suite(.serialized) struct RatingScreenTests {
    init() { setlocale(LC_ALL, "C.UTF-8") }

    @Test func noSystemNameIsEverOnScreenAndModelTextCannotDriveTheTerminal() throws {
        try withTemporaryFolder { folder in
            let evaluation = try makeEvaluation(in: folder)
            var state = RatingState(folder: evaluation, rater: "ann", size: Size(width: 80, height: 24))
            for step in 0..<state.items.count * 2 {
                let text = RatingScreen.render(state).lines().joined(separator: "\n")
                #expect(!text.contains("zebra") && !text.contains("okapi"), "step \(step)\n\(text)")
                #expect(!text.unicodeScalars.contains { $0.value == 0x1B })
                try press(step.isMultiple(of: 2) ? [.character("r")] : keys("b"), &state, storingIn: evaluation)
            }
        }
    }

    @Test func gradesLandInTheRatersFileAndUndoRestoresWhatWasThere() throws {
        try withTemporaryFolder { folder in
            let evaluation = try makeEvaluation(in: folder)
            var state = RatingState(folder: evaluation, rater: "ann", size: Size(width: 80, height: 24))
            let first = try #require(state.item)
            try press(keys("a"), &state, storingIn: evaluation)
            #expect(state.grades == [first: .a])
            #expect(state.current == 1)
            try press([.left] + keys("C"), &state, storingIn: evaluation)
            #expect(state.grades[first] == .c)
            try press(keys("u"), &state, storingIn: evaluation)
            #expect(state.grades[first] == .a)
            try press(keys("u"), &state, storingIn: evaluation)
            #expect(state.grades.isEmpty)
            #expect(state.item == first)
            let lines = try folder.read("eval/ratings/ann.jsonl").split(separator: "\n")
            #expect(lines.map { $0.contains(#""grade": "A""#) } == [true, false, true, false])
            #expect(lines.last?.contains(#""grade": null"#) == true)
            let reopened = RatingState(folder: try EvaluationFolder(path: evaluation.path, creating: false), rater: "ann", size: state.size)
            #expect(reopened.grades.isEmpty)
        }
    }

    @Test func aNewSessionStartsAtTheFirstUngradedResponseAndSaysWhenAllAreGraded() throws {
        try withTemporaryFolder { folder in
            let evaluation = try makeEvaluation(in: folder)
            var state = RatingState(folder: evaluation, rater: "bob", size: Size(width: 80, height: 24))
            try press(keys("ab"), &state, storingIn: evaluation)
            let resumed = RatingState(folder: try EvaluationFolder(path: evaluation.path, creating: false), rater: "bob", size: state.size)
            #expect(resumed.current == 2)
            state = resumed
            try press(keys("cd"), &state, storingIn: evaluation)
            #expect(state.isComplete)
            #expect(RatingScreen.render(state).lines().joined().contains("4 of 4 graded"))
            #expect(RatingScreen.render(state).lines().joined().contains("every response is graded"))
        }
    }

    @Test func progressPerSystemCountsWhatIsLeftWithoutNamingOrOrderingTheSystems() throws {
        try withTemporaryFolder { folder in
            let evaluation = try makeEvaluation(in: folder)
            var state = RatingState(folder: evaluation, rater: "ann", size: Size(width: 80, height: 24))
            #expect(state.leftPerSystem == [2, 2])
            try press(keys("a"), &state, storingIn: evaluation)
            #expect(state.leftPerSystem == [1, 2])
            #expect(state.render().lines()[1].hasSuffix(" 1 · 2 left per system"))
        }
    }

    @Test func theFirstScreenMatchesItsSnapshot() throws {
        try withTemporaryFolder { folder in
            let evaluation = try makeEvaluation(in: folder)
            var state = RatingState(folder: evaluation, rater: "ann", size: Size(width: 80, height: 24))
            try press(keys("r"), &state, storingIn: evaluation)
            let actual = RatingScreen.render(state).lines().joined(separator: "\n") + "\n"
            let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Snapshots/rating-80x24.txt")
            if ProcessInfo.processInfo.environment["SNAPSHOT_RECORD"] == "1" {
                try actual.write(to: url, atomically: true, encoding: .utf8)
            }
            #expect(actual == (try String(contentsOf: url, encoding: .utf8)), "SNAPSHOT_RECORD=1 re-records it\n\(actual)")
            let small = RatingState(folder: evaluation, rater: "ann", size: Size(width: 40, height: 10))
            #expect(RatingScreen.render(small).lines().joined().contains("terminal too small"))
        }
    }
}

@Suite(.serialized) struct RatingScreenNoteAndScrollTests {
    @Test func aNoteWrittenBeforeTheGradeIsSavedWithItAndAnUndoTakesItBack() throws {
        try withTemporaryFolder { folder in
            let evaluation = try makeEvaluation(in: folder)
            var state = RatingState(folder: evaluation, rater: "ann", size: Size(width: 80, height: 24))
            let first = try #require(state.item)
            try press(keys("ntoo terse") + [.enter], &state, storingIn: evaluation)
            #expect(RatingScreen.render(state).lines().contains("note kept; it is saved with the grade"))
            #expect(!FileManager.default.fileExists(atPath: folder.file("eval/ratings/ann.jsonl").path))
            try press(keys("b"), &state, storingIn: evaluation)
            try press([.left] + keys("n") + [.control("u")] + keys("fine after all") + [.enter], &state, storingIn: evaluation)
            #expect(state.notes[first] == "fine after all")
            #expect(RatingScreen.render(state).lines().contains("note: fine after all"))
            try press(keys("u"), &state, storingIn: evaluation)
            #expect(state.notes[first] == "too terse")
            #expect(state.grades[first] == .b)
            let records = try jsonLines(folder.file("eval/ratings/ann.jsonl"))
            #expect(records.map { $0["note"]?.stringValue } == ["too terse", "fine after all", "too terse"])
            #expect(records.allSatisfy { $0["grade"]?.stringValue == "B" })
        }
    }

    init() { setlocale(LC_ALL, "C.UTF-8") }

    @Test func aLongResponseScrollsAndSaysWhichLinesShow() throws {
        try withTemporaryFolder { folder in
            let evaluation = try makeEvaluation(in: folder)
            var state = RatingState(folder: evaluation, rater: "ann", size: Size(width: 80, height: 24))
            let long = try #require(state.items.firstIndex { $0 == RatedItem(taskID: "t2", system: "okapi-hidden") })
            try press(Array(repeating: .right, count: long), &state, storingIn: evaluation)
            #expect(RatingScreen.render(state).lines().contains { $0.contains("lines 1–") && $0.contains("of 40, ↑/↓ scroll") })
            try press([.down, .down], &state, storingIn: evaluation)
            let lines = RatingScreen.render(state).lines()
            #expect(lines.contains { $0.contains("lines 3–") })
            #expect(lines.contains { $0.contains("│ line 3 ") })
        }
    }
}
