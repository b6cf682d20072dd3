import Evaluation
import Foundation
import JSONLines
import Pool
import RatingScreen
import TestSupport
import Terminal
import Testing
@testable import Workbench

/// An evaluation of three one-word tasks answered by two systems whose names must never show
/// while rating, in `folder/eval`; returns its path.
private func makeEvaluation(in folder: TemporaryFolder) throws -> String {
    let evaluation = try EvaluationFolder(path: folder.file("eval").path, creating: true, blindSeed: 5)
    let tasks = (1...3).map { EvaluationTask(id: "t\($0)", instruction: "Name the colour number \($0).", input: "", reference: "red") }
    try evaluation.add(tasks: tasks)
    try evaluation.add(responses: tasks.map { SystemResponse(taskID: $0.id, system: "zebra-secret", text: "red", provenance: .null) })
    try evaluation.add(responses: tasks.map { SystemResponse(taskID: $0.id, system: "okapi-hidden", text: "blue", provenance: .null) })
    return evaluation.path
}

/// The records of a JSONL file.
private func records(_ path: String) throws -> [JSONValue] {
    try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n").map { try JSONParser.parse($0) }
}

@Suite("The Eval view: rating inside the workbench", .serialized)
struct EvaluationViewTests {
    init() { setlocale(LC_ALL, "C.UTF-8") }

    private func screen(_ harness: Harness) -> String { Workbench.render(harness.state).lines().joined(separator: "\n") }

    @Test func gradesGoToTheRatersFileBlindAndTheWorkbenchKeysWaitUntilQ() async throws {
        try await withTemporaryFolder { folder in
            let path = try makeEvaluation(in: folder)
            let url = try Fixture.makePool(in: folder)
            let backend = try Fixture.openBackend(url)
            var harness = await Harness(backend: backend, size: Size(width: 80, height: 24))
            await harness.press(":eval \(path) --rater ann{enter}")
            #expect(harness.state.view == EvaluationView.view)
            #expect(screen(harness).contains("rating as ann"))
            // a grades A here (not accept), x is nobody's key, n writes a note, u undoes.
            for keys in ["a", "x", "ntoo blue{enter}c", "d", "u"] {
                await harness.press(keys)
                #expect(!screen(harness).contains("zebra") && !screen(harness).contains("okapi"), "\(screen(harness))")
            }
            #expect(!harness.commands.contains { if case .decide = $0 { true } else { false } })
            let ratings = try records(path + "/ratings/ann.jsonl")
            #expect(ratings.map { $0["grade"]?.stringValue } == ["A", "C", "D", nil])
            #expect(ratings[1]["note"]?.stringValue == "too blue")
            #expect(screen(harness).contains("2 of 6 graded"))

            await harness.press("q")
            #expect(harness.state[EvaluationView.self].session == nil)
            let figures = screen(harness)
            #expect(figures.contains("okapi-hidden") && figures.contains("zebra-secret"), "\(figures)")
            #expect(figures.contains("█") && figures.contains("▒"))
            // The workbench's keys are back: 2 shows the Pool view; s on Eval rates again.
            await harness.press("2")
            #expect(harness.state.view == PoolBrowser.view)
            await harness.press("8s")
            #expect(harness.state[EvaluationView.self].session?.progress == "2 of 6 graded")
            await backend.shutDown()
        }
    }

    @Test func thePairwiseModeStoresTheJudgementAsShown() async throws {
        try await withTemporaryFolder { folder in
            let path = try makeEvaluation(in: folder)
            let backend = try Fixture.openBackend(try Fixture.makePool(in: folder))
            var harness = await Harness(backend: backend, size: Size(width: 120, height: 30))
            await harness.press(":eval \(path) --rater bob --pairwise zebra-secret,okapi-hidden{enter}")
            #expect(screen(harness).contains("comparing as bob"))
            await harness.press("1=")
            #expect(!screen(harness).contains("zebra") && !screen(harness).contains("okapi"))
            let judgements = try records(path + "/pairwise/bob.jsonl")
            #expect(judgements.map { $0["choice"]?.stringValue } == ["first", "tie"])
            #expect(judgements.allSatisfy { $0["pair"] == .array([.string("okapi-hidden"), .string("zebra-secret")]) })
            await backend.shutDown()
        }
    }

    @Test func reportWritesTheReportFilesAndShowsTheFiguresAndSThenRates() async throws {
        try await withTemporaryFolder { folder in
            let path = try makeEvaluation(in: folder)
            let backend = try Fixture.openBackend(try Fixture.makePool(in: folder))
            var harness = await Harness(backend: backend)
            let out = folder.file("out").path
            await harness.press(":eval \(path) --report \(out){enter}")
            #expect(harness.state.message?.text == "wrote report.md, ratings.svg, systems.csv, pairwise.csv to \(out)")
            #expect(try FileManager.default.contentsOfDirectory(atPath: out).sorted() == ["pairwise.csv", "ratings.svg", "report.md", "systems.csv"])
            #expect(try String(contentsOfFile: out + "/systems.csv", encoding: .utf8).contains("zebra-secret,3,1.0,"))
            #expect(harness.state[EvaluationView.self].session == nil)
            #expect(screen(harness).contains("Evaluation · eval · 2 systems"))
            await harness.press("s")
            #expect(harness.state[EvaluationView.self].session != nil)
            await harness.press("q:eval \(path) --report \(out) --disagreements{enter}")
            #expect(harness.state.message?.text.contains("are one each") == true)
            await backend.shutDown()
        }
    }

    @Test func importBringsTasksAndPredictionsInAndThenRates() async throws {
        try await withTemporaryFolder { folder in
            let backend = try Fixture.openBackend(try Fixture.makePool(in: folder))
            var harness = await Harness(backend: backend)
            let predictions = SharedData.url("data/human_eval_predictions/davinci_predictions.jsonl").path
            let path = folder.file("new-eval").path
            await harness.press(":eval \(path) --import \(predictions) --rater ann{enter}")
            #expect(harness.state.message?.text == "imported 252 tasks, 252 responses of davinci", "\(String(describing: harness.state.message))")
            #expect(harness.state[EvaluationView.self].session?.progress == "0 of 252 graded")
            await harness.press("a")
            #expect(try records(path + "/ratings/ann.jsonl").first?["system"]?.stringValue == "davinci")
            await harness.press("q:eval \(path) --import \(folder.file("missing.jsonl").path){enter}")
            #expect(harness.state.message?.text.contains("missing.jsonl") == true, "\(String(describing: harness.state.message))")
            await backend.shutDown()
        }
    }

    @Test func aFolderWithoutAnEvaluationOrAnUnknownSystemIsSaidAndNothingIsWritten() async throws {
        try await withTemporaryFolder { folder in
            let path = try makeEvaluation(in: folder)
            let backend = try Fixture.openBackend(try Fixture.makePool(in: folder))
            var harness = await Harness(backend: backend)
            await harness.press(":eval \(folder.file("nothing").path){enter}")
            #expect(harness.state.message?.isError == true)
            #expect(harness.state.message?.text.contains("no evaluation here yet") == true)
            await harness.press(":eval \(path) --pairwise zebra-secret,gnu{enter}")
            #expect(harness.state.message?.text.contains("has no responses from “gnu”") == true)
            await harness.press(":eval \(path) --rater ../x{enter}")
            #expect(harness.state.message?.text.contains("cannot name a file") == true)
            #expect(!FileManager.default.fileExists(atPath: path + "/ratings/ann.jsonl"))
            #expect(harness.state[EvaluationView.self].session == nil)
            await backend.shutDown()
        }
    }

    @Test func keysTypedWhileAGradeIsStoredWaitSoNoResponseIsGradedTwice() throws {
        try withTemporaryFolder { folder in
            let path = try makeEvaluation(in: folder)
            let shelf = EvaluationShelf(homeDirectory: nil)
            var state = WorkbenchState(size: Size(width: 80, height: 24), poolName: "pool.jsonl")
            _ = Workbench.update(&state, .key(.character(":")))
            for key in ":eval \(path) --rater ann".dropFirst() { _ = Workbench.update(&state, .key(.character(key))) }
            let open = Workbench.update(&state, .key(.enter))
            guard case .openEvaluation(let request, let size)? = open.first else { Issue.record("\(open)"); return }
            _ = Workbench.update(&state, .evaluation(shelf.open(request, size: size)))
            let first = Workbench.update(&state, .key(.character("b")))
            #expect(Workbench.update(&state, .key(.character("c"))).isEmpty)  // waits: b is not on disk yet
            guard case .storeRating(let write)? = first.first else { Issue.record("\(first)"); return }
            let second = Workbench.update(&state, .evaluation(shelf.store(write)))
            guard case .storeRating(let next)? = second.first, case .rating(let rating) = next.record else { Issue.record("\(second)"); return }
            #expect(rating.grade == .c)
            guard case .rating(let earlier) = write.record else { return }
            #expect(rating.item != earlier.item)
        }
    }

    @Test func theFiguresMatchTheirSnapshot() async throws {
        try await withTemporaryFolder { folder in
            let path = try makeEvaluation(in: folder)
            let evaluation = try EvaluationFolder(path: path, creating: false)
            for (index, grade) in [Grade.a, .b, .b, .c, .d, .d].enumerated() {
                let task = "t\(index % 3 + 1)", system = index < 3 ? "zebra-secret" : "okapi-hidden"
                try evaluation.add(rating: Rating(taskID: task, system: system, rater: "ann", grade: grade, time: "now"))
                try evaluation.add(rating: Rating(taskID: task, system: system, rater: "bob", grade: index == 0 ? .b : grade, time: "now"))
            }
            let backend = try Fixture.openBackend(try Fixture.makePool(in: folder))
            var harness = await Harness(backend: backend, size: Size(width: 80, height: 24))
            await harness.press(":eval \(path) --rater ann{enter}q")
            let actual = screen(harness) + "\n"
            let url = SnapshotTests.directory.appendingPathComponent("eval-figures-80x24.txt")
            if ProcessInfo.processInfo.environment["SNAPSHOT_RECORD"] == "1" { try actual.write(to: url, atomically: true, encoding: .utf8) }
            #expect(actual == (try String(contentsOf: url, encoding: .utf8)), "SNAPSHOT_RECORD=1 re-records it\n\(actual)")
            #expect(actual.contains("1 response the raters disagree on"))
            await backend.shutDown()
        }
    }
}
