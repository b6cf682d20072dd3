import Foundation
@testable import Engine
@testable import LLM
import Pool
@testable import Similarity
import TestSupport
import Terminal
import Testing
@testable import Workbench

/// Three short seed tasks, so the scripted candidates' neighbours are easy to tell.
private let threeSeeds = """
{"id": "seed_task_0", "name": "tips", "instruction": "Give three tips for staying healthy.", "instances": [{"input": "", "output": "Eat well, sleep, move."}], "is_classification": false}
{"id": "seed_task_1", "name": "sort", "instruction": "Sort the numbers from smallest to largest.", "instances": [{"input": "3, 1, 2", "output": "1, 2, 3"}], "is_classification": false}
{"id": "seed_task_2", "name": "sentiment", "instruction": "Is the sentiment of the review positive or negative?", "instances": [{"input": "Great phone.", "output": "Positive"}], "is_classification": true}

"""

/// A completion continuing a three-demonstration prompt at 4: three candidates that pass
/// and one refused for its keyword.
let scriptedPieces = [
    " Describe the water cycle in", " simple words.\n5. Explain how a rainbow forms after a storm.",
    "\n6. Name three famous painters from Spain and their works.\n7. Plot the sales of the last year in a chart.",
]

/// The workbench over a real engine on a temporary pool, against the fake server: the
/// server answers unscripted requests only after a minute (or as `responder` says), so a
/// round after the scripted ones stays in flight until the test quits.
struct LiveSession {
    let folder: TemporaryFolder
    let server: FakeLLMServer
    let engine: GenerationEngine
    let backend: EngineCurationBackend
    var harness: Harness
    var reports: AsyncStream<CurationEvent>.Iterator

    /// A session; `auto` generates in auto mode, `responder` answers unscripted requests; the
    /// endpoint's `timeouts` and `maxAnswerBytes`, the `retryPolicy` and the client's `clock`
    /// are injected for the fault tests, and `width` is the screen's (wide enough to show a
    /// whole cause in the status bar); `batch` sends rounds through the Batch API.
    init(maxPending: Int = 3, auto: Bool = false, responder: (@Sendable (FakeLLMServer.RecordedRequest) -> FakeLLMServer.Reply)? = nil,
         timeouts: EndpointConfiguration.Timeouts = .init(), maxAnswerBytes: Int = 8 << 20,
         retryPolicy: RetryPolicy = RetryPolicy(maxAttempts: 2, baseDelay: .zero, jitter: 0),
         clock: any ClientClock = SystemClock(), width: Int = 100, batch: BatchMode? = nil) async throws {
        folder = try TemporaryFolder()
        server = try await FakeLLMServer(fallbackLatency: responder == nil ? .seconds(60) : nil, responder: responder)
        var configuration = EngineConfiguration(
            recipe: .selfInstruct(demonstrations: 3, maxMachineDemonstrations: 1), mode: auto ? .auto : .supervised(maxPending: maxPending),
            promptsPerRound: 1, seed: 7, streamTokens: true)
        configuration.batch = batch
        engine = try GenerationEngine(
            poolURL: folder.file("pool.jsonl"), seedTasksIfNew: threeSeeds,
            endpoint: EndpointConfiguration(baseURL: server.baseURL, model: "fake-model", timeouts: timeouts, maxAnswerBytes: maxAnswerBytes),
            configuration: configuration, retryPolicy: retryPolicy, clock: clock)
        backend = EngineCurationBackend(engine: engine, poolPath: folder.file("pool.jsonl").path, costKnown: false)
        reports = backend.events().makeAsyncIterator()
        harness = await Harness(backend: backend, size: Size(width: width, height: 30))
    }

    /// Feeds the backend's reports to the workbench, in order, until `condition` holds or
    /// the reports end (the suite's time limit bounds the wait).
    mutating func pump(until condition: (WorkbenchState) -> Bool) async {
        while !condition(harness.state), let report = await reports.next() {
            await harness.send(.curation(report, at: 0))
        }
    }

    /// The status bar as the workbench draws it now.
    var statusBar: String { Workbench.render(harness.state).lines().last ?? "" }

    /// Quits at once (answering the question if there is one) and reads the reports to their end.
    mutating func quit() async {
        await harness.press("q")
        if harness.state.confirmation != nil { await harness.press("y") }
        await pump { _ in false }
    }

    /// The pool as the file holds it, read once the session has ended.
    func poolOnDisk() throws -> PoolFile {
        try PoolFile(at: folder.file("pool.jsonl"), access: .readOnly)
    }

    func finish() async {
        await server.stop()
        folder.remove()
    }
}

@Suite("Workbench over the engine", .serialized, .timeLimit(.minutes(5)))
struct EngineBackendTests {
    @Test func candidatesArriveAsPendingAndDecisionsReachThePoolThroughTheEngine() async throws {
        var session = try await LiveSession()
        session.server.enqueue(.stream(.init(body: FakeLLMServer.StreamScript.completion(scriptedPieces))))
        await session.backend.start()
        await session.pump { $0.generation.phase == .waitingForReview && $0.entry("r1-0-2") != nil }

        let live = session.harness.state.live
        #expect(live.candidates.map(\.recordID) == ["r1-0-0", "r1-0-1", "r1-0-2", "r1-0-3"])
        #expect(live.candidates.map(\.status) == [.pending, .pending, .pending, .rejected])
        #expect(live.candidates[3].reason?.kind == .keyword)
        #expect(live.candidates.allSatisfy { $0.bestScore != nil && !$0.neighbours.isEmpty })
        #expect(live.stream?.text.contains("5. Explain how a rainbow forms") == true)
        #expect(session.harness.state.counts[.pending] == 3)
        #expect(session.harness.state.generation.health == .healthy)

        // An edit re-scores against the engine's comparison index (seeds and, supervised,
        // pending candidates), leaving out the record itself.
        await session.harness.press("je")
        let neighbours = session.harness.state.edit?.neighbours.compactMap(\.id) ?? []
        #expect(neighbours.contains("r1-0-0") && neighbours.contains("seed_task_0") && !neighbours.contains("r1-0-1"))
        await session.harness.press("{esc}gax")
        #expect(await session.engine.withPool { $0.entry("r1-0-0")?.status } == .accepted)
        #expect(await session.engine.withPool { $0.entry("r1-0-1")?.status } == .rejected)
        // Fewer than three pending now: the engine goes on with round 2.
        await session.pump { $0.generation.phase == .generating && $0.generation.inFlight == 1 }

        await session.harness.press("q")
        #expect(session.harness.state.confirmation != nil)
        await session.harness.press("y")
        #expect(session.harness.state.hasQuit)
        await session.pump { _ in false }

        let pool = try session.poolOnDisk()
        #expect(pool.entries.filter { $0.round != nil }.map(\.status) == [.accepted, .rejected, .pending, .rejected])
        #expect(pool.entry("r1-0-0")?.why?.kind == .human)
        // Round 2 was in flight at quit: it left nothing behind.
        #expect(!pool.entries.contains { $0.round == 2 })
        await session.finish()
    }

    @Test func spacePausesAndResumesTheEngineAndQuitStopsIt() async throws {
        var session = try await LiveSession()
        await session.backend.start()
        await session.pump { $0.generation.phase == .generating && $0.generation.inFlight == 1 }
        await session.harness.press(" ")
        await session.pump { $0.generation.phase == .paused }
        #expect(await session.engine.state == .paused)
        await session.harness.press(" ")
        await session.pump { $0.generation.phase == .generating }
        #expect(await session.engine.state == .running)
        await session.harness.press("qy")
        await session.pump { _ in false }
        #expect(await session.engine.state == .idle)
        #expect(try session.poolOnDisk().entries.allSatisfy { $0.status == .seed })
        await session.finish()
    }

    @Test func quittingAfterTheRoundKeepsTheRoundInProgress() async throws {
        var session = try await LiveSession()
        // The answer comes a moment after the person has chosen: the round is in flight then.
        session.server.enqueue(.delayed(.milliseconds(300), .stream(.init(body: FakeLLMServer.StreamScript.completion(scriptedPieces)))))
        await session.backend.start()
        await session.pump { $0.generation.inFlight == 1 }
        await session.harness.press("q")
        #expect(session.harness.state.confirmation?.alternative == .finishRoundThenQuit)
        await session.harness.press("f")
        #expect(!session.harness.state.hasQuit && session.harness.state.quitsWhenGenerationEnds)
        await session.pump { $0.hasQuit }
        #expect(await session.engine.state == .idle)
        let round = try session.poolOnDisk().entries.filter { $0.round == 1 }
        #expect(round.map(\.instruction) == [
            "Describe the water cycle in simple words.", "Explain how a rainbow forms after a storm.",
            "Name three famous painters from Spain and their works.", "Plot the sales of the last year in a chart.",
        ])
        #expect(session.server.requests.count == 1)
        await session.finish()
    }

    @Test func anEndpointThatKeepsFailingHaltsWithTheCauseInTheStatusBarAndSpaceTriesAgain() async throws {
        var session = try await LiveSession()
        // Three rounds of one prompt, two attempts each: the engine's circuit breaker halts.
        session.server.enqueue(contentsOf: Array(repeating: .serverError(503), count: 6))
        await session.backend.start()
        await session.pump { state in
            if case .halted = state.generation.health { state.generation.phase == .idle } else { false }
        }
        #expect(session.server.requests.count == 6)
        #expect(session.harness.state.log.contains { $0.text == "endpoint down: HTTP 503, retry in 0 s" })
        let statusBar = Workbench.render(session.harness.state).lines().last ?? ""
        #expect(statusBar.contains("generation stopped: every request of the last 3 rounds failed"))
        #expect(session.harness.state.generation.phase == .idle)

        // Space starts generating again: the next request goes out.
        session.server.enqueue(.stream(.init(body: FakeLLMServer.StreamScript.completion(scriptedPieces))))
        await session.harness.press(" ")
        await session.pump { $0.generation.health == .healthy }
        #expect(session.server.requests.count == 7)
        await session.harness.press("qy")
        await session.pump { _ in false }
        await session.finish()
    }
}

@Suite("Engine events in the workbench's terms")
struct EngineEventTranslatorTests {
    static let round = RequestID(stage: .instructions, round: 3, index: 0)
    static let other = RequestID(stage: .instructions, round: 3, index: 1)

    /// A round half done: one request streaming, the other finished with a pending and a
    /// refused candidate, and a retry after a 429.
    static let midRound: [EngineEvent] = [
        .stateChanged(.running),
        .roundStarted(round: 3, requests: 2),
        .requestSent(round), .requestSent(other),
        .requestFinished(other, finishReason: .stop, usage: Usage(promptTokens: 300, completionTokens: 60)),
        .candidateParsed(CandidateID(request: other, position: 0), ParsedCandidate(
            position: 0, instruction: "Explain how a rainbow forms after a storm.", input: "", output: "",
            raw: "Explain how a rainbow forms after a storm.", rejection: nil)),
        .candidateScored(CandidateID(request: other, position: 0), nearest: [
            Neighbour(index: 0, id: "seed_task_0", text: "Write a poem about the ocean.", fmeasure: 0.2),
        ], mean: 0.1),
        .candidatePending(CandidateID(request: other, position: 0), recordID: "r3-1-0"),
        .candidateParsed(CandidateID(request: other, position: 1), ParsedCandidate(
            position: 1, instruction: "Write a poem about the ocean waves.", input: "", output: "",
            raw: "Write a poem about the ocean waves.", rejection: nil)),
        .candidateScored(CandidateID(request: other, position: 1), nearest: [
            Neighbour(index: 0, id: "seed_task_0", text: "Write a poem about the ocean.", fmeasure: 0.83),
        ], mean: 0.4),
        .candidateRejected(CandidateID(request: other, position: 1), recordID: "r3-1-1",
                           .similar(to: "Write a poem about the ocean.", score: 0.83, threshold: 0.7)),
        .usage({
            var totals = UsageTotals()
            totals.requests = 1
            totals.promptTokens = 300
            totals.completionTokens = 60
            return totals
        }()),
        .spent({
            var pool = Spending()  // earlier runs included; one answer came without usage
            pool.promptTokens = 1300
            pool.completionTokens = 260
            pool.requests = 5
            pool.estimatedRequests = 1
            return pool
        }()),
        .requestRetried(RetryNotice(requestID: 2, url: "http://127.0.0.1:8077/v1/completions", attempt: 1, maxAttempts: 5,
                                    reason: .rateLimited(retryAfter: .seconds(12)), delay: .seconds(12))),
        .tokensStreamed(round, delta: " Describe the water cycle in simple words.\n5. List three \u{1B}[2Jsights in 東京"),
    ]

    @Test func aRoundMidwayBecomesCandidatesHealthAndInFlight() {
        var translator = EngineEventTranslator(costKnown: false)
        let reports = Self.midRound.flatMap { translator.translate($0) }
        let candidates = reports.compactMap { if case .candidate(let summary) = $0 { summary } else { nil } }
        #expect(candidates.map(\.key) == ["3.1#0", "3.1#1"])
        #expect(candidates.map(\.status) == [.pending, .rejected])
        #expect(candidates.map(\.bestScore) == [0.2, 0.83])
        #expect(candidates[1].reason?.kind == .similarity)
        #expect(translator.roundRecordIDs == ["r3-1-0", "r3-1-1"])
        let inFlight = reports.compactMap { if case .inFlight(let count) = $0 { count } else { nil } }
        #expect(inFlight == [1, 2, 1])
        let health = reports.compactMap { if case .health(let health) = $0 { health } else { nil } }
        #expect(health == [.healthy, .failing(EndpointFailure(.rateLimited, retryIn: 12))])
        // The pool's spending over all runs, not the client's count of this session.
        let usage = reports.compactMap { report -> [Int]? in
            guard case .usage(let prompt, let completion, let cost, let estimated) = report, cost == nil, estimated else { return nil }
            return [prompt, completion]
        }
        #expect(usage == [[1300, 260]])
    }

    @Test func retriesAreNamedShortlyAndCountDownWithTheSessionClock() {
        let refused = EndpointFailure(EngineEventTranslator.cause(.connectionFailed("Couldn't connect to server")), retryIn: 1)
        #expect(refused.description(at: 0) == "connection failed: Couldn't connect to server, retry in 1 s")
        var serverError = EndpointFailure(EngineEventTranslator.cause(.serverError(status: 502)), retryIn: 5)
        serverError.reportedAt = 10
        #expect(serverError.description(at: 10) == "HTTP 502, retry in 5 s")
        #expect(serverError.description(at: 12.5) == "HTTP 502, retry in 3 s")
        #expect(serverError.description(at: 30) == "HTTP 502, retry in 0 s")
    }
}
