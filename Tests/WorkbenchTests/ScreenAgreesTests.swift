import Engine
import Foundation
import LLM
import Pool
import TestSupport
import Terminal
import Testing
@testable import Workbench

/// What the screen says agrees with the data: the same count everywhere, the phase as it
/// is, the time things happened, tokens over all runs, honest histograms, help that fits.
@Suite("Workbench: the screen agrees with the data", .serialized)
struct ScreenAgreesTests {
    init() {
        setlocale(LC_ALL, "C.UTF-8")
    }

    /// Runs `body` with a harness on the fixture pool.
    private func withHarness(size: Size = Size(width: 100, height: 30), _ body: (inout Harness) async throws -> Void) async throws {
        try await withTemporaryFolder { folder in
            let backend = try Fixture.openBackend(try Fixture.makePool(in: folder))
            var harness = await Harness(backend: backend, size: size)
            try await body(&harness)
            await backend.shutDown()
        }
    }

    private func screen(_ state: WorkbenchState) -> [String] {
        Workbench.render(state).lines()
    }

    @Test func liveTitleAndStatusBarCountTheSamePendingRecords() async throws {
        try await withHarness { harness in
            // A decided candidate of the session is listed too; neither figure counts it.
            await harness.send(.curation(.candidate(CandidateSummary(
                key: "2.1#0", recordID: nil, round: 2, instruction: "Name a colour.", status: .rejected, reason: .keyword("colour"))), at: 1))
            var lines = screen(harness.state)
            #expect(lines[2].contains("Candidates · 3 pending"), "\(lines[2])")
            #expect(lines.last!.contains("3 pending"))
            await harness.press("a")
            lines = screen(harness.state)
            #expect(lines[2].contains("Candidates · 2 pending"), "\(lines[2])")
            #expect(lines.last!.contains("2 pending"))
            await harness.send(.curation(.roundStarted(round: 2, requests: 1), at: 2))
            #expect(screen(harness.state)[2].contains("Round 2 · 2 pending"))
        }
    }

    @Test func roundsHeldForReviewSayWaitingForReviewAndQuitAtOnce() async throws {
        try await withHarness { harness in
            harness.state.endpoint = "fake @127.0.0.1"
            await harness.send(.curation(.health(.starting("waiting for the first answer")), at: 1))
            await harness.send(.curation(.phase(.waitingForReview), at: 1))
            let status = screen(harness.state).last!
            #expect(status.contains("waiting for review"), "\(status)")
            #expect(!status.contains("first answer"), "\(status)")
            await harness.press("q")
            #expect(harness.state.confirmation == nil, "no round runs, so nothing to ask about")
            #expect(harness.state.hasQuit)
        }
    }

    @Test func quitMidRoundStillAsks() async throws {
        try await withHarness { harness in
            await harness.send(.curation(.phase(.generating), at: 1))
            await harness.press("q")
            #expect(harness.state.confirmation?.question.hasPrefix("generation is running") == true)
            #expect(!harness.state.hasQuit)
        }
    }

    @Test func everyLogLineCarriesTheTimeItsEventHappened() async throws {
        try await withHarness { harness in
            await harness.send(.curation(.log("round 1 started", isError: false), at: 3))
            harness.time = 42.5
            await harness.press("a")
            harness.time = 61
            await harness.press(":threshold{enter}")
            await harness.press("x")
            let lines = harness.state.log.suffix(2)
            #expect(lines.map(\.text) == ["accepted r1-0", "rejected r1-1"])
            #expect(lines.map(\.time) == [42.5, 61])
            #expect(harness.state.log.first { $0.text == "round 1 started" }?.time == 3)
        }
    }

    @Test func tokensAreThePoolsOverAllRunsAndSayWhenApproximate() async throws {
        try await withHarness(size: Size(width: 160, height: 48)) { harness in
            await harness.send(.curation(.usage(promptTokens: 1300, completionTokens: 260, cost: nil, estimated: true), at: 1))
            await harness.press("5")
            let text = screen(harness.state).joined(separator: "\n")
            #expect(text.contains("tokens, all runs: 1300 in, 260 out (some approximate"), "\(text)")
        }
    }

    @Test func theEnginesBackendReportsWhatThePoolSpentInEarlierRunsAtStart() async throws {
        try await withTemporaryFolder { folder in
            let url = folder.file("pool.jsonl")
            try SpendingLedger(forPool: url).append(SpendingLedger.Entry(
                model: "m", stage: "instructions", promptTokens: 700, completionTokens: 90, estimated: true, at: Date()))
            let engine = try GenerationEngine(
                poolURL: url,
                seedTasksIfNew: #"{"id": "seed_task_0", "name": "tips", "instruction": "Give three tips.", "instances": [{"input": "", "output": "Sleep."}], "is_classification": false}"# + "\n",
                endpoint: EndpointConfiguration(baseURL: "http://127.0.0.1:9/v1", model: "m"),
                configuration: EngineConfiguration(recipe: .selfInstruct(), mode: .supervised(maxPending: 3), promptsPerRound: 1))
            let backend = EngineCurationBackend(engine: engine, poolPath: url.path, costKnown: false)
            var reports = backend.events().makeAsyncIterator()
            await backend.start { _ in throw CancellationError() }
            let first = await reports.next()
            guard case .usage(700, 90, nil, true)? = first else {
                Issue.record("expected the ledger's totals first, got \(String(describing: first))")
                return
            }
            await backend.shutDown()
        }
    }

    @Test func unscoredSeedsNeitherSquashTheSimilarityHistogramNorCountAsZero() async throws {
        try await withTemporaryFolder { folder in
            let url = folder.file("pool.jsonl")
            let pool = try PoolFile(at: url)
            try pool.add(contentsOf: (0..<40).map { PoolRecord(id: "seed_task_\($0)", instruction: "Seed task number \($0).", status: .seed) } + [
                PoolRecord(id: "r1-0", instruction: "Write a haiku about rain.", status: .accepted,
                           mostSimilar: [SimilarInstruction(text: "Seed task number 1.", score: 0.45)], round: 1),
            ])
            try pool.close()
            let backend = try Fixture.openBackend(url)
            var harness = await Harness(backend: backend, size: Size(width: 160, height: 48))
            await harness.press("5")
            let lines = screen(harness.state)
            #expect(lines.contains { $0.contains("ROUGE-L F to nearest · 40 unscored") })
            let scored = try #require(lines.first { $0.contains("0.4–0.5") })
            // The one scored task fills its bar; no bin holds the seeds.
            let histogram = String(scored.prefix(80))
            #expect(histogram.contains("█") && !histogram.contains("░"), "\(scored)")
            #expect(try #require(lines.first { $0.contains("0.0–0.1") }).contains(" 0 "))
            #expect(!lines.contains { $0.contains("unscored 40") })
            await backend.shutDown()
        }
    }

    @Test func helpScrollsAt80x24AndSaysThereIsMore() async throws {
        try await withHarness(size: Size(width: 80, height: 24)) { harness in
            await harness.press("?")
            var text = screen(harness.state).joined(separator: "\n")
            #expect(text.contains("more below"))
            #expect(!text.contains(":pause  :resume  :quit"))
            await harness.press("jjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjj")
            #expect(harness.state.showsHelp)
            #expect(harness.state.helpScroll == HelpOverlay.maxScroll(harness.state.size, keys: harness.state.currentKeys))
            text = screen(harness.state).joined(separator: "\n")
            #expect(text.contains(":pause  :resume  :quit"))
            #expect(text.contains("more above") && !text.contains("more below"))
            await harness.press("g")
            #expect(harness.state.helpScroll == 0)
            await harness.press("x")
            #expect(!harness.state.showsHelp, "any other key closes the help")
            #expect(harness.state.entry("r1-0")?.status == .pending, "and does nothing else")
        }
    }

    @Test func helpListsEachKeyOnce() {
        for component in ComponentRegistry.components {
            let rows = HelpOverlay.rows(keys: component.keys)
            var seen: [String: String] = [:]
            for case .key(let line) in rows {
                for token in line.keys.split(separator: " ").map(String.init) where token != "/" {
                    #expect(seen[token] == nil, "\(component.view): \(token) in \"\(seen[token] ?? "")\" and \"\(line.keys)\"")
                    seen[token] = line.keys
                }
            }
        }
    }

    @Test func aPersonsDecisionIsNamedPersonInEveryView() async throws {
        try await withHarness { harness in
            await harness.press("xk")  // back on r1-0: its detail says who decided
            #expect(harness.state.entry("r1-0")?.why?.kind == .human)
            var text = screen(harness.state).joined(separator: "\n")
            #expect(text.contains("person") && !text.contains("human"), "\(text)")
            await harness.press("3")
            text = screen(harness.state).joined(separator: "\n")
            #expect(text.contains("person") && !text.contains("human"), "\(text)")
            await harness.press(":filter reason=person{enter}")
            #expect(harness.state[PoolBrowser.self].filter.reason == .human)
            #expect(screen(harness.state).joined().contains("reason=person"))
            await harness.press("5")
            text = screen(harness.state).joined(separator: "\n")
            #expect(text.contains("1 person") && !text.contains("human"), "\(text)")
        }
    }
}
