import FlyingFox
import FlyingSocks
import Foundation
import Synchronization

/// An in-process OpenAI-compatible server on 127.0.0.1 for tests: it answers
/// from a script of replies, with faults on demand (429, 5xx, HTML pages, garbage, slow
/// answers, streams split anywhere or dropped midway), and records what it received.
public final class FakeLLMServer: Sendable {
    /// One scripted answer.
    public indirect enum Reply: Sendable {
        /// A /completions answer; `finishReason` nil sends JSON null.
        case completion(text: String, finishReason: String? = "stop", promptTokens: Int = 5, completionTokens: Int = 7)
        /// A /chat/completions answer.
        case chat(text: String, finishReason: String? = "stop", promptTokens: Int = 5, completionTokens: Int = 7)
        /// Any status, body and headers.
        case raw(status: Int, body: String, contentType: String = "application/json", headers: [String: String] = [:])
        /// A `text/event-stream` body sent as chunks cut at the given byte offsets.
        case stream(StreamScript)
        /// Headers promising `body` plus more, then the connection closes after `body`.
        case hangUp(afterSending: String)
        /// The reply, after a pause (a slow server; a long one is a stall before headers).
        case delayed(Duration, Reply)
        /// The reply's headers at once, then its body one byte per `interval`.
        case dripped(Reply, every: Duration)

        /// A completions stream sending `text` a word at a time, as a model streams tokens.
        public static func streamedWordByWord(_ text: String) -> Reply {
            let pieces = text.split(separator: " ", omittingEmptySubsequences: false).enumerated().map { $0.offset == 0 ? String($0.element) : " " + $0.element }
            return .stream(StreamScript(body: StreamScript.completion(pieces)))
        }

        /// A completions stream that sends `pieces`, then falls silent for `stall` before
        /// its finish and `[DONE]`.
        public static func stallingStream(_ pieces: [String], stall: Duration) -> Reply {
            // The whole stream begins with the same bytes as the one without its end.
            let head = StreamScript.completion(pieces, finishReason: nil, done: false)
            return .stream(StreamScript(body: StreamScript.completion(pieces), splitPoints: [head.utf8.count], pause: stall))
        }

        /// A completions stream that sends `pieces`, then half of the next event, then drops
        /// the connection.
        public static func streamCutMidItem(_ pieces: [String]) -> Reply {
            let body = StreamScript.completion(pieces, finishReason: nil, done: false) + #"data: {"choices":[{"index":0,"te"#
            return .stream(StreamScript(body: body, dropAtEnd: true))
        }

        /// `count` answers of HTTP 429 without Retry-After: a rate-limit storm.
        public static func rateLimitStorm(_ count: Int) -> [Reply] {
            Array(repeating: .rateLimited(retryAfter: nil), count: count)
        }

        /// A 200 completion whose text is `bytes` long: an answer no model should send.
        public static func oversized(bytes: Int) -> Reply {
            .completion(text: String(repeating: "x", count: bytes))
        }

        /// HTTP 429 with an optional Retry-After header.
        public static func rateLimited(retryAfter: String?) -> Reply {
            .raw(status: 429, body: #"{"error":{"message":"Rate limit reached","type":"requests","code":"rate_limit_exceeded"}}"#,
                 headers: retryAfter.map { ["Retry-After": $0] } ?? [:])
        }

        /// An HTTP 5xx with an OpenAI-style error body.
        public static func serverError(_ status: Int = 500) -> Reply {
            .raw(status: status, body: #"{"error":{"message":"The server had an error","type":"server_error"}}"#)
        }

        /// An HTML error page, as a proxy in front of the model sends.
        public static func htmlPage(status: Int) -> Reply {
            .raw(status: status, body: "<!DOCTYPE html>\n<html><head><title>Bad Gateway</title></head><body><h1>nginx</h1></body></html>", contentType: "text/html")
        }

        /// A 200 HTML login page, as a captive portal or an SSO proxy sends for any URL.
        public static let loginPage = Reply.raw(
            status: 200, body: "<!DOCTYPE html>\n<html><head><title>Sign in</title></head><body><form action=\"/login\"></form></body></html>",
            contentType: "text/html; charset=utf-8")

        /// A 200 JSON answer with no `choices`, as a non-OpenAI API at the base URL sends.
        public static let jsonWithoutChoices = Reply.raw(status: 200, body: #"{"status":"ok","version":"1.2.3"}"#)

        /// HTTP 401 for a wrong key, as OpenAI sends it.
        public static let invalidAPIKey = Reply.raw(
            status: 401,
            body: #"{"error":{"message":"Incorrect API key provided: sk-abc***xyz. You can find your API key at https://platform.openai.com/account/api-keys.","type":"invalid_request_error","param":null,"code":"invalid_api_key"}}"#)

        /// HTTP 403 for a key that may not use the model, as OpenAI sends it.
        public static let modelForbidden = Reply.raw(
            status: 403,
            body: #"{"error":{"message":"You are not allowed to sample from this model","type":"invalid_request_error","param":null,"code":null}}"#)

        /// HTTP 404 for an unknown model, as OpenAI sends it.
        public static let modelNotFound = Reply.raw(
            status: 404,
            body: #"{"error":{"message":"The model `gpt-9` does not exist or you do not have access to it.","type":"invalid_request_error","param":null,"code":"model_not_found"}}"#)

        /// HTTP 400 for a request the API does not take, as OpenAI sends it.
        public static let unrecognizedArgument = Reply.raw(
            status: 400,
            body: #"{"error":{"message":"Unrecognized request argument supplied: logit_bias","type":"invalid_request_error","param":null,"code":null}}"#)

        /// HTTP 400 context_length_exceeded, as OpenAI and llama.cpp's server send it.
        public static let contextLengthExceeded = Reply.raw(
            status: 400,
            body: #"{"error":{"message":"This model's maximum context length is 2048 tokens. However, you requested 2100 tokens.","type":"invalid_request_error","param":"messages","code":"context_length_exceeded"}}"#)
    }

    /// A responder that answers each stage's prompts as a model would, for headless pipeline
    /// runs: an instruction prompt (ending with the next number and a period) gets
    /// `instructions`, a classification prompt (ending with `Is it classification?`) gets
    /// `classify(instruction)`, and an instance prompt (ending with `Task: …` and a line
    /// break) gets `instances(instruction)`, where `instruction` is the task's text.
    public static func pipelineResponder(
        instructions: String, classify: @escaping @Sendable (String) -> String, instances: @escaping @Sendable (String) -> String
    ) -> @Sendable (RecordedRequest) -> Reply {
        { request in
            let prompt = request.json?["prompt"] as? String ?? ""
            let lines = prompt.split(separator: "\n", omittingEmptySubsequences: false)
            let task = lines.last { $0.hasPrefix("Task: ") }.map { String($0.dropFirst("Task: ".count)) } ?? ""
            if prompt.hasSuffix("Is it classification?") { return .completion(text: classify(task)) }
            if prompt.hasSuffix("\n") && !task.isEmpty { return .completion(text: instances(task)) }
            return .completion(text: instructions)
        }
    }

    /// A scripted event stream: the whole body, where to cut it into chunks, and whether the
    /// connection drops after the last chunk instead of ending cleanly.
    public struct StreamScript: Sendable {
        /// The raw SSE text.
        public var body: String
        /// Byte offsets where one chunk ends and the next begins.
        public var splitPoints: [Int]
        /// Close the connection without the final chunk terminator after the chunks.
        public var dropAtEnd: Bool
        /// Silence before each chunk after the first (a stall, or a slow drip).
        public var pause: Duration?

        /// A script; with no split points the body goes as one chunk.
        public init(body: String, splitPoints: [Int] = [], dropAtEnd: Bool = false, pause: Duration? = nil) {
            self.body = body
            self.splitPoints = splitPoints
            self.dropAtEnd = dropAtEnd
            self.pause = pause
        }

        /// An OpenAI-style completions stream of `pieces`, with a `: ping` comment, the
        /// finish reason (left out when nil), usage if given, and `[DONE]`.
        public static func completion(_ pieces: [String], finishReason: String? = "stop",
                                      usage: (prompt: Int, completion: Int)? = nil, done: Bool = true) -> String {
            var body = ": ping - 2025-01-01 00:00:00\r\n\r\n"
            for piece in pieces {
                body += "data: \(json(["id": "cmpl-1", "model": "fake-model", "object": "text_completion", "choices": [["index": 0, "text": piece, "finish_reason": NSNull()]]]))\r\n\r\n"
            }
            if let finishReason {
                body += "data: \(json(["id": "cmpl-1", "model": "fake-model", "choices": [["index": 0, "text": "", "finish_reason": finishReason]]]))\r\n\r\n"
            }
            if let usage {
                body += "data: \(json(["id": "cmpl-1", "model": "fake-model", "choices": [] as [Any], "usage": ["prompt_tokens": usage.prompt, "completion_tokens": usage.completion, "total_tokens": usage.prompt + usage.completion]]))\r\n\r\n"
            }
            if done { body += "data: [DONE]\r\n\r\n" }
            return body
        }
    }

    /// A request as the server saw it.
    public struct RecordedRequest: Sendable {
        /// GET or POST.
        public var method: String
        /// The path, e.g. "/v1/completions".
        public var path: String
        /// Header name (as sent) → value.
        public var headers: [String: String]
        /// The raw body.
        public var body: Data

        /// The body parsed as a JSON object, if it is one.
        public var json: [String: Any]? {
            (try? JSONSerialization.jsonObject(with: body)) as? [String: Any]
        }
    }

    private struct State {
        var script: [Reply] = []
        var requests: [RecordedRequest] = []
        var received = 0
        var inFlight = 0
        var maxInFlight = 0
        var waiters: [(count: Int, continuation: CheckedContinuation<Void, Never>)] = []
    }

    private let server: HTTPServer
    private let task: Task<Void, any Error>
    private let state = Mutex(State())
    /// The pause before every unscripted answer. Unscripted answers are a completion or
    /// chat answer "ok", or for GET /models the list ["fake-model"].
    public let fallbackLatency: Duration?
    /// Makes the answer to every unscripted completion or chat request, when set.
    private let responder: (@Sendable (RecordedRequest) -> Reply)?
    /// "http://127.0.0.1:PORT/v1"
    public let baseURL: String
    /// The files and batches API (scripted replies come first there too, as faults); each
    /// batch line is answered as the same request would be live when unscripted (by
    /// `responder`, else "ok").
    public let batches = FakeBatchAPI()

    /// Starts a server on a free port and waits until it listens. `fallbackLatency` delays
    /// every unscripted answer (a slow model); `responder`, when given, makes those answers
    /// from the request instead of "ok".
    public init(fallbackLatency: Duration? = nil, responder: (@Sendable (RecordedRequest) -> Reply)? = nil) async throws {
        // FlyingFox answers 500 for a handler still running after its timeout (15 s by
        // default), which a loaded CI machine reaches while merely stalled: the scripts decide
        // how long an answer takes, never the server's timer.
        let server = HTTPServer(address: try sockaddr_in.inet(ip4: "127.0.0.1", port: 0), timeout: 24 * 3600, logger: .disabled)
        self.server = server
        self.fallbackLatency = fallbackLatency
        self.responder = responder
        task = Task { try await server.run() }
        // Generous: on a loaded 2-core CI machine the whole test process can stall for 25 s.
        try await server.waitUntilListening(timeout: 300)
        guard case .ip4(_, let port)? = await server.listeningAddress else {
            throw SocketError.unsupportedAddress
        }
        baseURL = "http://127.0.0.1:\(port)/v1"
        await server.appendRoute("*") { [weak self] request in
            guard let self else { return HTTPResponse(statusCode: .serviceUnavailable) }
            return try await self.handle(request)
        }
    }

    /// Stops listening and closes every connection.
    public func stop() async {
        await server.stop(timeout: 0)
        task.cancel()
    }

    /// Appends replies to the script; each request takes the next one.
    public func enqueue(_ replies: Reply...) {
        enqueue(contentsOf: replies)
    }

    /// Appends a list of replies to the script (a storm of 429s, say).
    public func enqueue(contentsOf replies: [Reply]) {
        state.withLock { $0.script += replies }
    }

    /// Every request received so far, in order of arrival.
    public var requests: [RecordedRequest] { state.withLock { $0.requests } }

    /// How many requests the server has received in all.
    public var receivedCount: Int { state.withLock { $0.received } }

    /// Returns once the server has received `count` requests in all.
    public func waitForRequests(_ count: Int) async {
        await withCheckedContinuation { continuation in
            let reached = state.withLock { state -> Bool in
                if state.received >= count { return true }
                state.waiters.append((count, continuation))
                return false
            }
            if reached { continuation.resume() }
        }
    }

    /// The most requests that were being answered at the same time.
    public var maxInFlight: Int { state.withLock { $0.maxInFlight } }

    private func handle(_ request: HTTPRequest) async throws -> HTTPResponse {
        let body = try await request.bodyData
        var headers: [String: String] = [:]
        for (name, value) in request.headers { headers[name.rawValue] = value }
        let recorded = RecordedRequest(method: request.method.rawValue, path: request.path, headers: headers, body: body)
        let (reply, arrived) = state.withLock { state -> (Reply?, [CheckedContinuation<Void, Never>]) in
            state.requests.append(recorded)
            state.received += 1
            state.inFlight += 1
            state.maxInFlight = max(state.maxInFlight, state.inFlight)
            let arrived = state.waiters.filter { $0.count <= state.received }.map(\.continuation)
            state.waiters.removeAll { $0.count <= state.received }
            return (state.script.isEmpty ? nil : state.script.removeFirst(), arrived)
        }
        for waiter in arrived { waiter.resume() }
        defer { state.withLock { $0.inFlight -= 1 } }
        if let reply { return try await respond(reply) }
        if batches.serves(recorded.path) {
            let (status, body) = try await batches.respond(method: recorded.method, path: recorded.path, headers: headers, body: body) { path, body in
                try await self.unscriptedAnswer(RecordedRequest(method: "POST", path: path, headers: [:], body: body))
            }
            return HTTPResponse(statusCode: HTTPStatusCode(status, phrase: "Batch"), headers: [.contentType: "application/json"], body: body)
        }
        if let fallbackLatency { try await Task.sleep(for: fallbackLatency) }
        if request.path.hasSuffix("/models") {
            return try await respond(.raw(status: 200, body: Self.json(["object": "list", "data": [["id": "fake-model", "object": "model"]]])))
        }
        if let responder { return try await respond(responder(recorded)) }
        return try await respond(request.path.hasSuffix("/chat/completions") ? .chat(text: "ok") : .completion(text: "ok"))
    }

    /// A batch line's answer: what the request gets live when nothing is scripted.
    private func unscriptedAnswer(_ request: RecordedRequest) async throws -> (status: Int, body: Data) {
        let reply = responder?(request) ?? (request.path.hasSuffix("/chat/completions") ? .chat(text: "ok") : .completion(text: "ok"))
        let response = try await respond(reply)
        return (response.statusCode.code, try await response.bodyData)
    }

    private func respond(_ reply: Reply) async throws -> HTTPResponse {
        switch reply {
        case .completion(let text, let finishReason, let promptTokens, let completionTokens):
            let choice: [String: Any] = ["index": 0, "text": text, "logprobs": NSNull(), "finish_reason": finishReason ?? NSNull()]
            return Self.jsonResponse(["id": "cmpl-1", "object": "text_completion", "model": "fake-model", "choices": [choice],
                                      "usage": ["prompt_tokens": promptTokens, "completion_tokens": completionTokens, "total_tokens": promptTokens + completionTokens]])
        case .chat(let text, let finishReason, let promptTokens, let completionTokens):
            let choice: [String: Any] = ["index": 0, "message": ["role": "assistant", "content": text], "finish_reason": finishReason ?? NSNull()]
            return Self.jsonResponse(["id": "chatcmpl-1", "object": "chat.completion", "model": "fake-model", "choices": [choice],
                                      "usage": ["prompt_tokens": promptTokens, "completion_tokens": completionTokens, "total_tokens": promptTokens + completionTokens]])
        case .raw(let status, let body, let contentType, let extra):
            var headers = HTTPHeaders()
            headers[.contentType] = contentType
            for (name, value) in extra { headers[HTTPHeader(name)] = value }
            return HTTPResponse(statusCode: HTTPStatusCode(status, phrase: "Scripted"), headers: headers, body: Data(body.utf8))
        case .stream(let script):
            let bytes = Array(script.body.utf8)
            var pieces: [[UInt8]] = []
            var start = 0
            for point in script.splitPoints.sorted() where point > start && point < bytes.count {
                pieces.append(Array(bytes[start..<point]))
                start = point
            }
            pieces.append(Array(bytes[start...]))
            var headers = HTTPHeaders()
            headers[.contentType] = "text/event-stream"
            return HTTPResponse(statusCode: .ok, headers: headers,
                                body: HTTPBodySequence(from: ScriptedBytes(pieces: pieces, failAtEnd: script.dropAtEnd, pause: script.pause)))
        case .hangUp(let sent):
            let bytes = Array(sent.utf8)
            return HTTPResponse(statusCode: .ok, headers: [.contentType: "application/json"],
                                body: HTTPBodySequence(from: ScriptedBytes(pieces: bytes.isEmpty ? [] : [bytes], failAtEnd: true, pause: nil),
                                                       count: bytes.count + 100))
        case .delayed(let pause, let next):
            try await Task.sleep(for: pause)
            return try await respond(next)
        case .dripped(let reply, let interval):
            var response = try await respond(reply)
            let bytes = [UInt8](try await response.bodyData)
            response.payload = .httpBody(HTTPBodySequence(from: ScriptedBytes(pieces: bytes.map { [$0] }, failAtEnd: false, pause: interval),
                                                          count: bytes.count))
            return response
        }
    }

    static func json(_ object: Any) -> String {
        let data = try! JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes])
        return String(decoding: data, as: UTF8.self)
    }

    private static func jsonResponse(_ object: Any) -> HTTPResponse {
        HTTPResponse(statusCode: .ok, headers: [.contentType: "application/json"], body: Data(json(object).utf8))
    }
}

/// Bytes handed to the server one scripted piece per write, optionally with a pause before
/// each piece after the first; optionally an error at the end, which makes the server close
/// the connection mid-response.
private struct ScriptedBytes: AsyncBufferedSequence, Sendable {
    typealias Element = UInt8
    let pieces: [[UInt8]]
    let failAtEnd: Bool
    let pause: Duration?

    struct Dropped: Error {}

    struct AsyncIterator: AsyncBufferedIteratorProtocol {
        var pieces: ArraySlice<[UInt8]>
        let failAtEnd: Bool
        let pause: Duration?
        var started = false

        mutating func next() async throws -> UInt8? {
            fatalError("the server reads whole buffers")
        }

        mutating func nextBuffer(suggested count: Int) async throws -> [UInt8]? {
            if let pause, started, !pieces.isEmpty { try await Task.sleep(for: pause) }
            started = true
            if let piece = pieces.popFirst() { return piece }
            if failAtEnd { throw Dropped() }
            return nil
        }
    }

    func makeAsyncIterator() -> AsyncIterator {
        AsyncIterator(pieces: pieces[...], failAtEnd: failAtEnd, pause: pause)
    }
}
