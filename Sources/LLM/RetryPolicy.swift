/// How hard a request tries: bounded attempts, exponential backoff with jitter, the
/// server's Retry-After honoured, and max_tokens shrunk when the context overflows.
public struct RetryPolicy: Sendable {
    /// Attempts in all for rate limits, 5xx, timeouts and connection failures (first included).
    public var maxAttempts: Int
    /// The wait after the first failure; doubled after each further one.
    public var baseDelay: Duration
    /// No backoff wait is longer than this.
    public var maxDelay: Duration
    /// Spread of each backoff wait: 0.25 draws it from ±25% around the nominal delay, so
    /// many clients failing together do not come back together.
    public var jitter: Double
    /// A Retry-After longer than this ends the request instead (a used-up quota, say).
    public var maxRetryAfter: Duration
    /// On 400 context_length_exceeded, max_tokens is multiplied by this and the request
    /// sent again, as the original Self-Instruct scripts did.
    public var contextShrinkFactor: Double
    /// How many times max_tokens may be shrunk; these retries do not count as attempts.
    public var maxContextShrinks: Int

    /// A policy; the defaults suit a hosted API (5 attempts, 1 s doubling to 60 s).
    public init(
        maxAttempts: Int = 5,
        baseDelay: Duration = .seconds(1),
        maxDelay: Duration = .seconds(60),
        jitter: Double = 0.25,
        maxRetryAfter: Duration = .seconds(300),
        contextShrinkFactor: Double = 0.8,
        maxContextShrinks: Int = 10
    ) {
        self.maxAttempts = max(1, maxAttempts)
        self.baseDelay = baseDelay
        self.maxDelay = maxDelay
        self.jitter = min(max(jitter, 0), 1)
        self.maxRetryAfter = maxRetryAfter
        self.contextShrinkFactor = contextShrinkFactor
        self.maxContextShrinks = maxContextShrinks
    }

    /// One attempt and no waiting: for tools that would rather fail fast.
    public static let never = RetryPolicy(maxAttempts: 1, maxContextShrinks: 0)
}

/// Why a request is being sent again, as the engine shows it.
public enum RetryReason: Sendable, Equatable, CustomStringConvertible {
    /// HTTP 429; `retryAfter` is the wait the server asked for, if it said.
    case rateLimited(retryAfter: Duration?)
    /// HTTP 5xx.
    case serverError(status: Int)
    /// No answer in time.
    case timedOut
    /// Refused, reset or dropped connection; the text is libcurl's.
    case connectionFailed(String)
    /// HTTP 400 context_length_exceeded: sent again at once with a smaller max_tokens.
    case contextLengthExceeded(newMaxTokens: Int)

    /// A short phrase: "HTTP 429 Too Many Requests (Retry-After 3 s)".
    public var description: String {
        switch self {
        case .rateLimited(let retryAfter):
            "HTTP 429 Too Many Requests" + (retryAfter.map { " (Retry-After \(formatSeconds($0)))" } ?? "")
        case .serverError(let status): "HTTP \(status) server error"
        case .timedOut: "timed out"
        case .connectionFailed(let message): "connection failed: \(message)"
        case .contextLengthExceeded(let newMaxTokens): "prompt too long for the context; max_tokens now \(newMaxTokens)"
        }
    }
}

/// One request's retry lifecycle as an explicit state machine: feed it each failed attempt,
/// it says whether to wait and send again (and with what max_tokens) or give up. It keeps
/// no time and draws no random numbers itself, so tests drive it exactly.
struct RetryStateMachine: Sendable {
    enum Decision: Sendable, Equatable {
        case retry(after: Duration, reason: RetryReason)
        case fail(AttemptFailure)
    }

    let policy: RetryPolicy
    /// The attempt in progress, from 1; context shrinks do not count.
    private(set) var attempt = 1
    /// Attempts sent in all, shrinks included: what the final error reports.
    private(set) var sent = 1
    /// The max_tokens the next attempt must use.
    private(set) var maxTokens: Int?
    private var shrinks = 0

    init(policy: RetryPolicy, maxTokens: Int?) {
        self.policy = policy
        self.maxTokens = maxTokens
    }

    /// Decides after a failed attempt. `jitter` is a uniform draw from 0..<1.
    mutating func attemptFailed(_ failure: AttemptFailure, jitter: Double) -> Decision {
        switch failure {
        case .contextLengthExceeded:
            guard let current = maxTokens, shrinks < policy.maxContextShrinks else { return .fail(failure) }
            let smaller = Int(Double(current) * policy.contextShrinkFactor)
            guard smaller >= 1, smaller < current else { return .fail(failure) }
            maxTokens = smaller
            shrinks += 1
            sent += 1
            return .retry(after: .zero, reason: .contextLengthExceeded(newMaxTokens: smaller))
        case .rateLimited(let retryAfter, _):
            guard attempt < policy.maxAttempts else { return .fail(failure) }
            if let retryAfter {
                guard retryAfter <= policy.maxRetryAfter else {
                    return .fail(.rateLimitWaitTooLong(retryAfter, limit: policy.maxRetryAfter))
                }
                return next(after: retryAfter, reason: .rateLimited(retryAfter: retryAfter))
            }
            return next(after: backoff(jitter: jitter), reason: .rateLimited(retryAfter: nil))
        case .serverError(let status, _):
            guard attempt < policy.maxAttempts else { return .fail(failure) }
            return next(after: backoff(jitter: jitter), reason: .serverError(status: status))
        case .timedOut:
            guard attempt < policy.maxAttempts else { return .fail(failure) }
            return next(after: backoff(jitter: jitter), reason: .timedOut)
        case .connection(let message):
            guard attempt < policy.maxAttempts else { return .fail(failure) }
            return next(after: backoff(jitter: jitter), reason: .connectionFailed(message))
        case .rateLimitWaitTooLong, .unauthorized, .forbidden, .notFound, .badRequest, .notJSON,
             .malformed, .emptyChoices, .streamInterrupted, .answerTooLarge:
            return .fail(failure)
        }
    }

    /// The nominal wait before attempt n + 1 is baseDelay × 2^(n-1), capped, then spread
    /// by the jitter fraction.
    func backoff(jitter: Double) -> Duration {
        let nominal = min(policy.baseDelay.seconds * pow2(attempt - 1), policy.maxDelay.seconds)
        let spread = nominal * (1 + policy.jitter * (2 * jitter - 1))
        return .milliseconds(Int64((min(spread, policy.maxDelay.seconds) * 1000).rounded()))
    }

    private mutating func next(after delay: Duration, reason: RetryReason) -> Decision {
        attempt += 1
        sent += 1
        return .retry(after: delay, reason: reason)
    }

    private func pow2(_ n: Int) -> Double {
        Double(1 << min(max(n, 0), 30))
    }
}
