import Foundation
import Pool
import TestSupport
import Terminal
import Testing
import VerbNoun
@testable import Workbench

/// The verb–noun analysis in the workbench: `v` in Stats and `:filter verb=` in Pool, with
/// `StandInParser` as the parser (verb: first word, noun: third).
@Suite("Workbench verb–noun chart and filter")
struct VerbNounWorkbenchTests {
    private static func harness(_ folder: TemporaryFolder) async throws -> Harness {
        let backend = try Fixture.openBackend(try Fixture.makePool(in: folder))
        return await Harness(backend: backend, verbNounSource: .process(StandInParser.launch(log: folder.file("parser.log"))))
    }

    @Test func vInStatsReportsProgressThenDrawsTheShareAndTheTopVerbsWithTheirNouns() async throws {
        setlocale(LC_ALL, "C.UTF-8")  // the chart holds █, ░ and …
        try await withTemporaryFolder { folder in
            let backend = try Fixture.openBackend(try Fixture.makePool(in: folder))
            let runner = EffectRunner(backend: backend, verbNounSource: .process(StandInParser.launch(log: folder.file("parser.log"))))
            let entries = await backend.entries()
            var state = WorkbenchState(size: Size(width: 100, height: 30), poolName: "pool.jsonl")
            _ = Workbench.update(&state, .entriesLoaded(entries))
            _ = Workbench.update(&state, .key(.character("5")))
            #expect(Workbench.update(&state, .key(.character("v"))) == [.analyzeVerbs(entries)])
            #expect(Workbench.update(&state, .key(.character("v"))).isEmpty, "hiding the chart starts nothing")
            #expect(Workbench.update(&state, .key(.character("v"))).isEmpty, "one analysis at a time")

            // What the loop's thread does: progress events, then the result.
            var progress: [WorkbenchEvent] = []
            let finished = runner.analyzeVerbs(entries) { progress.append($0) }
            _ = Workbench.update(&state, progress[0])
            #expect(Workbench.render(state).lines().contains { $0.contains("parsing verbs and nouns: 0 of 7 new instructions…") })
            _ = Workbench.update(&state, finished)
            let lines = Workbench.render(state).lines()
            #expect(lines.contains { $0.contains("2 of 2 instructions (100.0%) have a root verb with a direct noun object") })
            let classify = try #require(lines.firstIndex { $0.contains("│classify 1 ") })
            #expect(lines[classify].contains("█"), "a bar")
            #expect(lines[classify].contains("sentiment 1"))
            #expect(lines[classify + 1].contains("write") && lines[classify + 1].contains("poem 1"))
            #expect(state.log.lines.last?.text.contains("7 texts parsed") == true)
            #expect(FileManager.default.fileExists(atPath: folder.file("pool.verbs.jsonl").path), "cached beside the pool")
            await backend.shutDown()
        }
    }

    @Test func poolFilterByVerbAndNounWaitsForTheAnalysisThenNarrowsTheRows() async throws {
        try await withTemporaryFolder { folder in
            var harness = try await Self.harness(folder)
            await harness.press("2:filter verb=write{enter}")
            #expect(harness.commands.contains { if case .analyzeVerbs = $0 { true } else { false } })
            let ids = { (harness: Harness) in harness.state[PoolBrowser.self].rows.map { harness.state.pool.entries[$0].id } }
            #expect(ids(harness) == ["seed_task_0", "r1-0", "r1-4"])
            await harness.press(":filter verb=write noun=poem{enter}")
            #expect(ids(harness) == ["seed_task_0", "r1-4"])
            #expect(harness.commands.count { if case .analyzeVerbs = $0 { true } else { false } } == 1, "the result is reused")
            await harness.press(":filter verb=Write noun=haiku{enter}")
            #expect(ids(harness) == ["r1-0"])
        }
    }

    @Test func filterTermsParseAndPrint() throws {
        let filter = try PoolFilter.parse(["status=pending", "verb=write", "noun=poem"])
        #expect(filter.description == "status=pending verb=write noun=poem")
        #expect(throws: WorkbenchError.self) { try PoolFilter.parse(["verb="]) }
    }

    @Test func aFailedAnalysisSaysWhyInTheChart() throws {
        setlocale(LC_ALL, "C.UTF-8")
        var state = WorkbenchState(size: Size(width: 100, height: 30), poolName: "pool.jsonl")
        _ = Workbench.update(&state, .entriesLoaded([]))
        _ = Workbench.update(&state, .key(.character("5")))
        _ = Workbench.update(&state, .key(.character("v")))
        _ = Workbench.update(&state, .verbNouns(.failed("verb–noun analysis failed: spaCy could not be installed")))
        #expect(Workbench.render(state).lines().contains { $0.contains("spaCy could not be installed") })
    }
}
