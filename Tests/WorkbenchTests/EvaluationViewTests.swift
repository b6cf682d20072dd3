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

    @Test func generateAsksEachSystemStoresEveryResponseOrSaysWhyThenOpensForRating() async throws {
        // Six tasks, "Task N: repeat the word."; "steady" answers each, "flaky" breaks its
        // stream on the odd ones (a failure the client does not retry).
        let model: @Sendable (FakeLLMServer.RecordedRequest, Bool) -> FakeLLMServer.Reply = { request, flaky in
            let prompt = request.json?["prompt"] as? String ?? ""
            let number = Int(prompt.dropFirst("Task ".count).prefix { $0.isNumber }) ?? 0
            if flaky, number % 2 == 1 { return .streamCutMidItem(["answer"]) }
            return .streamedWordByWord("answer \(number)")
        }
        let steady = try await FakeLLMServer { model($0, false) }
        let flaky = try await FakeLLMServer { model($0, true) }
        try await withTemporaryFolder { folder in
            let evaluation = try EvaluationFolder(path: folder.file("eval").path, creating: true, blindSeed: 5)
            try evaluation.add(tasks: (1...6).map { EvaluationTask(id: "t\($0)", instruction: "Task \($0): repeat the word.", input: "", reference: "word") })
            let backend = try Fixture.openBackend(try Fixture.makePool(in: folder))
            var harness = await Harness(backend: backend, size: Size(width: 120, height: 30))
            await harness.press(":eval \(evaluation.path) --generate steady=\(steady.baseURL),fake-model "
                                + "--generate flaky=\(flaky.baseURL),fake-model --rater ann{enter}")

            // What lands: every response steady gave, flaky's even ones, nothing of a broken stream.
            let steadyTasks = try records(evaluation.path + "/responses/steady.jsonl").map { $0["task"]?.stringValue }
            #expect(Set(steadyTasks) == Set((1...6).map { "t\($0)" }) && steadyTasks.count == 6)
            let flakyRecords = try records(evaluation.path + "/responses/flaky.jsonl")
            #expect(flakyRecords.compactMap { $0["task"]?.stringValue }.sorted() == ["t2", "t4", "t6"])
            #expect(flakyRecords.allSatisfy { $0["response"]?.stringValue?.hasPrefix("answer ") == true })
            #expect(flakyRecords.first?["provenance"]?["prompt"]?.stringValue?.hasSuffix("repeat the word.\nOutput:") == true)

            // Where the person looks: each failure and each system's account in the log.
            let log = harness.state.log.map(\.text)
            #expect(log.filter { $0.hasPrefix("flaky: task t") }.count == 3, "\(log)")
            #expect(harness.state.log.filter { $0.text.hasPrefix("flaky: task t") }.allSatisfy { $0.isError })
            #expect(log.contains { $0.hasPrefix("steady: 6 stored, 0 answered before, 0 failed;") }, "\(log)")
            #expect(log.contains { $0.hasPrefix("flaky: 3 stored, 0 answered before, 3 failed;") }, "\(log)")
            #expect(log.contains { $0.contains(":eval --generate again asks only for those") })
            // Then the evaluation opens for rating, blind.
            let session = try #require(harness.state[EvaluationView.self].session)
            #expect(session.progress == "0 of 9 graded")
            #expect(!screen(harness).contains("steady") && !screen(harness).contains("flaky"), "\(screen(harness))")
            await harness.press("a")
            #expect(try records(evaluation.path + "/ratings/ann.jsonl").count == 1)

            // Again: steady has answered every task, so nothing is asked of it.
            let before = (steady.receivedCount, flaky.receivedCount)
            await harness.press("q:eval \(evaluation.path) --generate steady=\(steady.baseURL),fake-model{enter}")
            #expect(steady.receivedCount == before.0)
            #expect(harness.state.log.map(\.text).contains { $0.hasPrefix("steady: 0 stored, 6 answered before, 0 failed;") })

            // A third system with a prompt of one's own, as eval generate's --prompt-no-input.
            let template = try folder.write("no-input.txt", "### Instruction:\n{instruction}\n\n### Response:\n")
            await harness.press("q:eval \(evaluation.path) --generate alpaca=\(steady.baseURL),fake-model --prompt-no-input \(template.path){enter}")
            let alpaca = try records(evaluation.path + "/responses/alpaca.jsonl")
            #expect(alpaca.count == 6)
            #expect(alpaca.first?["provenance"]?["prompt"]?.stringValue?.hasPrefix("### Instruction:\nTask ") == true)
            #expect(alpaca.first?["provenance"]?["prompt"]?.stringValue?.hasSuffix("\n\n### Response:") == true)
            await harness.press("q:eval \(evaluation.path) --prompt \(template.path){enter}")
            #expect(harness.state.message?.text.contains("--prompt and --prompt-no-input shape the responses --generate asks for") == true)
            await backend.shutDown()
        }
        await steady.stop()
        await flaky.stop()
    }

    @Test func aGenerateThatCannotStartSaysWhyAndStoresNothing() async throws {
        try await withTemporaryFolder { folder in
            let path = try makeEvaluation(in: folder)
            let backend = try Fixture.openBackend(try Fixture.makePool(in: folder))
            var harness = await Harness(backend: backend)
            await harness.press(":eval \(path) --generate nameless{enter}")
            #expect(harness.state.message?.isError == true)
            #expect(harness.state.message?.text.hasPrefix("--generate nameless:") == true, "\(String(describing: harness.state.message))")
            await harness.press(":eval \(path) --generate ../x=http://127.0.0.1:9/v1{enter}")
            #expect(harness.state.message?.text.contains("cannot name a file") == true, "\(String(describing: harness.state.message))")
            await harness.press(":eval \(path) --generate x=http://127.0.0.1:9/v1{enter}")
            #expect(harness.state.message?.text.contains("No model named for http://127.0.0.1:9/v1") == true && harness.state.message?.text.contains("file. Write NAME=URL") == true,
                    "\(String(describing: harness.state.message))")
            let empty = try EvaluationFolder(path: folder.file("empty").path, creating: true)
            await harness.press(":eval \(empty.path) --generate x=http://127.0.0.1:9/v1,m{enter}")
            #expect(harness.state.message?.text.contains("has no tasks to answer") == true, "\(String(describing: harness.state.message))")
            #expect(!FileManager.default.fileExists(atPath: path + "/responses/nameless.jsonl"))
            #expect(!FileManager.default.fileExists(atPath: empty.path + "/responses/x.jsonl"))
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
