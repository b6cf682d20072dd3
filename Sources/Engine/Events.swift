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

/// A pool instruction close to a candidate, with its ROUGE-L F.
public struct Neighbour: Sendable, Hashable, Codable {
    /// The pool instruction's text.
    public var instruction: String
    /// ROUGE-L F with the candidate as target.
    public var score: Double

    /// A neighbour at `score`.
    public init(instruction: String, score: Double) {
        self.instruction = instruction
        self.score = score
    }
}

/// Tokens a request used, as the endpoint reported them.
public struct TokenUsage: Sendable, Hashable, Codable {
    /// Tokens in the prompt.
    public var promptTokens: Int
    /// Tokens generated.
    public var completionTokens: Int

    /// Usage of `promptTokens` in and `completionTokens` out.
    public init(promptTokens: Int, completionTokens: Int) {
        self.promptTokens = promptTokens
        self.completionTokens = completionTokens
    }
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

    /// A summary from its counts.
    public init(round: Int, parsed: Int, accepted: Int, pending: Int, rejectedByReason: [String: Int]) {
        self.round = round
        self.parsed = parsed
        self.accepted = accepted
        self.pending = pending
        self.rejectedByReason = rejectedByReason
    }
}

/// A failure the engine reports and carries on after.
public struct EngineError: Error, Sendable, Hashable, CustomStringConvertible {
    private enum Kind: Sendable, Hashable {
        case requestGaveUp(RequestID, attempts: Int, lastError: String)
        case templates(TemplateError)
    }

    private let kind: Kind

    private init(_ kind: Kind) {
        self.kind = kind
    }

    /// Every attempt of `request` failed; like upstream, its prompt yields nothing.
    public static func requestGaveUp(_ request: RequestID, attempts: Int, lastError: String) -> EngineError {
        EngineError(.requestGaveUp(request, attempts: attempts, lastError: lastError))
    }

    /// The pool's template folder could not be used.
    public static func templates(_ error: TemplateError) -> EngineError {
        EngineError(.templates(error))
    }

    /// What happened and what to do next.
    public var description: String {
        switch kind {
        case .requestGaveUp(let request, let attempts, let lastError):
            "request \(request) failed \(attempts) times, last with: \(lastError). Its prompt yields nothing this round; check the endpoint."
        case .templates(let error):
            error.description
        }
    }
}

/// What the engine reports as it works; the workbench and the headless progress display
/// consume these. Plain values: nothing here refers back into the engine.
public enum EngineEvent: Sendable {
    /// An instruction round began, sending `requests` prompts.
    case roundStarted(round: Int, requests: Int)
    /// An instruction round ended.
    case roundFinished(RoundSummary)
    /// A request went out (first attempt).
    case requestSent(RequestID, sampling: SamplingParameters)
    /// A request failed and will be tried again after `delay`.
    case requestRetried(RequestID, attempt: Int, delay: Duration, reason: String)
    /// Streamed text arrived for a request (a delta, not the whole text so far).
    case tokensStreamed(RequestID, delta: String)
    /// A request's completion is complete; `cutOffByLength` is `finish_reason == "length"`.
    case requestFinished(RequestID, cutOffByLength: Bool)
    /// A candidate came out of a completion (possibly already refused by the parser).
    case candidateParsed(CandidateID, ParsedCandidate)
    /// A candidate was refused.
    case candidateRejected(CandidateID, RejectionReason)
    /// A candidate was compared with the pool: its 10 nearest and its mean similarity.
    case candidateScored(CandidateID, nearest: [Neighbour], mean: Double)
    /// A candidate passed every filter and waits for a person.
    case candidatePending(CandidateID)
    /// A candidate joined the pool.
    case candidateAccepted(CandidateID)
    /// A task (by pool id) was classified.
    case classified(taskID: String, ClassificationAnswer)
    /// A task's (by pool id) instances were parsed and filtered.
    case instancesSelected(taskID: String, InstanceSelection)
    /// Tokens a request used.
    case usage(RequestID, TokenUsage)
    /// Something failed; the engine carries on.
    case error(EngineError)
}
