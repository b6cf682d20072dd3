import Foundation
import Synchronization

/// The OpenAI-compatible client: completions, chat completions, streams and the model
/// list, with retries, client-side rate limits and token accounting. All transfers run on
/// one libcurl thread owned by the client; create one client per endpoint and share it.
public final class LLMClient: Sendable {
    /// Where requests go.
    public let endpoint: EndpointConfiguration
    private let multi = CurlMulti()
    private let limiter: RateLimiter
    private let retryPolicy: RetryPolicy
    let prices: PriceTable
    private let clock: any ClientClock
    private let onEvent: (@Sendable (ClientEvent) -> Void)?
    private let debug: Bool
    private let totals = Mutex(UsageTotals())
    private let requestCounter = Atomic<Int>(0)

    /// A client for `endpoint`.
    /// - Parameters:
    ///   - limits: in-flight, requests-per-minute and tokens-per-minute caps.
    ///   - retryPolicy: attempts and backoff.
    ///   - prices: per-model prices; ignored (cost 0) for endpoints on this machine.
    ///   - clock: the time source for retry waits and rate limits (tests inject one).
    ///   - debug: report each request as a `.debug` event, with secrets redacted.
    ///   - onEvent: hears retries, finished requests and debug lines, on any thread.
    public init(
        endpoint: EndpointConfiguration,
        limits: RateLimits = RateLimits(),
        retryPolicy: RetryPolicy = RetryPolicy(),
        prices: PriceTable = PriceTable(),
        clock: any ClientClock = SystemClock(),
        debug: Bool = false,
        onEvent: (@Sendable (ClientEvent) -> Void)? = nil
    ) {
        self.endpoint = endpoint
        self.limiter = RateLimiter(limits: limits, clock: clock)
        self.retryPolicy = retryPolicy
        self.prices = endpoint.isLocal ? PriceTable() : prices
        self.clock = clock
        self.debug = debug
        self.onEvent = onEvent
    }

    /// Tokens and cost over every request this client finished.
    public var usageTotals: UsageTotals { totals.withLock { $0 } }

    // MARK: Completions and chat

    /// Continues `request.prompt`. With n > 1, sends n requests (seeds seed, seed + 1, ...)
    /// and returns their choices together. Throws `LLMError` or `CancellationError`.
    public func complete(_ request: CompletionRequest) async throws -> Completion {
        try await complete(.completion(request.prompt), model: request.model, parameters: request.parameters)
    }

    /// Answers a chat conversation; n > 1 fans out as for `complete(_:)`.
    public func chat(_ request: ChatRequest) async throws -> Completion {
        try await complete(.chat(request.messages), model: request.model, parameters: request.parameters)
    }

    /// Sends `prompt` to its API (completions or chat); n > 1 fans out as for `complete(_:)`.
    /// `model` nil uses the endpoint's.
    public func complete(_ prompt: Prompt, model: String? = nil,
                         parameters: SamplingParameters = SamplingParameters()) async throws -> Completion {
        try await fanOut(parameters) { seed in
            try await self.generate(model: model, prompt: prompt, parameters: parameters, seed: seed)
        }
    }

    /// Generates from a plain-text prompt through the endpoint's API: a completion, or for
    /// `.chat` endpoints a chat with the prompt as the one user message.
    public func generate(_ prompt: String, parameters: SamplingParameters = SamplingParameters()) async throws -> Completion {
        switch endpoint.api {
        case .completions: try await complete(CompletionRequest(prompt: prompt, parameters: parameters))
        case .chat: try await chat(ChatRequest(messages: [ChatMessage(.user, prompt)], parameters: parameters))
        }
    }

    /// Completes each prompt with the same settings, as separate requests running under the
    /// client's limits (llama.cpp's server rejects a list of prompts). Results come back in
    /// prompt order, each a completion or its own error.
    public func complete(prompts: [String], using template: CompletionRequest) async -> [Result<Completion, any Error>] {
        // Child tasks hand back a struct: a `(Int, Result<_, any Error>)` tuple came back with
        // garbage indices in release builds (seen in the engine's round runner).
        struct Answer: Sendable {
            var index: Int
            var result: Result<Completion, any Error>
        }
        return await withTaskGroup(of: Answer.self) { group in
            for (index, prompt) in prompts.enumerated() {
                var request = template
                request.prompt = prompt
                group.addTask {
                    do {
                        return Answer(index: index, result: .success(try await self.complete(request)))
                    } catch {
                        return Answer(index: index, result: .failure(error))
                    }
                }
            }
            var results = [Result<Completion, any Error>?](repeating: nil, count: prompts.count)
            for await answer in group { results[answer.index] = answer.result }
            return results.map { $0! }
        }
    }

    /// Streams a completion: text as it arrives, then the finish reason, then usage if
    /// sent. Retries only until the first text arrives. n must be 1.
    public func stream(_ request: CompletionRequest) -> AsyncThrowingStream<StreamEvent, any Error> {
        stream(.completion(request.prompt), model: request.model, parameters: request.parameters)
    }

    /// Streams a chat answer, as `stream(_:)` does a completion.
    public func streamChat(_ request: ChatRequest) -> AsyncThrowingStream<StreamEvent, any Error> {
        stream(.chat(request.messages), model: request.model, parameters: request.parameters)
    }

    /// The model names the server offers (GET /models).
    public func models() async throws -> [String] {
        let url = endpoint.baseURL + "/models"
        let outcome = try await exchange(method: "GET", url: url, accept: "application/json", maxTokens: nil,
                                         estimatedTokens: 0, body: { _ in nil }) { .whole { response -> Result<[String], AttemptFailure> in
            guard (try? JSONSerialization.jsonObject(with: response.body)) != nil else {
                return .failure(.notJSON(status: response.status, excerpt: excerptOf(String(decoding: response.body.prefix(400), as: UTF8.self))))
            }
            do {
                return .success(try JSONDecoder().decode(WireModelList.self, from: response.body).data.map(\.id))
            } catch {
                return .failure(.malformed(describe(error)))
            }
        } }
        return outcome.value
    }

    // MARK: One logical request

    private func fanOut(
        _ parameters: SamplingParameters,
        _ one: @escaping @Sendable (_ seed: Int?) async throws -> Completion
    ) async throws -> Completion {
        guard parameters.n >= 1 else { throw LLMError.invalidRequest("n is \(parameters.n); ask for at least one choice.") }
        if parameters.n == 1 { return try await one(parameters.seed) }
        let parts = try await withThrowingTaskGroup(of: (Int, Completion).self) { group in
            for index in 0..<parameters.n {
                group.addTask { (index, try await one(parameters.seed.map { $0 + index })) }
            }
            var parts: [(Int, Completion)] = []
            for try await part in group { parts.append(part) }
            return parts.sorted { $0.0 < $1.0 }
        }
        let usages = parts.compactMap(\.1.usage)
        return Completion(
            model: parts[0].1.model,
            choices: parts.map { index, part in
                Completion.Choice(index: index, text: part.text, finishReason: part.finishReason)
            },
            usage: usages.count == parts.count ? usages.dropFirst().reduce(usages[0], +) : nil,
            cost: parts.reduce(0) { $0 + $1.1.cost },
            attempts: parts.reduce(0) { $0 + $1.1.attempts }
        )
    }

    private func generate(model: String?, prompt: Prompt, parameters: SamplingParameters, seed: Int?) async throws -> Completion {
        let model = model ?? endpoint.model
        let url = endpoint.baseURL + prompt.path
        let outcome = try await post(prompt, model: model, parameters: parameters, seed: seed, stream: false) {
            .whole { response -> Result<(WireResponse, String, FinishReason), AttemptFailure> in
                WireResponse.decode(response.body, status: response.status).flatMap { wire in
                    wire.singleChoice().map { (wire, $0.text, $0.finishReason) }
                }
            }
        }
        let (wire, text, finishReason) = outcome.value
        let answeredModel = wire.model ?? model
        let usage = wire.decodedUsage
        let cost = record(usage, model: answeredModel, url: url, requestID: outcome.requestID,
                          attempts: outcome.attempts, started: outcome.started)
        return Completion(model: answeredModel,
                          choices: [Completion.Choice(index: 0, text: text, finishReason: finishReason)],
                          usage: usage, cost: cost, attempts: outcome.attempts)
    }

    /// POSTs `prompt` to its API through the retry loop.
    private func post<Value>(_ prompt: Prompt, model: String, parameters: SamplingParameters, seed: Int?, stream: Bool,
                             reader: () -> AnswerReader<Value>) async throws -> Outcome<Value> {
        try await exchange(
            method: "POST", url: endpoint.baseURL + prompt.path, accept: stream ? "text/event-stream" : "application/json",
            maxTokens: parameters.maxTokens, estimatedTokens: prompt.byteCount / 4 + (parameters.maxTokens ?? 256),
            body: { maxTokens in
                try WireRequest(model: model, prompt: prompt, parameters: parameters,
                                maxTokens: maxTokens, seed: seed, stream: stream).encoded()
            },
            reader: reader)
    }

    struct Outcome<Value> {
        var value: Value
        var requestID: Int
        var attempts: Int
        var started: ContinuousClock.Instant
    }

    /// Sends one request until it succeeds or the retry policy gives up: the one retry loop
    /// of the client, for whole answers and streams alike. `reader` makes each attempt's
    /// reader, which turns its answer or broken transfer into the value or a failure.
    /// `contentType` and `maxAnswerBytes` (nil: the endpoint's) serve the Batch API's uploads
    /// and downloads.
    func exchange<Value>(
        method: String, url: String, accept: String, contentType: String = "application/json", maxAnswerBytes: Int? = nil,
        maxTokens: Int?, estimatedTokens: Int,
        body: (_ maxTokens: Int?) throws -> Data?,
        reader makeReader: () -> AnswerReader<Value>
    ) async throws -> Outcome<Value> {
        let requestID = requestCounter.wrappingAdd(1, ordering: .relaxed).newValue
        var machine = RetryStateMachine(policy: retryPolicy, maxTokens: maxTokens)
        let started = clock.now()
        while true {
            var spec = requestSpec(method: method, url: url, accept: accept, body: try body(machine.maxTokens), requestID: requestID)
            if contentType != "application/json" {
                spec.headers = spec.headers.map { $0.name == "Content-Type" ? ($0.name, contentType) : $0 }
            }
            if let maxAnswerBytes { spec.maxAnswerBytes = maxAnswerBytes }
            report(spec, requestID: requestID)
            let reader = makeReader()
            try await limiter.acquire(estimatedTokens: estimatedTokens)
            let verdict: AnswerReader<Value>.Verdict
            do {
                let response = try await multi.send(spec, streamBody: reader.streamBody)
                limiter.release()
                verdict = (200..<300).contains(response.status)
                    ? reader.answered(response)
                    : .failed(AttemptFailure(status: response.status, headers: response.headers,
                                             body: response.body, maxTokens: machine.maxTokens))
            } catch let transport as TransportFailure {
                limiter.release()
                verdict = reader.broke(transport)
            } catch {
                limiter.release()
                throw error
            }
            switch verdict {
            case .value(let value):
                return Outcome(value: value, requestID: requestID, attempts: machine.sent, started: started)
            case .finalFailure(let failure):
                throw LLMError.final(failure, url: url, attempts: machine.sent)
            case .failed(let failure):
                try await waitOrFail(&machine, after: failure, url: url, requestID: requestID)
            }
        }
    }

    /// Applies the retry decision: reports and waits, or throws the final error.
    private func waitOrFail(_ machine: inout RetryStateMachine, after failure: AttemptFailure,
                            url: String, requestID: Int) async throws {
        let failedAttempt = machine.attempt
        switch machine.attemptFailed(failure, jitter: Double.random(in: 0..<1)) {
        case .retry(let delay, let reason):
            onEvent?(.retrying(RetryNotice(requestID: requestID, url: redactedURL(url), attempt: failedAttempt,
                                           maxAttempts: retryPolicy.maxAttempts, reason: reason, delay: delay)))
            if delay > .zero { try await clock.sleep(until: clock.now() + delay) }
        case .fail(let final):
            throw LLMError.final(final, url: url, attempts: machine.sent)
        }
    }

    @discardableResult
    private func record(_ usage: Usage?, model: String, url: String, requestID: Int, attempts: Int,
                        started: ContinuousClock.Instant) -> Double {
        let cost = usage.map { prices.cost(of: $0, model: model) } ?? 0
        totals.withLock { $0.add(usage, cost: cost) }
        onEvent?(.finished(RequestSummary(requestID: requestID, url: redactedURL(url), model: model, usage: usage,
                                          cost: cost, attempts: attempts, duration: clock.now() - started)))
        return cost
    }

    /// One attempt's request; its long waits become `.waiting` events.
    private func requestSpec(method: String, url: String, accept: String, body: Data?, requestID: Int) -> HTTPRequestSpec {
        let shownURL = redactedURL(url)
        let onWait = onEvent.map { onEvent in
            { @Sendable (phase: WaitPhase, waited: Duration, timeout: Duration) in
                onEvent(.waiting(WaitNotice(requestID: requestID, url: shownURL, phase: phase, waited: waited, timeout: timeout)))
            }
        }
        return HTTPRequestSpec(method: method, url: url, headers: endpoint.requestHeaders(accept: accept), body: body,
                               timeouts: endpoint.timeouts, maxAnswerBytes: endpoint.maxAnswerBytes, onWait: onWait)
    }

    private func report(_ spec: HTTPRequestSpec, requestID: Int) {
        guard debug, let onEvent else { return }
        let headers = redacted(spec.headers).map { "\($0.name): \($0.value)" }.joined(separator: "; ")
        onEvent(.debug("request \(requestID): \(spec.method) \(redactedURL(spec.url)) [\(headers)] body \(spec.body?.count ?? 0) bytes"))
    }

    // MARK: Streams

    /// Streams the answer to `prompt` from its API, as `stream(_:)` does a completion.
    /// `model` nil uses the endpoint's.
    public func stream(_ prompt: Prompt, model: String? = nil,
                       parameters: SamplingParameters = SamplingParameters()) -> AsyncThrowingStream<StreamEvent, any Error> {
        AsyncThrowingStream { continuation in
            guard parameters.n == 1 else {
                continuation.finish(throwing: LLMError.invalidRequest("A stream carries one choice, but n is \(parameters.n). Start one stream per choice."))
                return
            }
            let task = Task {
                do {
                    try await self.runStream(model: model ?? self.endpoint.model, prompt: prompt,
                                             parameters: parameters, continuation: continuation)
                    continuation.finish()
                } catch {
                    continuation.finish(throwing: error)
                }
            }
            continuation.onTermination = { _ in task.cancel() }
        }
    }

    private func runStream(model: String, prompt: Prompt, parameters: SamplingParameters,
                           continuation: AsyncThrowingStream<StreamEvent, any Error>.Continuation) async throws {
        let url = endpoint.baseURL + prompt.path
        let outcome = try await post(prompt, model: model, parameters: parameters, seed: parameters.seed, stream: true) {
            .stream(StreamDecoder(continuation: continuation))
        }
        record(outcome.value.usage, model: outcome.value.model ?? model, url: url, requestID: outcome.requestID,
               attempts: outcome.attempts, started: outcome.started)
    }
}

/// How one attempt's answer is read: a 2xx answer (its bytes handed to `streamBody` as they
/// arrive when it is an event stream) and a transfer that broke, each into a verdict.
struct AnswerReader<Value> {
    /// What became of one attempt.
    enum Verdict {
        /// The answer.
        case value(Value)
        /// A failure for the retry policy to judge.
        case failed(AttemptFailure)
        /// A failure never retried: text already reached the consumer.
        case finalFailure(AttemptFailure)
    }

    var streamBody: (@Sendable (UnsafeRawBufferPointer) -> Void)?
    var answered: (HTTPResponse) -> Verdict
    var broke: (TransportFailure) -> Verdict

    /// A whole answer, decoded by `decode`.
    static func whole(_ decode: @escaping (HTTPResponse) -> Result<Value, AttemptFailure>) -> AnswerReader {
        AnswerReader(
            streamBody: nil,
            answered: { response in
                switch decode(response) {
                case .success(let value): .value(value)
                case .failure(let failure): .failed(failure)
                }
            },
            broke: { .failed(AttemptFailure($0)) })
    }
}

extension AnswerReader where Value == (usage: Usage?, model: String?) {
    /// A stream, delivered through `decoder` as it arrives. Once text has reached the
    /// consumer nothing is retried, since that would repeat it.
    static func stream(_ decoder: StreamDecoder) -> AnswerReader {
        AnswerReader(
            streamBody: { bytes in decoder.feed(bytes) },
            answered: { response in
                if response.streamed {
                    decoder.finish()
                } else {
                    decoder.decodeWhole(response.body, status: response.status)
                }
                guard let problem = decoder.failure else { return .value((decoder.usage, decoder.model)) }
                return decoder.deliveredText ? .finalFailure(problem) : .failed(problem)
            },
            broke: { transport in
                if decoder.sawFinish {
                    // Only the tail ([DONE], usage) was lost: the text is whole.
                    decoder.finish()
                    return .value((decoder.usage, decoder.model))
                }
                if decoder.deliveredText && transport.kind != .tooLarge {
                    return .finalFailure(.streamInterrupted(transport.message))
                }
                return .failed(AttemptFailure(transport))
            })
    }
}
