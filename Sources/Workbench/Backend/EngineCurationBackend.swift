import DatasetCard
import DurableFiles
import Engine
import Foundation
import LLM
import Pool
import Settings
import VerbNoun

/// The backend for a session that generates: every pool read and write goes through the
/// `GenerationEngine` (one writer), so decisions, edits, undo and rescue keep the engine's
/// comparison index right, and a run waiting for review continues as the person decides.
/// The engine's events are translated into `CurationEvent`s for the Live view.
public actor EngineCurationBackend: PoolCuration, GenerationControl {
    /// The pool file's path.
    public nonisolated let poolPath: String
    /// The endpoint, e.g. `smollm2-135m-instruct @ http://127.0.0.1:8077/v1 (completions)`.
    public nonisolated let endpointDescription: String

    private let engine: GenerationEngine
    private let costKnown: Bool
    private let reports: AsyncStream<CurationEvent>
    private let continuation: AsyncStream<CurationEvent>.Continuation
    private var translating: Task<Void, Never>?
    private var running: Task<Void, Never>?
    private var countdown: Task<Void, Never>?
    /// Stages running as a run of their own (no instruction run was going on).
    private var staging: Task<Void, Never>?
    /// Whether the last run ended in a halt, so resuming starts a new one.
    private var halted = false
    private var isShutDown = false

    /// Makes the endpoint ready before generation starts, reporting what it does in words.
    public typealias Readiness = @Sendable (_ report: @escaping @Sendable (String) -> Void) async throws -> Void

    /// A backend over `engine`, whose pool is at `poolPath`. `costKnown` says whether the
    /// endpoint's price is known (otherwise the cost shows as unknown).
    public init(engine: GenerationEngine, poolPath: String, costKnown: Bool) {
        self.engine = engine
        self.poolPath = poolPath
        self.costKnown = costKnown
        let endpoints = engine.fleet.endpoints
        endpointDescription = endpoints.count == 1 ? engine.client.endpoint.description
            : endpoints.map { "\($0.name) (\($0.configuration.model))" }.joined(separator: ", ")
        (reports, continuation) = AsyncStream.makeStream(of: CurationEvent.self)
    }

    /// Starts the session's generation: first `readiness` (e.g. starting the local model; it
    /// reports what it is doing, shown as the endpoint's starting status), then rounds until
    /// `shutDown()`. When `readiness` fails, the workbench stays open on the pool with the
    /// endpoint shown as unhealthy and the reason in the log.
    public func start(readiness: Readiness? = nil) {
        guard translating == nil else { return }
        let engine = engine, continuation = continuation
        let costKnown = costKnown
        translating = Task {
            // What the pool spent in earlier runs, before this run's first answer adds to it.
            continuation.yield(EngineEventTranslator(costKnown: costKnown).usage(await engine.poolSpending))
            await self.translate(engine.events)
        }
        running = Task {
            if let readiness {
                do {
                    try await readiness { continuation.yield(.health(.starting($0))) }
                } catch is CancellationError {
                    return
                } catch {
                    continuation.yield(.health(.failing(EndpointFailure(.notStarted))))
                    continuation.yield(.log("the endpoint is not available: \(error)", isError: true))
                    return
                }
            }
            continuation.yield(.health(.starting("waiting for the first answer")))
            await self.generate()
        }
    }

    /// Runs rounds until stopped (in auto mode, each round's accepted tasks go through
    /// stages 2 and 3 before the next round); a halt (already reported by the engine's
    /// event) leaves the run to be started again when the person resumes.
    private func generate() async {
        await reportingFailures { [engine] in
            try await engine.run(.untilStopped, stagesAfterEachRound: engine.configuration.mode == .auto)
        }
    }

    /// Runs `work`, reporting how it failed in the log unless the engine reported it already
    /// (a halt) or it was cancelled.
    private func reportingFailures(_ work: @Sendable () async throws -> Void) async {
        do {
            try await work()
        } catch is CancellationError {
        } catch let error as EngineError where error.haltReason != nil {
            // Reported by the engine's event, which also marked the run as halted.
        } catch {
            continuation.yield(.log("generation stopped: \(error)", isError: true))
        }
    }

    /// Reads the engine's events in order and reports them in the workbench's terms; the
    /// records of each finished round are read from the pool and reported as changed.
    private func translate(_ events: AsyncStream<EngineEvent>) async {
        var translator = EngineEventTranslator(costKnown: costKnown)
        for await event in events {
            let recordIDs = translator.roundRecordIDs
            // Marked before the workbench hears of it, so a resume right after starts anew.
            if case .halted = event { halted = true }
            for report in translator.translate(event) { continuation.yield(report) }
            switch event {
            case .requestRetried(let notice):
                startCountdown(seconds: EngineEventTranslator.retrySeconds(notice.delay))
            case .requestFinished:
                countdown?.cancel()
            case .roundFinished:
                let entries = await engine.withPool { pool in recordIDs.compactMap { pool.entry($0) } }
                if !entries.isEmpty { continuation.yield(.recordsChanged(entries)) }
            case .classified(let id, _), .instancesSelected(let id, _):
                if let entry = await engine.withPool({ $0.entry(id) }) { continuation.yield(.recordsChanged([entry])) }
            default:
                break
            }
        }
        countdown?.cancel()
        continuation.finish()
    }

    /// Ticks once a second while a retry's wait counts down in the status bar.
    private func startCountdown(seconds: Int) {
        countdown?.cancel()
        guard seconds > 1 else { return }
        let continuation = continuation
        countdown = Task {
            for _ in 1..<seconds {
                guard (try? await Task.sleep(for: .seconds(1))) != nil else { return }
                continuation.yield(.tick)
            }
        }
    }

    public func entries() async -> [PoolEntry] {
        await engine.withPool { $0.entries }
    }

    public func prepare() async {
        await engine.prepareComparisonIndex()
    }

    public func record(_ id: String) async throws -> PoolRecord {
        try await engine.withPool { try $0.record(id) }
    }

    public func decide(_ ids: [String], status: RecordStatus, why: StatusReason) async throws -> [PoolEntry] {
        try await engine.decide(ids, status: status, why: why)
        var entries: [PoolEntry] = []
        for id in ids { entries.append(try await entry(id)) }
        return entries
    }

    public func edit(_ id: String, _ change: RecordChange) async throws -> PoolEntry {
        if case .instruction(let text) = change { return try await reviseInstruction(id, to: text, acceptingAnyway: false).entry }
        try await engine.edit(id, change)
        return try await entry(id)
    }

    public func reviseInstruction(_ id: String, to text: String, acceptingAnyway: Bool) async throws -> RevisedInstruction {
        let revision = try await engine.reviseInstruction(id, to: text, acceptingAnyway: acceptingAnyway)
        return RevisedInstruction(entry: try await entry(id), verdict: revision.verdict, outcome: revision.outcome)
    }

    public func undoLastAction() async throws -> ActionStep? {
        try await summarize(engine.undoLastAction())
    }

    public func redoLastAction() async throws -> ActionStep? {
        try await summarize(engine.redoLastAction())
    }

    /// An undo's or a redo's action name and its records' summaries.
    private func summarize(_ step: HistoryStep?) async throws -> ActionStep? {
        guard let step else { return nil }
        var entries: [PoolEntry] = []
        for record in step.records { entries.append(try await entry(record.id)) }
        return ActionStep(name: step.action.name, entries: entries)
    }

    public func rescore(_ text: String, excluding id: String?, k: Int) async -> [ScoredNeighbour] {
        await engine.nearest(to: text, k: k, excluding: id).map { ScoredNeighbour(id: $0.id, text: $0.text, score: $0.fmeasure) }
    }

    public func verdict(on reviewed: ReviewedText) -> FilterVerdict {
        engine.verdict(for: reviewed.text, nearest: reviewed.nearestForVerdict, threshold: reviewed.threshold)
    }

    public func export(format: ExportFormat, to path: String) async throws -> ExportSummary {
        try await engine.withPool { try ExportWriter.write($0, format: format, to: path) }
    }

    /// Writes the report from the pool file as it is on disk, off this actor and without the
    /// engine's pool lock (seconds at 100K records), so decisions and generation go on.
    public nonisolated func writeReport(
        to folder: URL, options: DatasetReport.Options, settings: ResolvedSettings?, verbNoun: VerbNounSummary?
    ) async throws -> DatasetReport.Written {
        try DatasetReport.write(poolAt: URL(fileURLWithPath: poolPath), to: folder, options: options, settings: settings, verbNoun: verbNoun)
    }

    public func setSimilarityThreshold(_ threshold: Double) async throws {
        await engine.setSimilarityThreshold(threshold)
    }

    public func setPaused(_ paused: Bool) async throws {
        guard running != nil else { throw WorkbenchError("generation has not started in this session") }
        if paused {
            await engine.pause()
        } else if halted {
            halted = false
            await running?.value  // the halted run is ending
            let staging = staging
            running = Task {
                await staging?.value  // stages running on their own finish first
                await self.generate()
            }
        } else {
            await engine.resume()
        }
    }

    public func runStages(_ request: StageRequest) async throws {
        guard running != nil else { throw WorkbenchError("generation has not started in this session") }
        let engine = engine
        let previous = staging
        staging = Task {
            await previous?.value
            await self.reportingFailures { _ = try await engine.runStages(request) }
        }
    }

    public func finishRound() async {
        await engine.stop()
    }

    /// Stops generation at once (the unfinished round leaves nothing in the pool; it is
    /// generated again next time), then closes the pool and ends the reports.
    public func shutDown() async {
        guard !isShutDown else { return }
        isShutDown = true
        await engine.stop()
        running?.cancel()
        staging?.cancel()
        await running?.value
        await staging?.value
        do {
            try await engine.close()
        } catch {
            continuation.yield(.log("closing the pool: \(error)", isError: true))
        }
        if let translating {
            await translating.value
        } else {
            continuation.finish()
        }
    }

    public nonisolated func events() -> AsyncStream<CurationEvent> {
        reports
    }

    private func entry(_ id: String) async throws -> PoolEntry {
        guard let entry = await engine.withPool({ $0.entry(id) }) else { throw WorkbenchError("record \(id) vanished from \(poolPath)") }
        return entry
    }
}

/// Writes fine-tuning data to a file through an `AtomicFileWriter`, so a file at `path` is
/// always whole and a failed export leaves no temporary file behind.
enum ExportWriter {
    static func write(_ pool: PoolFile, format: ExportFormat, to path: String) throws -> ExportSummary {
        try AtomicFileWriter.write(to: path) { file in
            try FineTuningExport.export(pool, format: format) { try file.write($0) }
        }
    }
}
