import LLM

/// Sending a round's (or a stage batch's) requests through the Batch API instead of one by
/// one: cheaper and unattended, answered within 24 hours. The answers go through the same
/// parsing, filters and records as live answers.
public struct BatchMode: Sendable {
    /// What becomes of requests the batch did not answer (expired, failed, cancelled).
    public enum Leftovers: String, Sendable, Hashable, CaseIterable {
        /// Sent again live, at the live price, so the round or stage is whole.
        case live
        /// Reported as failed requests, as a live request that failed for good is.
        case report
    }

    /// What becomes of the requests the batch did not answer.
    public var leftovers: Leftovers
    /// The wait before the first poll of a batch's status.
    public var firstPoll: Duration
    /// The longest wait between polls: each wait doubles up to this.
    public var longestPoll: Duration
    /// The clock polls wait on (tests inject one that never sleeps).
    public var clock: any ClientClock

    /// Batch mode; by default leftovers go live and polls wait 10 s, doubling to 10 minutes.
    public init(leftovers: Leftovers = .live, firstPoll: Duration = .seconds(10), longestPoll: Duration = .seconds(600),
                clock: any ClientClock = SystemClock()) {
        self.leftovers = leftovers
        self.firstPoll = firstPoll
        self.longestPoll = max(firstPoll, longestPoll)
        self.clock = clock
    }

    /// The waits between polls: `firstPoll`, doubling each time, never above `longestPoll`.
    func pollDelays() -> some Sequence<Duration> {
        sequence(first: firstPoll) { [longestPoll] in min($0 * 2, longestPoll) }
    }
}

/// A batch in flight, as the engine reports it on each change: which stage and round it
/// serves and what the endpoint says of it.
public struct BatchProgress: Sendable, Hashable, CustomStringConvertible {
    /// The stage whose requests it holds.
    public var stage: Stage
    /// The round (for stages, the batch of tasks).
    public var round: Int
    /// The batch as last reported.
    public var job: BatchJob
    /// True when this run found the batch in the pool's batch ledger and polls it again
    /// instead of creating another.
    public var resumed: Bool
    /// True once its answers are in (the round's records follow).
    public var ingested: Bool
    /// Why the last poll failed (it is tried again at the next wait); nil when it worked.
    public var problem: String?

    /// Progress of a batch.
    public init(stage: Stage, round: Int, job: BatchJob, resumed: Bool, ingested: Bool = false) {
        self.stage = stage
        self.round = round
        self.job = job
        self.resumed = resumed
        self.ingested = ingested
    }

    /// E.g. `batch batch_abc (instructions round 3) in_progress 2/5`.
    public var description: String {
        let what = stage == .instructions ? "instructions round \(round)" : "\(stage.rawValue) batch \(round)"
        return "batch \(job.id) (\(what))\(resumed ? " resumed" : "") \(job.status) \(job.completed)/\(job.total)"
            + (job.failed > 0 ? ", \(job.failed) failed" : "") + (ingested ? ", answers in" : "")
            + (problem.map { "; last poll failed: \($0)" } ?? "")
    }
}
