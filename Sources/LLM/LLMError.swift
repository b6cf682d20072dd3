/// Why a request to the model endpoint failed, in words for the person running the tool:
/// what happened, where (the URL) and what to do. Compare `code` to tell kinds apart.
/// Never contains the API key.
public struct LLMError: Error, Sendable, CustomStringConvertible {
    /// The kind of failure, for code that reacts to it (`error.code == .rateLimited`).
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        fileprivate enum Base: String, Hashable, Sendable {
            case invalidConfiguration, invalidRequest, connectionFailed, timedOut, rateLimited
            case serverError, contextLengthExceeded, unauthorized, forbidden, notFound
            case badRequest, notJSON, malformedResponse, emptyChoices, streamInterrupted, answerTooLarge
        }
        fileprivate let base: Base

        /// The configuration cannot work (a malformed base URL, say).
        public static let invalidConfiguration = Code(base: .invalidConfiguration)
        /// The request cannot be sent as asked (streaming with n > 1, say).
        public static let invalidRequest = Code(base: .invalidRequest)
        /// No connection: refused, reset, or dropped before a complete answer.
        public static let connectionFailed = Code(base: .connectionFailed)
        /// The server did not answer in time.
        public static let timedOut = Code(base: .timedOut)
        /// HTTP 429 on every attempt, or a Retry-After longer than the policy accepts.
        public static let rateLimited = Code(base: .rateLimited)
        /// HTTP 5xx on every attempt.
        public static let serverError = Code(base: .serverError)
        /// The prompt leaves no room for an answer even with the smallest max_tokens.
        public static let contextLengthExceeded = Code(base: .contextLengthExceeded)
        /// HTTP 401: the API key is missing or wrong.
        public static let unauthorized = Code(base: .unauthorized)
        /// HTTP 403: the key may not use this model or endpoint.
        public static let forbidden = Code(base: .forbidden)
        /// HTTP 404: wrong base URL, or an unknown model.
        public static let notFound = Code(base: .notFound)
        /// Another HTTP 4xx: the server rejected the request.
        public static let badRequest = Code(base: .badRequest)
        /// The answer was not JSON (an HTML error page from a proxy, say).
        public static let notJSON = Code(base: .notJSON)
        /// JSON, but not the shape an OpenAI-compatible server sends.
        public static let malformedResponse = Code(base: .malformedResponse)
        /// A well-formed answer with no choices in it.
        public static let emptyChoices = Code(base: .emptyChoices)
        /// A stream broke after some text arrived; retrying would repeat that text.
        public static let streamInterrupted = Code(base: .streamInterrupted)
        /// The answer passed `EndpointConfiguration.maxAnswerBytes`; not retried.
        public static let answerTooLarge = Code(base: .answerTooLarge)

        /// The code's name, as in `rateLimited`.
        public var description: String { base.rawValue }
    }

    /// The kind of failure.
    public let code: Code
    /// The full human description.
    public let description: String
    /// The URL of the failed request, when there was one, credentials redacted.
    public let url: String?
    /// The HTTP status of the last answer, when one came.
    public let status: Int?
    /// How long the server asked to wait (a 429's Retry-After), when it said.
    public let retryAfter: Duration?

    /// True when sending more requests to this endpoint cannot help, so a run should stop
    /// at once rather than retry or go on to the next round: the key is refused (401, 403),
    /// the URL or model does not exist (404), the server rejects the request's shape (a
    /// 4xx other than 408 Request Timeout and 429), the base URL answers 200 with something
    /// that is not an OpenAI-compatible API, or the configuration or request cannot work.
    /// False for what may pass (timeouts, refused connections, 429, 5xx), for what depends
    /// on one prompt (context length exceeded, empty choices, an oversized answer) and for
    /// a stream that broke after text had arrived.
    public var makesEndpointUnusable: Bool {
        switch code.base {
        case .unauthorized, .forbidden, .notFound, .malformedResponse, .invalidConfiguration, .invalidRequest:
            true
        case .badRequest, .notJSON:
            status != 408
        case .connectionFailed, .timedOut, .rateLimited, .serverError, .contextLengthExceeded, .emptyChoices,
             .streamInterrupted, .answerTooLarge:
            false
        }
    }

    init(_ code: Code, _ description: String, url: String? = nil, status: Int? = nil, retryAfter: Duration? = nil) {
        self.code = code
        self.description = description
        self.url = url
        self.status = status
        self.retryAfter = retryAfter
    }
}

extension LLMError {
    static func invalidRequest(_ what: String) -> LLMError {
        LLMError(.invalidRequest, what)
    }

    static func invalidConfiguration(_ what: String) -> LLMError {
        LLMError(.invalidConfiguration, what)
    }

    /// The failure that ends a request whose attempts ran out or that cannot be retried.
    static func final(_ failure: AttemptFailure, url: String, attempts: Int) -> LLMError {
        let url = redactedURL(url)
        let tries = attempts == 1 ? "" : " (after \(attempts) attempts)"
        switch failure {
        case .rateLimited(let retryAfter, _):
            let wait = retryAfter.map { "; the server asked to wait \(formatSeconds($0))" } ?? ""
            return LLMError(.rateLimited, "\(url) kept answering 429 Too Many Requests\(tries)\(wait). Lower the requests or tokens per minute, or try again later.", url: url, status: 429,
                            retryAfter: retryAfter)
        case .rateLimitWaitTooLong(let retryAfter, let limit):
            return LLMError(.rateLimited, "\(url) answered 429 Too Many Requests and asked to wait \(formatSeconds(retryAfter)), longer than the \(formatSeconds(limit)) this client waits. Your quota may be used up: check the account's limits.", url: url, status: 429,
                            retryAfter: retryAfter)
        case .serverError(let status, let excerpt):
            return LLMError(.serverError, "\(url) answered HTTP \(status)\(tries): \(excerpt). The server is failing; check its log, or try again later.", url: url, status: status)
        case .timedOut(let message):
            return LLMError(.timedOut, "\(url) did not answer in time\(tries): \(message). The server may be overloaded; if it is only slow, raise the timeout (--timeout, or timeout in [endpoint] of the config file).", url: url)
        case .connection(let message):
            return LLMError(.connectionFailed, "Could not talk to \(url)\(tries): \(message). Is the server running and the base URL right?", url: url)
        case .contextLengthExceeded(let message, let maxTokens):
            let shrunk = maxTokens.map { " even with max_tokens \($0)" } ?? ""
            return LLMError(.contextLengthExceeded, "The prompt is too long for the model's context at \(url)\(shrunk): \(message). Use a shorter prompt (fewer demonstrations) or a model with a longer context.", url: url, status: 400)
        case .unauthorized(let excerpt):
            return LLMError(.unauthorized, "\(url) answered 401 Unauthorized: \(excerpt). Check the API key (--api-key or OPENAI_API_KEY).", url: url, status: 401)
        case .forbidden(let excerpt):
            return LLMError(.forbidden, "\(url) answered 403 Forbidden: \(excerpt). The API key may not use this model or endpoint: check its permissions.", url: url, status: 403)
        case .notFound(let excerpt):
            return LLMError(.notFound, "\(url) answered 404 Not Found: \(excerpt). Check the base URL (it usually ends in /v1) and the model name (`--model`; the server's /v1/models lists them).", url: url, status: 404)
        case .badRequest(let status, let excerpt):
            return LLMError(.badRequest, "\(url) rejected the request with HTTP \(status): \(excerpt). Check the request's parameters.", url: url, status: status)
        case .notJSON(let status, let excerpt):
            return LLMError(.notJSON, "\(url) answered HTTP \(status) with something that is not JSON (\(excerpt)). Is the base URL an OpenAI-compatible API (it usually ends in /v1)?", url: url, status: status)
        case .malformed(let message):
            return LLMError(.malformedResponse, "\(url) answered HTTP 200 with something that is not an OpenAI-compatible answer: \(message). Is the base URL an OpenAI-compatible API (it usually ends in /v1)?", url: url, status: 200)
        case .emptyChoices:
            return LLMError(.emptyChoices, "\(url) answered without any choices. The server may have filtered the output; try again or change the prompt.", url: url, status: 200)
        case .answerTooLarge(let message):
            return LLMError(.answerTooLarge, "Stopped reading \(url): \(message). No model sends that much within max_tokens: check that the base URL is the model's API and that the request sets max_tokens.", url: url)
        case .streamInterrupted(let message):
            return LLMError(.streamInterrupted, "The stream from \(url) broke after text had arrived: \(message). The text so far was delivered; not retried, since that would repeat it.", url: url)
        }
    }
}

/// "3 s", "1.5 s", "250 ms": a short human duration.
func formatSeconds(_ duration: Duration) -> String {
    let seconds = duration.seconds
    if seconds < 1 { return "\(Int((seconds * 1000).rounded())) ms" }
    if seconds == seconds.rounded() { return "\(Int(seconds)) s" }
    return "\((seconds * 10).rounded() / 10) s"
}
