import Foundation
import Synchronization
import Testing
@testable import Engine
import LLM
import Pool
import TestSupport

/// Three short seed tasks, so expected neighbours are easy to state.
let threeSeeds = """
{"id": "seed_task_0", "name": "tips", "instruction": "Give three tips for staying healthy.", "instances": [{"input": "", "output": "Eat well, sleep, move."}], "is_classification": false}
{"id": "seed_task_1", "name": "sort", "instruction": "Sort the numbers from smallest to largest.", "instances": [{"input": "3, 1, 2", "output": "1, 2, 3"}], "is_classification": false}
{"id": "seed_task_2", "name": "sentiment", "instruction": "Is the sentiment of the review positive or negative?", "instances": [{"input": "Great phone.", "output": "Positive"}], "is_classification": true}

"""

/// A fixed instant for record timestamps.
let fixedNow = Date(timeIntervalSince1970: 1_700_000_000)

/// A temporary pool, a fake endpoint and the engine's events, for one test.
final class RunnerHarness: Sendable {
    let folder: TemporaryFolder
    let server: FakeLLMServer
    private let collected = Mutex<[EngineEvent]>([])
    private let collector = Mutex<Task<Void, Never>?>(nil)

    /// A harness whose server answers from its script, then with `responder` (if given).
    init(responder: (@Sendable (FakeLLMServer.RecordedRequest) -> FakeLLMServer.Reply)? = nil) async throws {
        folder = try TemporaryFolder()
        server = try await FakeLLMServer(responder: responder)
    }

    var poolURL: URL { folder.file("pool.jsonl") }

    /// The Self-Instruct recipe with 3 demonstrations (so the model continues at 4).
    static let smallRecipe = Recipe.selfInstruct(demonstrations: 3, maxMachineDemonstrations: 1)

    /// An engine on this pool and server. Stage requests go one at a time by default, so
    /// scripted answers meet the tasks in pool order.
    func engine(
        recipe: Recipe = smallRecipe, mode: GenerationMode = .auto, api: EndpointConfiguration.API = .completions,
        promptsPerRound: Int = 1, stream: Bool = false, stageBatchSize: Int = 1, retryPolicy: RetryPolicy = RetryPolicy(maxAttempts: 2, baseDelay: .zero, jitter: 0),
        maxInFlight: Int = 16, baseURL: String? = nil, budget: Budget = Budget(), prices: PriceTable = PriceTable(),
        batch: BatchMode? = nil
    ) throws -> GenerationEngine {
        var configuration = EngineConfiguration(
            recipe: recipe, mode: mode, promptsPerRound: promptsPerRound, seed: 7, streamTokens: stream,
            stageBatchSize: stageBatchSize, budget: budget, now: { fixedNow })
        configuration.batch = batch
        let engine = try GenerationEngine(
            poolURL: poolURL, seedTasksIfNew: threeSeeds,
            endpoint: EndpointConfiguration(baseURL: baseURL ?? server.baseURL, apiKey: APIKey("sk-test-secret-key"), model: "fake-model", api: api),
            configuration: configuration, limits: RateLimits(maxInFlight: maxInFlight), retryPolicy: retryPolicy, prices: prices)
        collect(engine)
        return engine
    }

    /// An engine on this pool spreading requests over `endpoints` (names in provenance),
    /// failing endpoints resting for a minute, drawing from `draw`.
    func engine(endpoints: [NamedEndpoint], promptsPerRound: Int = 2, draw: @escaping @Sendable () -> Double) throws -> GenerationEngine {
        let configuration = EngineConfiguration(
            recipe: Self.smallRecipe, promptsPerRound: promptsPerRound, seed: 7, streamTokens: false, now: { fixedNow })
        let engine = try GenerationEngine(
            poolURL: poolURL, seedTasksIfNew: threeSeeds, endpoints: endpoints, configuration: configuration,
            retryPolicy: RetryPolicy(maxAttempts: 3, baseDelay: .zero, jitter: 0), backoff: .init(base: .seconds(60)), draw: draw)
        collect(engine)
        return engine
    }

    private func collect(_ engine: GenerationEngine) {
        let events = engine.events
        let task = Task { [self] in
            for await event in events { collected.withLock { $0.append(event) } }
        }
        collector.withLock { $0 = task }
    }

    /// Every event received so far.
    var events: [EngineEvent] { collected.withLock { $0 } }

    /// Every event the latest engine sent, once it is closed (its stream has ended).
    func allEvents() async -> [EngineEvent] {
        await collector.withLock { $0 }?.value
        return events
    }

    /// The latest revision of every record, in pool order, read afresh from disk.
    func records() throws -> [PoolRecord] {
        let pool = try PoolFile(at: poolURL, access: .readOnly)
        var records: [PoolRecord] = []
        try pool.forEachRecord { records.append($0) }
        return records
    }

    /// The machine-generated records (round set).
    func generated() throws -> [PoolRecord] { try records().filter { $0.round != nil } }

    func finish() async {
        await server.stop()
        folder.remove()
    }
}

extension PoolRecord {
    /// status, reason kind and value: e.g. `rejected keyword "plot"`.
    var verdict: String {
        "\(status.rawValue) \(why.map { "\($0.kind.rawValue) \($0.value.map { "\($0)" } ?? "-")" } ?? "-")"
    }
}
