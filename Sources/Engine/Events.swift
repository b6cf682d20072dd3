import LLM
import Similarity

/// The three kinds of request the engine makes.
public enum Stage: String, Sendable, Hashable, Codable, CaseIterable {
    /// Instruction generation (stage 1).
    case instructions
    /// Classification identification (stage 2).
    case classification
    /// Instance generation (stage 3).
    case instances
}

/// Names one request: its stage, its round, and its place among the round's requests.
public struct RequestID: Sendable, Hashable, Codable, CustomStringConvertible {
    /// The stage the request belongs to.
    public var stage: Stage
    /// The round (for stages 2 and 3, the batch) it was sent in.
    public var round: Int
    /// Its index within the round.
    public var index: Int

    /// The id of request `index` of `round` in `stage`.
    public init(stage: Stage, round: Int, index: Int) {
        self.stage = stage
        self.round = round
        self.index = index
    }

    /// E.g. `instructions 12.3`.
    public var description: String { "\(stage.rawValue) \(round).\(index)" }
}

/// Names one candidate instruction: the request whose completion held it and its position.
public struct CandidateID: Sendable, Hashable, Codable, CustomStringConvertible {
    /// The instruction-generation request.
    public var request: RequestID
    /// The candidate's `ParsedCandidate.position`.
    public var position: Int

    /// The id of the candidate at `position` in the completion of `request`.
    public init(request: RequestID, position: Int) {
        self.request = request
        self.position = position
    }

    /// E.g. `12.3#4`.
    public var description: String { "\(request.round).\(request.index)#\(position)" }
}

/// What one instruction round produced.
public struct RoundSummary: Sendable, Hashable {
    /// The round number.
    public var round: Int
    /// Candidates parsed from all of the round's completions.
    public var parsed: Int
    /// Candidates accepted into the pool.
    public var accepted: Int
    /// Candidates that passed the filters and wait for a person (supervised mode).
    public var pending: Int
    /// Rejected candidates counted by `RejectionReason.name`.
    public var rejectedByReason: [String: Int]
    /// Requests that failed for good and yielded nothing.
    public var failedRequests: Int

    /// A summary from its counts.
    public init(round: Int, parsed: Int, accepted: Int, pending: Int, rejectedByReason: [String: Int], failedRequests: Int = 0) {
        self.round = round
        self.parsed = parsed
        self.accepted = accepted
        self.pending = pending
        self.rejectedByReason = rejectedByReason
        self.failedRequests = failedRequests
    }

    /// Candidates rejected for any reason.
    public var rejected: Int { rejectedByReason.values.reduce(0, +) }
}

/// A failure the engine reports and carries on after (or, for the pool, stops on).
public struct EngineError: Error, Sendable, Hashable, CustomStringConvertible {
    private enum Kind: Sendable, Hashable {
        case requestFailed(RequestID, reason: String)
        case templates(TemplateError)
        case pool(String)
    }

    private let kind: Kind

    private init(_ kind: Kind) {
        self.kind = kind
    }

    /// `request` failed for good (the client's retries included); like upstream, its prompt
    /// yields nothing and the round carries on.
    public static func requestFailed(_ request: RequestID, reason: String) -> EngineError {
        EngineError(.requestFailed(request, reason: reason))
    }

    /// The pool's template folder could not be used.
    public static func templates(_ error: TemplateError) -> EngineError {
        EngineError(.templates(error))
    }

    /// Reading or writing the pool failed; `message` is the pool's own error, which names
    /// the file. The engine stops, since it cannot record what it generates.
    public static func pool(_ message: String) -> EngineError {
        EngineError(.pool(message))
    }

    /// The request that failed for good, when that is what this error reports.
    public var failedRequest: RequestID? {
        if case .requestFailed(let request, _) = kind { return request }
        return nil
    }

    /// What happened and what to do next.
    public var description: String {
        switch kind {
        case .requestFailed(let request, let reason):
            "request \(request) failed: \(reason) Its prompt yields nothing; the run carries on."
        case .templates(let error):
            error.description
        case .pool(let message):
            "the pool could not be updated: \(message) Generation stopped; fix the file, then run again (the pool keeps everything up to the last whole round)."
        }
    }
}

/// What the engine is doing, as the workbench's status line shows it.
public enum EngineState: String, Sendable, Hashable {
    /// Not running.
    case idle
    /// Generating: a round or a stage is under way.
    case running
    /// Paused by `pause()`; the round in progress finishes, no new one starts.
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
    /// Streamed text arrived for a request (a delta, not the whole text so far).
    case tokensStreamed(RequestID, delta: String)
    /// A request's completion is whole.
    case requestFinished(RequestID, finishReason: FinishReason, usage: Usage?)
    /// A candidate came out of a completion (possibly already refused by the parser).
    case candidateParsed(CandidateID, ParsedCandidate)
    /// A candidate was compared with the pool: its nearest instructions (highest first) and
    /// its mean similarity over everything compared.
    case candidateScored(CandidateID, nearest: [Neighbour], mean: Double)
    /// A candidate was refused; it is recorded in the pool as rejected under `recordID`.
    case candidateRejected(CandidateID, recordID: String, RejectionReason)
    /// A candidate passed every filter and waits for a person (supervised mode).
    case candidatePending(CandidateID, recordID: String)
    /// A candidate passed every filter and joined the pool (auto mode).
    case candidateAccepted(CandidateID, recordID: String)
    /// A task (by pool id) was classified.
    case classified(taskID: String, ClassificationAnswer)
    /// A task's (by pool id) instances were parsed and filtered.
    case instancesSelected(taskID: String, InstanceSelection)
    /// Tokens and cost of every request so far in this engine's life.
    case usage(UsageTotals)
    /// Something failed.
    case error(EngineError)
}
