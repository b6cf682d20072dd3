import Engine
import Foundation
import LLM

/// Whether generation works, and if not, why: the endpoint's answers, a wait under way, a
/// halt, or the pool failing. Typed to the screen: the status bar and the log word it, and
/// the latest failure stays until a request succeeds.
public enum GenerationHealth: Sendable, Equatable {
    /// No endpoint in use.
    case none
    /// Requests succeed.
    case healthy
    /// The endpoint is starting (the local model), with what is happening in words.
    case starting(String)
    /// A request has waited a while for its connection, first byte or next piece.
    case waiting(WaitNotice)
    /// A Batch API batch is in flight (batch mode): its status and counts.
    case batch(BatchProgress)
    /// Requests fail, and why.
    case failing(EndpointFailure)
    /// The engine stopped asking the endpoint; space tries again (unless a budget stopped it).
    case halted(HaltReason)
    /// The pool could not be written (the engine's words); the round is kept until space
    /// resumes.
    case poolFailing(String)

    /// Whether something failed.
    public var isFailing: Bool {
        switch self {
        case .failing, .halted, .poolFailing: true
        case .none, .healthy, .starting, .waiting, .batch: false
        }
    }

    /// Whether `other` reports the same state for the same cause (a retry countdown that
    /// moved on is the same failure).
    func hasSameCause(as other: GenerationHealth) -> Bool {
        switch (self, other) {
        case (.failing(let mine), .failing(let theirs)): mine.cause == theirs.cause
        case (.waiting(let mine), .waiting(let theirs)): mine.requestID == theirs.requestID && mine.phase == theirs.phase
        default: self == other
        }
    }

    /// With a retry's wait counted from `time`, the session time it was reported at.
    func reported(at time: Double) -> GenerationHealth {
        guard case .failing(var failure) = self else { return self }
        failure.reportedAt = time
        return .failing(failure)
    }

    /// One short phrase as of session time `now`: `endpoint ok`, `endpoint down: HTTP 503,
    /// retry in 3 s`.
    public func description(at now: Double) -> String {
        switch self {
        case .none: "no endpoint"
        case .healthy: "endpoint ok"
        case .starting(let what): "starting: \(what)"
        case .batch(let progress): progress.description
        case .waiting(let notice): "waiting \(Int(notice.waited.components.seconds)) s for \(notice.phase) from \(notice.url)"
        case .failing(let failure): "endpoint down: \(failure.description(at: now))"
        case .halted(let reason): reason.budgetOverrun == nil ? "\(reason); space tries again" : "\(reason)"
        case .poolFailing(let message): message
        }
    }
}

/// Why requests to the endpoint fail, and when the next attempt goes out.
public struct EndpointFailure: Sendable, Hashable {
    /// The cause, as the client reported it.
    public enum Cause: Sendable, Hashable {
        /// HTTP 429.
        case rateLimited
        /// HTTP 5xx with this status.
        case serverError(status: Int)
        /// No answer in time.
        case timedOut
        /// No connection; the client's words (refused, reset, DNS...).
        case connectionFailed(String)
        /// The prompt leaves no room for an answer.
        case promptTooLong
        /// The endpoint could not be made ready (the local model did not start).
        case notStarted
        /// A request failed for good, after its retries; the engine's words.
        case requestFailed(String)
    }

    /// The cause.
    public var cause: Cause
    /// Seconds from the report until the next attempt; nil when none is scheduled.
    public var retryIn: Double?
    /// The session time of the report; the reducer sets it when the report arrives.
    public var reportedAt: Double = 0

    /// A failure with `cause`, retried after `retryIn` seconds if given.
    public init(_ cause: Cause, retryIn: Double? = nil) {
        self.cause = cause
        self.retryIn = retryIn
    }

    /// `429 rate limited, retry in 12 s`, counted down to session time `now`.
    public func description(at now: Double) -> String {
        let why = switch cause {
        case .rateLimited: "429 rate limited"
        case .serverError(let status): "HTTP \(status)"
        case .timedOut: "timed out"
        case .connectionFailed(let message): "connection failed: \(message)"
        case .promptTooLong: "prompt too long"
        case .notStarted: "not started (see the Log view)"
        case .requestFailed(let message): message
        }
        guard let retryIn else { return why }
        let left = max(0, Int((retryIn - (now - reportedAt)).rounded(.up)))
        return "\(why), retry in \(left) s"
    }
}
