/// What the client reports while it works, for an engine to show or log.
public enum ClientEvent: Sendable {
    /// An attempt failed and the request will be sent again.
    case retrying(RetryNotice)
    /// A request got its answer.
    case finished(RequestSummary)
    /// A request about to go out, when debug output is on. Authorization and other
    /// secret-looking headers are redacted.
    case debug(String)
}

/// One retry: which request, which attempt failed, why, and how long the client waits.
public struct RetryNotice: Sendable, Equatable, CustomStringConvertible {
    /// The client's number for the request (shared by its attempts).
    public var requestID: Int
    /// The endpoint URL.
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

/// A finished request's accounting.
public struct RequestSummary: Sendable, Equatable {
    /// The client's number for the request.
    public var requestID: Int
    /// The endpoint URL.
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
