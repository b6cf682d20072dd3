import LLM
import Similarity

/// What the engine is doing, as the workbench's status line shows it.
public enum EngineState: String, Sendable, Hashable {
    /// Not running.
    case idle
    /// Generating: a round or a stage is under way.
    case running
    /// Paused by `pause()`, or by a pool write that failed: no new request is sent; those on
    /// the wire finish, and the round completes once resumed.
    case paused
    /// Supervised mode: enough candidates are pending; waits until a person decides some.
    case waitingForReview
    /// `stop()` was called: the round in progress finishes, then the run ends.
    case stopping
}

/// What the engine reports as it works; the workbench and the headless progress display
/// consume these. Plain values: nothing here refers back into the engine, and the engine
/// keeps none of them after sending.
public enum EngineEvent: Sendable {
    /// The engine changed state.
    case stateChanged(EngineState)
    /// An instruction round began, sending `requests` prompts.
    case roundStarted(round: Int, requests: Int)
    /// An instruction round ended and its records are on disk.
    case roundFinished(RoundSummary)
    /// A request went out.
    case requestSent(RequestID)
    /// The client will send a request again after a failure (the client's own numbering).
    case requestRetried(RetryNotice)
    /// A request has waited a while for its connection, first byte or next piece (about
    /// once a second from the third second of a wait), so the wait shows as it happens.
    case requestWaiting(WaitNotice)
    /// Streamed text arrived for a request (a delta, not the whole text so far).
    case tokensStreamed(RequestID, delta: String)
    /// A request's completion is whole.
    case requestFinished(RequestID, finishReason: FinishReason, usage: Usage?)
    /// A candidate came out of a completion (possibly already refused by the parser).
    case candidateParsed(CandidateID, ParsedCandidate)
    /// A candidate was compared with the pool: its nearest instructions (highest first) and
    /// its mean similarity over everything compared.
    case candidateScored(CandidateID, nearest: [Neighbour], mean: Double?)
    /// A candidate was refused; it is recorded in the pool as rejected under `recordID`.
    case candidateRejected(CandidateID, recordID: String, RejectionReason)
    /// A candidate passed every filter and waits for a person (supervised mode).
    case candidatePending(CandidateID, recordID: String)
    /// A candidate passed every filter and joined the pool (auto mode).
    case candidateAccepted(CandidateID, recordID: String)
    /// A classification or instance stage began asking about `tasks` tasks.
    case stageStarted(Stage, tasks: Int)
    /// A classification or instance stage ended; what its answers came to.
    case stageFinished(Stage, StageSummary)
    /// A task's (by pool id) request in a stage failed for good; the task is left as it
    /// was, to be asked again.
    case taskFailed(taskID: String, Stage, RequestFailure)
    /// A task (by pool id) was classified.
    case classified(taskID: String, ClassificationAnswer)
    /// A task's (by pool id) instances were parsed and filtered.
    case instancesSelected(taskID: String, InstanceSelection)
    /// Tokens and cost of every request so far in this engine's life.
    case usage(UsageTotals)
    /// Each endpoint's status (in flight, answers in the last minute, errors, cost, health),
    /// sent as requests start and end when the run has several endpoints.
    case endpoints([EndpointStatus])
    /// What the pool has spent over all its runs (its spending ledger, this request
    /// included), sent as each answered request is counted: survives restarts, and counts
    /// answers that came without usage at four bytes a token (`estimatedRequests`).
    case spent(Spending)
    /// A Batch API batch was submitted (or found open and resumed), changed status, or had
    /// its answers taken in (batch mode).
    case batchUpdated(BatchProgress)
    /// Something failed (a request, the pool); the run carries on or pauses, as the error says.
    case error(EngineError)
    /// The engine stopped asking the endpoint, and the run ends: why, with the URL and
    /// what to do. Sent once, just before `run`, `classify` or `generateInstances` throws
    /// `EngineError.halted` with the same reason.
    case halted(HaltReason)
}
