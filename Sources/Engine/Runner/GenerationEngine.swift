import BundledSeeds
import Foundation
import LLM
import Pool
import Similarity

/// The Self-Instruct engine: instruction rounds, classification and instance stages over one
/// pool and one model endpoint or several, reporting everything it does on `events`.
///
/// The pool is the state: every round's records are written with one durable append when
/// the round is whole, so a run killed at any point restarts from the pool with nothing lost
/// or duplicated (the killed round is generated again, with the same demonstrations). The
/// pool file is not thread-safe; the engine owns it, and the workbench reads and decides
/// through `withPool(_:)` and `decide(_:status:why:)`.
public actor GenerationEngine {
    /// Everything the engine does, in order. One consumer; events are not kept once
    /// delivered, and if the consumer falls far behind, the oldest undelivered are dropped.
    public nonisolated let events: AsyncStream<EngineEvent>
    /// The settings the engine runs with.
    public nonisolated let configuration: EngineConfiguration
    /// The endpoints requests are spread over, with their clients and statuses.
    public nonisolated let fleet: EndpointFleet
    /// The first endpoint's client (the only one for a run with one endpoint).
    public nonisolated var client: LLMClient { fleet.primaryClient }
    /// The model a request's most it may cost is priced as before it is sent: the dearest
    /// of the endpoints' models, so the budget holds whichever endpoint answers.
    let admissionModel: String

    let continuation: AsyncStream<EngineEvent>.Continuation
    let pool: PoolFile
    let requester: ModelRequester
    /// Seeds plus kept instructions (plus pending ones in supervised mode), in pool order;
    /// rebuilt from the pool after a change to one of them.
    var comparison: ComparisonIndex
    /// The seed tasks as demonstrations, read once.
    var seedDemonstrations: [Demonstration]?
    /// The last round this engine finished.
    var lastFinishedRound = 0
    /// The most requests the engine hands the clients at once (their limits together), so
    /// that a pause holds back every request not yet on the wire.
    let inFlightLimit: Int
    /// The pool's spending ledger, appended as each answer arrives.
    let ledger: SpendingLedger
    /// Keeps requests within `configuration.budget`.
    var budgetGuard: BudgetGuard
    /// The budget limit a request of the round or batch in progress would have passed.
    var budgetOverrun: BudgetOverrun?
    /// Stages a person asked for while a run goes on, taken before its next round.
    var requestedStages: [StageRequest] = []
    /// The Batch API batches the pool has submitted (batch mode).
    let batchLedger: BatchLedger
    /// The batch whose answers the round or stage batch in progress holds: closed in the
    /// ledger once they are written, so that until then a restart polls it again.
    var batchInProgress: BatchProgress?

    public private(set) var state: EngineState = .idle
    private var pauseRequested = false
    private var stopRequested = false
    private var waiters: [CheckedContinuation<Void, Never>] = []

    /// Opens (or creates) the pool at `poolURL` and spreads requests over `endpoints` by
    /// weight, each with its own limits (see `EndpointFleet`); every record names the
    /// endpoint that answered when `namesInProvenance`.
    ///
    /// - Parameters:
    ///   - endpoints: at least one, names unique, all on the same API (prompts are built for it).
    ///   - backoff: how long a failing endpoint rests before it is asked again.
    ///   - draw: uniform numbers in 0..<1 for the weighted choice (tests inject a seeded source).
    ///   - Other parameters as for `init(poolURL:seedTasksIfNew:endpoint:configuration:limits:retryPolicy:prices:clock:)`.
    public init(
        poolURL: URL,
        seedTasksIfNew: String? = BundledSeeds.jsonLines,
        endpoints: [NamedEndpoint],
        namesInProvenance: Bool = true,
        configuration: EngineConfiguration = EngineConfiguration(),
        retryPolicy: RetryPolicy = RetryPolicy(),
        prices: PriceTable = PriceTable(),
        backoff: EndpointDispatcher.Backoff = .init(),
        clock: any ClientClock = SystemClock(),
        draw: @escaping @Sendable () -> Double = { Double.random(in: 0..<1) }
    ) throws {
        let (events, continuation) = AsyncStream.makeStream(of: EngineEvent.self, bufferingPolicy: .bufferingNewest(100_000))
        self.events = events
        self.continuation = continuation
        self.configuration = configuration
        comparison = .forGeneration(configuration.mode, recipe: configuration.recipe)
        similarityThreshold = configuration.recipe.similarityThreshold
        pool = try PoolFile(at: poolURL, access: .readWrite, seedTasksIfNew: seedTasksIfNew)
        ledger = SpendingLedger(forPool: poolURL)
        batchLedger = BatchLedger(forPool: poolURL)
        budgetGuard = BudgetGuard(budget: configuration.budget, prices: prices, before: Spending(try ledger.totals(), prices: prices))
        admissionModel = endpoints.map(\.configuration.model).max { a, b in
            (prices.price(for: a)?.outputPerMillion ?? 0) < (prices.price(for: b)?.outputPerMillion ?? 0)
        } ?? ""
        fleet = EndpointFleet(
            endpoints: endpoints, retryPolicy: retryPolicy, prices: prices, backoff: backoff, clock: clock, draw: draw,
            onEvent: { event in
                switch event {
                case .retrying(let notice): continuation.yield(.requestRetried(notice))
                case .waiting(let notice): continuation.yield(.requestWaiting(notice))
                case .finished, .debug: break
                }
            },
            onChange: { continuation.yield(.endpoints($0)) })
        inFlightLimit = fleet.maxInFlight
        requester = ModelRequester(fleet: fleet, streamTokens: configuration.streamTokens, recordsEndpointName: namesInProvenance,
                                   now: configuration.now) { continuation.yield($0) }
    }

    /// What was wrong in the pool file when it was opened (and where bad lines went).
    public var poolProblems: [PoolProblem] { pool.problems }

    /// Runs `body` with the pool, on the engine; for reading records and statistics.
    /// Change records through `decide(_:status:why:)`, so the engine sees the change.
    public func withPool<T: Sendable>(_ body: (PoolFile) throws -> T) rethrows -> T {
        try body(pool)
    }

    /// Releases the pool (compacting if it pays) and ends the event stream.
    public func close() throws {
        continuation.finish()
        try pool.close()
    }

    // MARK: Controls

    /// Sends no new request until `resume()`: requests on the wire finish (and the round
    /// with them, once resumed), and no new round starts.
    public func pause() {
        pauseRequested = true
        if state == .running || state == .waitingForReview { setState(.paused) }
    }

    /// Continues after `pause()`: the state says running at once (a run that must wait for
    /// review says so when it next checks).
    public func resume() {
        pauseRequested = false
        if state == .paused { setState(.running) }
        wakeWaiters()
    }

    /// Finishes the round or batch in progress, then ends the run. (Cancelling the task that
    /// runs the engine ends it at once instead; the unfinished round leaves nothing behind.)
    public func stop() {
        stopRequested = true
        if state != .idle { setState(.stopping) }
        wakeWaiters()
    }

    /// The instructions candidates are compared with that are nearest to `text` (ROUGE-L F,
    /// `text` as target), highest first, leaving out the record `excluding`.
    public func nearest(to text: String, k: Int, excluding id: String? = nil) -> [Neighbour] {
        comparison.nearest(to: text, k: k, excluding: id, in: pool)
    }

    /// Builds the comparison index now, so that the first `nearest(to:k:excluding:)` and the
    /// first round do not wait for it.
    public func prepareComparisonIndex() {
        _ = comparison.index(over: pool)
    }

    /// The verdict of the pool's recipe on `text`, with the similarity of its nearest pool
    /// instruction against `threshold` (pass `similarityThreshold`). Pure and synchronous,
    /// for the workbench's detail pane.
    public nonisolated func verdict(for text: String, nearest: (text: String, score: Double)?, threshold: Double) -> FilterVerdict {
        configuration.recipe.verdict(for: text, nearest: nearest, threshold: threshold)
    }

    /// The ROUGE-L F above which a candidate is refused as a near-duplicate.
    public private(set) var similarityThreshold: Double

    /// Changes the near-duplicate threshold for candidates screened from now on.
    public func setSimilarityThreshold(_ threshold: Double) {
        similarityThreshold = threshold
    }

    /// Candidates waiting for a person.
    public var pendingCount: Int { pool.entries.reduce(0) { $0 + ($1.status == .pending ? 1 : 0) } }

    // MARK: Instruction rounds

    /// Runs instruction rounds until `goal` is reached or `stop()` is called, and the stages
    /// `runStages(_:)` hands it between rounds. With `stagesAfterEachRound` (the workbench's
    /// auto mode), each round's accepted tasks are classified and get their instances before
    /// the next round starts.
    ///
    /// Stops asking the endpoint (reporting `.halted` and throwing `EngineError.halted`) at
    /// once on an answer that makes it unusable (401, 403, 404, a 400 on the request's shape,
    /// a 200 that is not an OpenAI-compatible answer), or after
    /// `EngineConfiguration.haltAfterFailedRounds` rounds in a row whose every request failed.
    ///
    /// - Throws: `CancellationError` when the task is cancelled (the round in progress
    ///   leaves nothing in the pool), `EngineError.halted`, or `EngineError.pool` when the
    ///   pool cannot be written and the run is stopped instead of resumed.
    public func run(_ goal: RunGoal, stagesAfterEachRound: Bool = false) async throws {
        guard state == .idle else { return }
        stopRequested = false
        var breaker = CircuitBreaker(limit: configuration.haltAfterFailedRounds)
        setState(.running)
        defer { setState(.idle) }
        var roundsRun = 0
        while !reached(goal, roundsRun: roundsRun) {
            guard await waitUntilRunnable() else { break }
            if !requestedStages.isEmpty {
                _ = try await perform(requestedStages.removeFirst())
                continue
            }
            let outcome = try await runRound(nextRound)
            roundsRun += 1
            if let reason = breaker.roundEnded(stage: .instructions, requests: outcome.sent, failures: outcome.failures) {
                throw halt(reason)
            }
            try haltIfOverBudget()
            if stagesAfterEachRound && !outcome.accepted.isEmpty {
                _ = try await perform(.instances(StageSelection(tasks: Set(outcome.accepted))))
            }
        }
    }

    /// Reports a halt and returns the error that ends the run with it.
    func halt(_ reason: HaltReason) -> EngineError {
        emit(.halted(reason))
        return .halted(reason)
    }

    /// The round after the highest round in the pool (1 for a pool of seeds) or finished
    /// by this engine (a round whose requests all failed leaves no record).
    var nextRound: Int {
        max(pool.entries.lazy.compactMap(\.round).max() ?? 0, lastFinishedRound) + 1
    }

    private func reached(_ goal: RunGoal, roundsRun: Int) -> Bool {
        switch goal {
        case .rounds(let rounds): return roundsRun >= rounds
        case .target(let target):
            return pool.entries.reduce(0) { $0 + ($1.status != .seed && comparison.compared.contains($1.status) ? 1 : 0) } >= target
        case .untilStopped: return false
        }
    }

    /// Waits while paused or (supervised) while enough candidates are pending; false when
    /// the run should end instead.
    private func waitUntilRunnable() async -> Bool {
        while !stopRequested && !Task.isCancelled {
            if pauseRequested {
                setState(.paused)
            } else if !requestedStages.isEmpty {
                setState(.running)
                return true
            } else if case .supervised(let maxPending) = configuration.mode, pendingCount >= maxPending {
                setState(.waitingForReview)
            } else {
                setState(.running)
                return true
            }
            await suspendUntilWoken()
        }
        return false
    }

    /// Waits while paused; true once resumed (or if not paused), false if the run was
    /// stopped or cancelled meanwhile.
    func waitWhilePaused() async -> Bool {
        while pauseRequested && !stopRequested && !Task.isCancelled {
            await suspendUntilWoken()
        }
        return !stopRequested && !Task.isCancelled
    }

    /// Suspends until a control (resume, stop, a decision) or cancellation wakes the engine.
    private func suspendUntilWoken() async {
        await withTaskCancellationHandler {
            await withCheckedContinuation { waiters.append($0) }
        } onCancel: {
            Task { await self.wakeWaiters() }
        }
    }

    func wakeWaiters() {
        let woken = waiters
        waiters.removeAll()
        for waiter in woken { waiter.resume() }
    }

    func setState(_ newState: EngineState) {
        guard state != newState else { return }
        state = newState
        emit(.stateChanged(newState))
    }

    func emit(_ event: EngineEvent) {
        continuation.yield(event)
    }

    var shouldStop: Bool { stopRequested }

    /// Runs `body` as a run of its own (stages outside an instruction run): nil, running
    /// nothing, when the engine is not idle.
    func asRunOfItsOwn<T: Sendable>(_ body: () async throws -> T) async throws -> T? {
        guard state == .idle else { return nil }
        stopRequested = false
        setState(.running)
        defer { setState(.idle) }
        return try await body()
    }

    /// The seed tasks as demonstrations (with their first instance, which Alpaca shows).
    func seeds() throws -> [Demonstration] {
        if let seedDemonstrations { return seedDemonstrations }
        var seeds: [Demonstration] = []
        try pool.forEachRecord(withStatus: [.seed]) { record in
            let first = record.instances.first
            seeds.append(Demonstration(
                id: record.id, instruction: record.instruction, input: first?.input ?? "", output: first?.output ?? "",
                isClassification: record.isClassification ?? false, origin: .seed))
        }
        seedDemonstrations = seeds
        return seeds
    }
}
