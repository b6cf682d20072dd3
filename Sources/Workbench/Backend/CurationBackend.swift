import Pool

/// What the workbench needs from the engine and the pool: the pool's records, durable
/// decisions and edits, re-scoring of an edited text, generation control, export, and a
/// stream of what happens while generation runs.
///
/// Every call may do I/O (an fsync per decision), so the workbench makes them from its
/// effect runner, never from the reducer, and turns the results into events.
public protocol CurationBackend: Sendable {
    /// The pool file's path, for the header.
    var poolPath: String { get }
    /// The endpoint being generated against, e.g. `smollm2-135m @127.0.0.1:8077`; nil when
    /// the workbench only curates an existing pool.
    var endpointDescription: String? { get }

    /// The latest revision of every record, in pool order.
    func entries() async -> [PoolEntry]
    /// Builds what re-scoring needs (the similarity index); the loop calls it after the
    /// first frame, so start-up stays quick and the first edit re-scores at once.
    func prepare() async
    /// A record's full latest revision (provenance, instances, neighbours).
    func record(_ id: String) async throws -> PoolRecord
    /// Sets a record's status durably; returns its new summary.
    func decide(_ id: String, status: RecordStatus, why: StatusReason) async throws -> PoolEntry
    /// Sets the status of many records with one call (a bulk action on a filter).
    func decide(_ ids: [String], status: RecordStatus, why: StatusReason) async throws -> [PoolEntry]
    /// Applies a person's change to a record's content durably; returns its new summary.
    func edit(_ id: String, _ change: RecordChange) async throws -> PoolEntry
    /// Undoes the latest change to a record durably; returns its new summary.
    func undo(_ id: String) async throws -> PoolEntry
    /// The pool instructions nearest to `text` (ROUGE-L F, `text` as target), highest first,
    /// leaving out the record `excluding` itself.
    func rescore(_ text: String, excluding id: String?, k: Int) async -> [ScoredNeighbour]
    /// Writes fine-tuning data in `format` to `path`.
    func export(format: ExportFormat, to path: String) async throws -> ExportSummary
    /// Changes the near-duplicate threshold for candidates from now on.
    func setSimilarityThreshold(_ threshold: Double) async throws
    /// Pauses generation (the request in flight finishes), or resumes it.
    func setPaused(_ paused: Bool) async throws
    /// Lets the round in progress finish and write its records, then ends generation (the
    /// backend then reports the idle phase); the pool stays open.
    func finishRound() async
    /// Ends generation and closes the pool; called once, on quit.
    func shutDown() async
    /// What the engine reports while it works; finishes when generation ends. A backend
    /// without generation returns a stream that finishes at once.
    func events() -> AsyncStream<CurationEvent>
}

/// A pool instruction near a text, with its ROUGE-L F.
public struct ScoredNeighbour: Sendable, Hashable {
    /// The record's id, when known.
    public var id: String?
    /// The instruction text.
    public var text: String
    /// ROUGE-L F, the scored text as target.
    public var score: Double

    /// A neighbour at `score`.
    public init(id: String? = nil, text: String, score: Double) {
        self.id = id
        self.text = text
        self.score = score
    }
}

/// What generation is doing, as the header shows it.
public enum GenerationPhase: String, Sendable, Hashable {
    /// No generation in this session (curating an existing pool), or it ended.
    case idle
    /// Rounds are running.
    case generating
    /// Paused by the person; resumes with space.
    case paused
    /// Supervised mode: waiting for decisions on pending candidates.
    case waitingForReview = "waiting for review"
    /// Finishing the round in flight before it ends.
    case stopping
}

/// Whether the endpoint answers, and if not, why, in words for the status bar.
public enum EndpointHealth: Sendable, Hashable, CustomStringConvertible {
    /// No endpoint in use.
    case none
    /// Requests succeed.
    case healthy
    /// The endpoint is starting (the local model), with what is happening.
    case starting(String)
    /// Requests fail; the reason names the cause ("refused", "429, retry in 12 s", "HTTP 503").
    case unhealthy(String)

    /// One short phrase.
    public var description: String {
        switch self {
        case .none: "no endpoint"
        case .healthy: "endpoint ok"
        case .starting(let what): "starting: \(what)"
        case .unhealthy(let why): "endpoint down: \(why)"
        }
    }
}

/// One candidate as the Live view lists it: where it came from, its text, where it stands
/// and why.
public struct CandidateSummary: Sendable, Hashable {
    /// A stable key for the candidate within the session (e.g. `12.3#4`).
    public var key: String
    /// The pool record holding it, once it has one.
    public var recordID: String?
    /// The round it came from, if any.
    public var round: Int?
    /// The instruction text, as the model wrote it (unsanitised).
    public var instruction: String
    /// Where it stands.
    public var status: RecordStatus
    /// ROUGE-L F to its nearest pool instruction, once scored.
    public var bestScore: Double?
    /// Why it was rejected (or accepted), in words; nil while pending.
    public var reason: String?
    /// Its nearest pool instructions, once scored.
    public var neighbours: [ScoredNeighbour]

    /// A candidate summary.
    public init(
        key: String, recordID: String?, round: Int?, instruction: String, status: RecordStatus,
        bestScore: Double? = nil, reason: String? = nil, neighbours: [ScoredNeighbour] = []
    ) {
        self.key = key
        self.recordID = recordID
        self.round = round
        self.instruction = instruction
        self.status = status
        self.bestScore = bestScore
        self.reason = reason
        self.neighbours = neighbours
    }
}

/// What the backend reports while generation runs, in the workbench's terms. The adapter
/// over the engine translates engine events into these, so the views never depend on how
/// the engine names things.
public enum CurationEvent: Sendable {
    /// Generation changed phase.
    case phase(GenerationPhase)
    /// A round began with `requests` prompts.
    case roundStarted(round: Int, requests: Int)
    /// A round ended; the line summarises it for the log ("round 3: 12 parsed, 4 pending...").
    case roundFinished(round: Int, summary: String)
    /// Streamed text for the request named `request` (a delta).
    case streamed(request: String, delta: String)
    /// A request finished.
    case requestFinished(request: String)
    /// Requests in flight now.
    case inFlight(Int)
    /// A candidate appeared or changed.
    case candidate(CandidateSummary)
    /// Records were added to or changed in the pool by the engine.
    case recordsChanged([PoolEntry])
    /// Totals for the session: tokens in and out and the cost in dollars (nil: unknown price).
    case usage(promptTokens: Int, completionTokens: Int, cost: Double?)
    /// The endpoint's health changed.
    case health(EndpointHealth)
    /// A line for the log (errors included, with `isError`).
    case log(String, isError: Bool)
}
