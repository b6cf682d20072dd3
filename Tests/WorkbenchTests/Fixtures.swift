import DatasetCard
import Engine
import Foundation
import Synchronization
import Pool
import Settings
import TestSupport
import Terminal
import VerbNoun
import Workbench

/// A pool on disk for a test: a seed, three pending candidates (one in Chinese, one full of
/// escape sequences in the snapshot variant) and a rejected one.
enum Fixture {
    /// The hostile candidate: an OSC title change, a screen clear, colours and a C1 CSI.
    static let hostile = "Summarise \u{1B}]0;pwned\u{07}this \u{1B}[2J\u{1B}[31mtext\u{1B}[0m in one \u{9B}1mline\r\nplease."

    /// Records of the fixture pool.
    static func records(hostile: Bool = false) -> [PoolRecord] {
        [
            PoolRecord(id: "seed_task_0", instruction: "Write a poem about the ocean.",
                       instances: [Instance(input: "", output: "The sea is wide and deep.")], isClassification: false, status: .seed, name: "ocean_poem"),
            PoolRecord(id: "seed_task_1", instruction: "Classify the sentiment of the sentence as positive or negative.",
                       instances: [Instance(input: "I love it.", output: "positive"), Instance(input: "Awful.", output: "negative")],
                       isClassification: true, status: .seed),
            PoolRecord(id: "r1-0", instruction: "Write a haiku about the first rain of autumn.", status: .pending,
                       mostSimilar: [SimilarInstruction(text: "Write a poem about the ocean.", score: 0.41)], avgSimilarityScore: 0.2, round: 1,
                       provenance: Provenance(instructionGeneration: ModelCall(model: "smollm2-135m-instruct", demonstrationIDs: ["seed_task_0", "seed_task_1"]))),
            PoolRecord(id: "r1-1", instruction: hostile ? Self.hostile : "Explain why the sky looks blue during the day.", status: .pending, round: 1),
            PoolRecord(id: "r1-2", instruction: "用一句话总结这篇新闻文章的主要内容和观点。", status: .pending, round: 1),
            PoolRecord(id: "r1-3", instruction: "Draw a map of the city centre.", status: .rejected, why: .keyword("map"), round: 1),
            PoolRecord(id: "r1-4", instruction: "Write a poem about the ocean waves.", status: .rejected,
                       why: .similarity(0.83, to: "Write a poem about the ocean."),
                       mostSimilar: [SimilarInstruction(text: "Write a poem about the ocean.", score: 0.83)], round: 1),
        ]
    }

    /// Opens the pool backend, trying again for a moment while the pool's lock is taken.
    static func openBackend(_ url: URL, recipe: Recipe = .selfInstruct()) throws -> PoolCurationBackend {
        try whileLockLingers { try PoolCurationBackend(poolAt: url, recipe: recipe) }
    }

    /// Runs `open`, trying again for a moment while a pool's lock is taken: a child process
    /// that another test is starting holds a copy of every descriptor between its fork and
    /// exec, so a lock closed a moment ago may not be released yet.
    static func whileLockLingers<Opened>(_ open: () throws -> Opened) throws -> Opened {
        var attempts = 0
        while true {
            do {
                return try open()
            } catch let error as PoolError where attempts < 100 && error.isLockedByAnotherWriter {
                attempts += 1
                usleep(10_000)
            }
        }
    }

    /// Writes the fixture pool into `folder` (with `edited` in place of the record of its id)
    /// and returns its URL.
    static func makePool(in folder: TemporaryFolder, hostile: Bool = false, replacing edited: PoolRecord? = nil) throws -> URL {
        let url = folder.file("pool.jsonl")
        let pool = try PoolFile(at: url)
        try pool.add(contentsOf: records(hostile: hostile).map { $0.id == edited?.id ? edited! : $0 })
        try pool.close()
        return url
    }
}

/// Drives the reducer as the loop does: feeds an event, performs the commands in order
/// against the backend and feeds their results back, until nothing is left.
struct Harness {
    var state: WorkbenchState
    let runner: EffectRunner
    /// Commands the reducer asked for, in order.
    var commands: [WorkbenchCommand] = []
    /// The session time events arrive at, as the loop stamps them; tests move it by hand.
    var time: Double = 0

    /// A harness over `backend`; `homeDirectory` is what `~` in an export path stands for,
    /// `timeZone` the one times are shown in, `verbNounSource` the verb–noun parser.
    init(
        backend: any PoolCuration, size: Size = Size(width: 100, height: 30), homeDirectory: String? = nil,
        timeZone: TimeZone = .current, verbNounSource: VerbNounAnalyzer.Source = .spacy(SpacyEnvironment())
    ) async {
        runner = EffectRunner(backend: backend, homeDirectory: homeDirectory, verbNounSource: verbNounSource)
        state = WorkbenchState(size: size, poolName: "pool.jsonl")
        state.timeZone = timeZone
        await send(.entriesLoaded(await backend.entries()))
    }

    mutating func send(_ event: WorkbenchEvent) async {
        var queue = [event]
        while !queue.isEmpty {
            for command in Workbench.update(&state, queue.removeFirst(), at: time) {
                commands.append(command)
                if case .generateResponses(let request) = command {
                    // The loop posts each step as it comes; here they arrive before the end.
                    let steps = Mutex<[WorkbenchEvent]>([])
                    let end = await runner.generateResponses(request) { step in steps.withLock { $0.append(step) } }
                    queue += steps.withLock { $0 } + [end]
                } else if let result = await runner.perform(command) {
                    queue.append(result)
                }
            }
        }
    }

    /// Presses keys: each character is a key, except the names in braces, e.g. "{enter}".
    mutating func press(_ keys: String) async {
        var rest = Substring(keys)
        while let first = rest.first {
            if first == "{", let close = rest.firstIndex(of: "}") {
                let name = rest[rest.index(after: rest.startIndex)..<close]
                let key: Key = switch name {
                case "enter": .enter
                case "esc": .escape
                case "tab": .tab
                case "end": .end
                case "down": .down
                case "backspace": .backspace
                case "ctrl-u": .control("u")
                case "alt-enter": .alt("\n")
                case "ctrl-r": .control("r")
                case "ctrl-n": .control("n")
                case "pgdn": .pageDown
                case "pgup": .pageUp
                default: .function(0)
                }
                await send(.key(key))
                rest = rest[rest.index(after: close)...]
            } else {
                await send(.key(.character(first)))
                rest = rest.dropFirst()
            }
        }
    }
}

/// A backend with generation: the pool backend plus a scripted phase, recording pause calls
/// and stage requests.
actor ScriptedGenerationBackend: CurationBackend {
    let pool: PoolCurationBackend
    nonisolated let poolPath: String
    nonisolated var endpointDescription: String { "fake @127.0.0.1" }
    private(set) var pauseCalls: [Bool] = []
    private(set) var stageRequests: [StageRequest] = []

    init(pool: PoolCurationBackend) {
        self.pool = pool
        poolPath = pool.poolPath
    }

    func entries() async -> [PoolEntry] { await pool.entries() }
    func prepare() async { await pool.prepare() }
    func record(_ id: String) async throws -> PoolRecord { try await pool.record(id) }
    func decide(_ ids: [String], status: RecordStatus, why: StatusReason) async throws -> [PoolEntry] { try await pool.decide(ids, status: status, why: why) }
    func edit(_ id: String, _ change: RecordChange) async throws -> PoolEntry { try await pool.edit(id, change) }
    func reviseInstruction(_ id: String, to text: String, acceptingAnyway: Bool) async throws -> RevisedInstruction {
        try await pool.reviseInstruction(id, to: text, acceptingAnyway: acceptingAnyway)
    }
    func undoLastAction() async throws -> ActionStep? { try await pool.undoLastAction() }
    func redoLastAction() async throws -> ActionStep? { try await pool.redoLastAction() }
    func rescore(_ text: String, excluding id: String?, k: Int) async -> [ScoredNeighbour] { await pool.rescore(text, excluding: id, k: k) }
    func verdict(on reviewed: ReviewedText) async -> FilterVerdict { await pool.verdict(on: reviewed) }
    func export(format: ExportFormat, to path: String) async throws -> ExportSummary { try await pool.export(format: format, to: path) }
    func writeReport(
        to folder: URL, options: DatasetReport.Options, settings: ResolvedSettings?, verbNoun: VerbNounSummary?
    ) async throws -> DatasetReport.Written {
        try await pool.writeReport(to: folder, options: options, settings: settings, verbNoun: verbNoun)
    }
    func setSimilarityThreshold(_ threshold: Double) async throws { await pool.setSimilarityThreshold(threshold) }
    func setPaused(_ paused: Bool) async throws { pauseCalls.append(paused) }
    func runStages(_ request: StageRequest) async throws { stageRequests.append(request) }
    func finishRound() async {}
    func shutDown() async { await pool.shutDown() }
    nonisolated func events() -> AsyncStream<CurationEvent> { AsyncStream { $0.finish() } }
}
