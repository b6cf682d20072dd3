/// What a request is waiting for, as a waiting notice names it.
public enum WaitPhase: Sendable, Hashable, CustomStringConvertible {
    /// The TCP (and TLS) connection.
    case connection
    /// The first byte of the answer, after the request went out.
    case firstByte
    /// The next piece of an answer that has begun (a stream's next token).
    case nextPiece

    /// "the connection", "the first byte", "the next piece of the stream".
    public var description: String {
        switch self {
        case .connection: "the connection"
        case .firstByte: "the first byte"
        case .nextPiece: "the next piece of the answer"
        }
    }
}

/// One transfer's waits as a state machine over instants it is handed: it times out a
/// request whose first byte or next piece is overdue, and says when to report a long wait
/// (after `reportAfter`, or a third of the wait's timeout if that is sooner, so a short
/// `--timeout` still shows the wait before ending it; then once a second). It reads no clock, so tests drive it exactly;
/// the transfer thread feeds it real time. The connect timeout is libcurl's own.
struct TransferWatch: Sendable {
    /// What `check` found.
    enum Verdict: Sendable, Equatable {
        /// Nothing to do before `next`.
        case quiet(next: ContinuousClock.Instant)
        /// Report the wait, which `timeout` ends (then check again at `next`).
        case waiting(WaitPhase, waited: Duration, timeout: Duration, next: ContinuousClock.Instant)
        /// The wait passed its timeout: end the transfer with this message.
        case timedOut(String)
    }

    let timeouts: EndpointConfiguration.Timeouts
    /// No notice for waits shorter than this.
    let reportAfter: Duration
    private let started: ContinuousClock.Instant
    private var lastByte: ContinuousClock.Instant?
    /// The whole seconds of the current wait already reported.
    private var reportedSeconds: Int64 = 0

    init(timeouts: EndpointConfiguration.Timeouts, started: ContinuousClock.Instant, reportAfter: Duration = .seconds(3)) {
        self.timeouts = timeouts
        self.started = started
        self.reportAfter = reportAfter
    }

    /// Bytes (headers or body) arrived at `instant`: a new wait begins.
    mutating func received(at instant: ContinuousClock.Instant) {
        lastByte = instant
        reportedSeconds = 0
    }

    /// The verdict at `now`; `connected` says whether the connection is up yet.
    mutating func check(at now: ContinuousClock.Instant, connected: Bool) -> Verdict {
        let since = lastByte ?? started
        let limit = lastByte == nil ? timeouts.firstByte : timeouts.idle
        let waited = now - since
        if waited >= limit {
            return .timedOut(lastByte == nil
                ? "no answer within \(formatSeconds(limit)) of sending the request (the first-byte timeout)"
                : "nothing received for \(formatSeconds(limit)) in the middle of the answer (the idle timeout)")
        }
        let deadline = since + limit
        let seconds = waited.components.seconds
        let reportFrom = min(reportAfter, limit / 3)
        guard waited >= reportFrom, seconds > reportedSeconds else {
            let nextReport = since + max(reportFrom, .seconds(reportedSeconds + 1))
            return .quiet(next: min(deadline, nextReport))
        }
        reportedSeconds = seconds
        let phase: WaitPhase = lastByte != nil ? .nextPiece : connected ? .firstByte : .connection
        return .waiting(phase, waited: waited, timeout: phase == .connection ? timeouts.connect : limit,
                        next: min(deadline, since + .seconds(seconds + 1)))
    }
}
