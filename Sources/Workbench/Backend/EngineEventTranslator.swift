import Engine
import LLM
import Pool

/// Turns the engine's events into the workbench's: a candidate is reported once it has a
/// verdict (with its neighbours and best score), requests in flight are counted, retries
/// become endpoint health with a short reason, and the pool's spending becomes the tokens
/// and cost shown (over all runs, so they survive a restart).
///
/// A plain value, fed in order by one consumer; it keeps only the current round's
/// candidates and record ids, so memory stays flat over a long session.
struct EngineEventTranslator {
    /// Whether the endpoint's price is known: otherwise the cost is reported as unknown.
    let costKnown: Bool
    /// The current round's candidates, as far as they are known.
    private var candidates: [CandidateID: CandidateSummary] = [:]
    /// Requests sent and not yet finished or failed.
    private var inFlight: Set<RequestID> = []
    /// The records the current round writes, for fetching once it is on disk.
    private(set) var roundRecordIDs: [String] = []
    /// The health last reported.
    private(set) var health = GenerationHealth.none

    init(costKnown: Bool) {
        self.costKnown = costKnown
    }

    /// The workbench's events for `event`, in order.
    mutating func translate(_ event: EngineEvent) -> [CurationEvent] {
        switch event {
        case .stateChanged(let state):
            return [.phase(Self.phase(state))]
        case .roundStarted(let round, let requests):
            candidates.removeAll()
            roundRecordIDs.removeAll()
            return [.roundStarted(round: round, requests: requests)]
        case .roundFinished(let summary):
            candidates.removeAll()
            inFlight = inFlight.filter { $0.round != summary.round || $0.stage != .instructions }
            // A finished round is in the pool: a write that failed before has gone through.
            let written = if case .poolFailing = health { setHealth(.healthy) } else { [CurationEvent]() }
            return written + [.roundFinished(round: summary.round, summary: summary.description), .inFlight(inFlight.count)]
        case .requestSent(let request):
            inFlight.insert(request)
            return [.inFlight(inFlight.count)]
        case .requestRetried(let notice):
            let failure = EndpointFailure(Self.cause(notice.reason), retryIn: Double(Self.retrySeconds(notice.delay)))
            // Reported even when equal to the last: each retry restarts the countdown.
            health = .failing(failure)
            return [.health(health), .log("retrying: \(notice)", isError: true)]
        case .tokensStreamed(let request, let delta):
            return [.streamed(request: request.description, delta: delta)]
        case .requestFinished(let request, _, _):
            inFlight.remove(request)
            return setHealth(.healthy) + [.requestFinished(request: request.description), .inFlight(inFlight.count)]
        case .candidateParsed(let id, let parsed):
            candidates[id] = CandidateSummary(
                key: id.description, recordID: nil, round: id.request.round,
                instruction: parsed.instruction.isEmpty ? parsed.raw : parsed.instruction, status: .pending)
            return []
        case .candidateScored(let id, let nearest, _):
            candidates[id]?.neighbours = nearest.map { ScoredNeighbour(id: $0.id, text: $0.text, score: $0.fmeasure) }
            candidates[id]?.bestScore = nearest.first?.fmeasure
            return []
        case .candidateRejected(let id, let recordID, let reason):
            return verdict(id, recordID: recordID, status: .rejected, reason: reason.statusReason)
        case .candidatePending(let id, let recordID):
            return verdict(id, recordID: recordID, status: .pending, reason: nil)
        case .candidateAccepted(let id, let recordID):
            return verdict(id, recordID: recordID, status: .accepted, reason: nil)
        case .classified(let taskID, let answer):
            let verdict = answer.isClassification ? "classification" : "not classification"
            return [.taskAnswered(taskID: taskID, .classification), .log("\(taskID): \(verdict) (answered \(answer.raw.debugDescription))", isError: false)]
        case .instancesSelected(let taskID, let selection):
            let kept = "\(taskID): \(selection.kept.count) instances kept" + (selection.taskRejection.map { ", none usable: \($0)" } ?? "")
            return [.taskAnswered(taskID: taskID, .instances), .log(kept, isError: false)]
        case .stageStarted(let stage, let tasks):
            return [.stageStarted(stage, tasks: tasks)]
        case .stageFinished(let stage, let summary):
            return [.stageFinished(stage, summary: summary.report(stage))]
        case .taskFailed(let taskID, let stage, let failure):
            return [.taskFailed(taskID: taskID, stage, reason: failure.description)]
        case .usage:
            // The client's totals cover this session only; `.spent` covers the pool.
            return []
        case .spent(let pool):
            return [usage(pool)]
        case .endpoints(let statuses):
            return [.endpoints(statuses)]
        case .error(let error):
            var events: [CurationEvent] = []
            if let request = error.failedRequest {
                if inFlight.remove(request) != nil { events.append(.inFlight(inFlight.count)) }
                // The latest failure stays in the status bar until a request succeeds.
                events += setHealth(.failing(EndpointFailure(.requestFailed(error.description))))
            } else if error.isPoolFailure {
                events += setHealth(.poolFailing(error.description))
            }
            return events + [.log(error.description, isError: true)]
        case .halted(let reason):
            return setHealth(.halted(reason)) + [.log(reason.description, isError: true)]
        case .requestWaiting(let notice):
            return setHealth(.waiting(notice))
        case .batchUpdated(let progress):
            return setHealth(progress.ingested ? .healthy : .batch(progress)) + [.log(progress.description, isError: progress.problem != nil)]
        }
    }

    /// The pool's spending as the workbench shows it.
    func usage(_ spending: Spending) -> CurationEvent {
        .usage(promptTokens: spending.promptTokens, completionTokens: spending.completionTokens,
               cost: costKnown ? spending.cost : nil, estimated: spending.estimatedRequests > 0)
    }

    private mutating func verdict(_ id: CandidateID, recordID: String, status: RecordStatus, reason: StatusReason?) -> [CurationEvent] {
        guard var candidate = candidates[id] else { return [] }
        candidate.recordID = recordID
        candidate.status = status
        candidate.reason = reason
        candidates[id] = candidate
        roundRecordIDs.append(recordID)
        return [.candidate(candidate)]
    }

    private mutating func setHealth(_ newHealth: GenerationHealth) -> [CurationEvent] {
        guard newHealth != health else { return [] }
        health = newHealth
        return [.health(newHealth)]
    }

    static func phase(_ state: EngineState) -> GenerationPhase {
        switch state {
        case .idle: .idle
        case .running: .generating
        case .paused: .paused
        case .waitingForReview: .waitingForReview
        case .stopping: .stopping
        }
    }

    /// The status bar's cause for a retry.
    static func cause(_ reason: RetryReason) -> EndpointFailure.Cause {
        switch reason {
        case .rateLimited: .rateLimited
        case .serverError(let status): .serverError(status: status)
        case .timedOut: .timedOut
        case .connectionFailed(let message): .connectionFailed(message)
        case .contextLengthExceeded: .promptTooLong
        }
    }

    /// Whole seconds until a retry, rounded up (at least 1 for any wait).
    static func retrySeconds(_ delay: Duration) -> Int {
        let (seconds, attoseconds) = delay.components
        return Int(seconds) + (attoseconds > 0 ? 1 : 0)
    }
}
