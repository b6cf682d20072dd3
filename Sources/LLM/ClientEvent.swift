/// What the client reports while it works, for an engine to show or log.
public enum ClientEvent: Sendable {
    /// An attempt failed and the request will be sent again.
    case retrying(RetryNotice)
    /// A request got its answer.
    case finished(RequestSummary)
    /// A request has waited a while for its connection, first byte or next piece: sent
    /// about once a second from the third second of a wait on, so a UI can show it.
    case waiting(WaitNotice)
    /// A request about to go out, when debug output is on. Authorization and other
    /// secret-looking headers are redacted.
    case debug(String)
}

/// One retry: which request, which attempt failed, why, and how long the client waits.
public struct RetryNotice: Sendable, Equatable, CustomStringConvertible {
    /// The client's number for the request (shared by its attempts).
    public var requestID: Int
    /// The endpoint URL, credentials redacted.
    public var url: String
    /// The attempt that failed, from 1.
    public var attempt: Int
    /// The attempts the policy allows.
    public var maxAttempts: Int
    /// Why it failed.
    public var reason: RetryReason
    /// The wait before the next attempt.
    public var delay: Duration

    /// "request 7: HTTP 429 Too Many Requests (Retry-After 3 s); attempt 2 of 5 in 3 s"
    public var description: String {
        "request \(requestID) to \(url): \(reason); attempt \(attempt + 1) of \(maxAttempts) in \(formatSeconds(delay))"
    }
}

/// A request that is waiting: "request 7: waiting 45 s for the first byte from http://…".
public struct WaitNotice: Sendable, Equatable, CustomStringConvertible {
    /// The client's number for the request (shared by its attempts).
    public var requestID: Int
    /// The endpoint URL, credentials redacted.
    public var url: String
    /// What it waits for.
    public var phase: WaitPhase
    /// How long it has waited for it.
    public var waited: Duration
    /// The timeout that ends this wait.
    public var timeout: Duration

    /// "request 7: waiting 45 s for the first byte from http://127.0.0.1:8077/v1/completions"
    public var description: String {
        "request \(requestID): waiting \(formatSeconds(.seconds(waited.components.seconds))) for \(phase) from \(url)"
    }
}

/// A finished request's accounting.
public struct RequestSummary: Sendable, Equatable {
    /// The client's number for the request.
    public var requestID: Int
    /// The endpoint URL, credentials redacted.
    public var url: String
    /// The model that answered.
    public var model: String
    /// Tokens, if the server said.
    public var usage: Usage?
    /// Its cost (0 for local endpoints).
    public var cost: Double
    /// HTTP requests sent, retries included.
    public var attempts: Int
    /// From the first attempt to the answer, by the client's clock.
    public var duration: Duration
}
