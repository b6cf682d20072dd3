import Engine
import LLM
import Pool

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
    /// Why it was rejected (or accepted); nil while pending. The views word it.
    public var reason: StatusReason?
    /// Its nearest pool instructions, once scored.
    public var neighbours: [ScoredNeighbour]

    /// A candidate summary.
    public init(
        key: String, recordID: String?, round: Int?, instruction: String, status: RecordStatus,
        bestScore: Double? = nil, reason: StatusReason? = nil, neighbours: [ScoredNeighbour] = []
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

    /// A pool record as a Live candidate.
    init(entry: PoolEntry) {
        self.init(
            key: entry.id, recordID: entry.id, round: entry.round, instruction: entry.instruction, status: entry.status,
            bestScore: entry.nearestSimilarity, reason: entry.why)
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
    /// Each endpoint's status, when generation spreads requests over several.
    case endpoints([EndpointStatus])
    /// A candidate appeared or changed.
    case candidate(CandidateSummary)
    /// Records were added to or changed in the pool by the engine.
    case recordsChanged([PoolEntry])
    /// What the pool has spent over all its runs (its spending ledger): tokens in and out,
    /// the cost in dollars (nil: unknown price), and whether some answers came without usage
    /// and were counted at four bytes a token.
    case usage(promptTokens: Int, completionTokens: Int, cost: Double?, estimated: Bool = false)
    /// The endpoint's health changed.
    case health(GenerationHealth)
    /// A line for the log (errors included, with `isError`).
    case log(String, isError: Bool)
    /// A classification or instance stage began asking about `tasks` tasks.
    case stageStarted(Stage, tasks: Int)
    /// A stage ended; the line says what its answers came to, for the log.
    case stageFinished(Stage, summary: String)
    /// A stage answered a task (its new record follows as `recordsChanged`).
    case taskAnswered(taskID: String, Stage)
    /// A task's request in a stage failed for good; the task waits to be asked again.
    case taskFailed(taskID: String, Stage, reason: String)
    /// A second passed while something counts down (a retry's wait): nothing changed but
    /// the time shown.
    case tick
}
