import Foundation
import LLM
import Testing
import TestSupport

/// The client against the fake server: one test per fault the issue lists. Retry waits go
/// through `ManualClock`, so nothing here sleeps.
@Suite final class LLMClientFaultTests {
    let server: FakeLLMServer
    let clock = ManualClock()
    let events = EventLog()

    init() async throws {
        server = try await FakeLLMServer()
    }

    deinit {
        Task { [server] in await server.stop() }
    }

    func client(
        policy: RetryPolicy = RetryPolicy(maxAttempts: 4, baseDelay: .seconds(1)),
        limits: RateLimits = RateLimits(),
        key: String? = nil,
        // Generous: a loaded CI machine can stall the fake server for a minute; tests of
        // timeouts pass their own.
        timeouts: EndpointConfiguration.Timeouts = EndpointConfiguration.Timeouts(connect: .seconds(300), firstByte: .seconds(300), idle: .seconds(300)),
        debug: Bool = false
    ) -> LLMClient {
        let endpoint = EndpointConfiguration(baseURL: server.baseURL, apiKey: key.flatMap(APIKey.init), model: "fake-model",
                                             timeouts: timeouts)
        return LLMClient(endpoint: endpoint, limits: limits, retryPolicy: policy, clock: clock, debug: debug,
                         onEvent: events.record)
    }

    @Test func sendsTheParametersAndDecodesTextFinishReasonAndUsage() async throws {
        server.enqueue(.completion(text: "1. Write a poem.", finishReason: "length", promptTokens: 11, completionTokens: 5))
        let parameters = SamplingParameters(maxTokens: 100, temperature: 0.7, topP: 0.5, stop: ["\n\n", "16."],
                                            presencePenalty: 2, frequencyPenalty: 0, logitBias: ["50256": -100],
                                            seed: 1, logprobs: 1)
        let completion = try await client().complete(CompletionRequest(prompt: "Tasks:\n", parameters: parameters))
        #expect(completion.text == "1. Write a poem.")
        #expect(completion.finishReason == .length)
        #expect(completion.usage == Usage(promptTokens: 11, completionTokens: 5))
        #expect(completion.cost == 0)
        let body = try #require(server.requests.first?.json)
        #expect(server.requests.first?.path == "/v1/completions")
        #expect(body["model"] as? String == "fake-model")
        #expect(body["prompt"] as? String == "Tasks:\n")
        #expect(body["max_tokens"] as? Int == 100)
        #expect(body["temperature"] as? Double == 0.7)
        #expect(body["top_p"] as? Double == 0.5)
        #expect(body["stop"] as? [String] == ["\n\n", "16."])
        #expect(body["presence_penalty"] as? Double == 2)
        #expect(body["logit_bias"] as? [String: Double] == ["50256": -100])
        #expect(body["seed"] as? Int == 1)
        #expect(body["logprobs"] as? Int == 1)
        #expect(body["n"] == nil)
    }

    @Test func chatSendsMessagesAndReadsTheAssistantMessage() async throws {
        server.enqueue(.chat(text: "Hello!"))
        let completion = try await client().chat(ChatRequest(messages: [ChatMessage(.system, "Be brief."), ChatMessage(.user, "Hi")]))
        #expect(completion.text == "Hello!")
        #expect(completion.finishReason == .stop)
        let body = try #require(server.requests.first?.json)
        #expect(server.requests.first?.path == "/v1/chat/completions")
        #expect((body["messages"] as? [[String: String]])?.map { $0["role"] ?? "" } == ["system", "user"])
    }

    @Test func fansOutNIntoSeparateRequestsWithDistinctSeeds() async throws {
        let completion = try await client().complete(CompletionRequest(prompt: "p", parameters: SamplingParameters(seed: 42, n: 3)))
        #expect(completion.choices.map(\.index) == [0, 1, 2])
        #expect(completion.usage == Usage(promptTokens: 15, completionTokens: 21))
        let seeds = server.requests.compactMap { $0.json?["seed"] as? Int }.sorted()
        #expect(seeds == [42, 43, 44])
        #expect(server.requests.allSatisfy { $0.json?["n"] == nil })
    }

    @Test func fansOutAListOfPromptsKeepingOrderAndSeparateErrors() async throws {
        server.enqueue(.completion(text: "a"), .raw(status: 401, body: "{}"), .completion(text: "c"))
        let prompts = ["one", "two", "three"]
        let results = await client(limits: RateLimits(maxInFlight: 1))
            .complete(prompts: prompts, using: CompletionRequest(prompt: ""))
        // The fan-out may reach the server in any order; the server answers in arrival order,
        // and each result must come back in its prompt's place.
        let arrival = server.requests.compactMap { $0.json?["prompt"] as? String }
        #expect(arrival.sorted() == prompts.sorted())
        let reply = Dictionary(uniqueKeysWithValues: zip(arrival, ["a", nil, "c"]))
        for (prompt, result) in zip(prompts, results) {
            switch (reply[prompt] ?? nil, result) {
            case (let text?, .success(let completion)):
                #expect(completion.text == text, "prompt \(prompt)")
            case (nil, .failure(let error)):
                #expect((error as? LLMError)?.code == .unauthorized, "prompt \(prompt)")
            default:
                Issue.record("prompt \(prompt) got \(result), expected \(String(describing: reply[prompt]))")
            }
        }
    }

    @Test func honoursRetryAfterOnTheInjectedClock() async throws {
        server.enqueue(.rateLimited(retryAfter: "7"), .completion(text: "ok"))
        let completion = try await client().complete(CompletionRequest(prompt: "p"))
        #expect(completion.attempts == 2)
        #expect(clock.sleeps == [.seconds(7)])
        let retry = try #require(events.retries.first)
        #expect(retry.reason == .rateLimited(retryAfter: .seconds(7)))
        #expect(retry.attempt == 1 && retry.delay == .seconds(7))
    }

    @Test func retriesRateLimitsWithoutRetryAfterByBackoff() async throws {
        server.enqueue(.rateLimited(retryAfter: nil), .completion(text: "ok"))
        _ = try await client().complete(CompletionRequest(prompt: "p"))
        let wait = try #require(clock.sleeps.first)
        #expect(wait >= .milliseconds(750) && wait <= .milliseconds(1250))
    }

    @Test func retriesServerErrorsWithGrowingBackoff() async throws {
        server.enqueue(.serverError(503), .serverError(500), .completion(text: "ok"))
        let completion = try await client().complete(CompletionRequest(prompt: "p"))
        #expect(completion.text == "ok" && completion.attempts == 3)
        #expect(clock.sleeps.count == 2)
        #expect(clock.sleeps[0] >= .milliseconds(750) && clock.sleeps[0] <= .milliseconds(1250))
        #expect(clock.sleeps[1] >= .milliseconds(1500) && clock.sleeps[1] <= .milliseconds(2500))
        #expect(events.retries.map(\.reason) == [.serverError(status: 503), .serverError(status: 500)])
    }

    @Test func givesUpAfterTheLastAttemptNamingTheURL() async throws {
        server.enqueue(.serverError(502), .serverError(502), .serverError(502))
        let error = try #require(await llmError { try await client(policy: RetryPolicy(maxAttempts: 3)).complete(CompletionRequest(prompt: "p")) })
        #expect(error.code == .serverError)
        #expect(error.status == 502)
        #expect(error.description.contains("\(server.baseURL)/completions"))
        #expect(error.description.contains("after 3 attempts"))
        #expect(server.requests.count == 3)
    }

    @Test func retriesATimeout() async throws {
        // The transfer thread's first-byte timer decides this one, on the wall clock. A 2-core CI
        // machine running the whole suite has kept a prompt answer waiting for over 20 s, so the
        // timeout is a minute and the hung answer far longer: what must hold is that the hung
        // attempt is retried as a timeout and a later one answers.
        server.enqueue(.delayed(.seconds(300), .completion(text: "late")),
                       .completion(text: "on time"), .completion(text: "on time"), .completion(text: "on time"))
        let completion = try await client(timeouts: EndpointConfiguration.Timeouts(firstByte: .seconds(60))).complete(CompletionRequest(prompt: "p"))
        #expect(completion.text == "on time")
        #expect(events.retries.first?.reason == .timedOut)
        #expect(events.retries.allSatisfy { $0.reason == .timedOut })
    }

    @Test func retriesARefusedConnectionThenSaysWhatToCheck() async throws {
        await server.stop()
        let error = try #require(await llmError { try await client(policy: RetryPolicy(maxAttempts: 2)).complete(CompletionRequest(prompt: "p")) })
        #expect(error.code == .connectionFailed)
        #expect(error.description.contains(server.baseURL))
        #expect(error.description.contains("Is the server running"))
        #expect(events.retries.count == 1)
    }

    @Test func retriesAConnectionDroppedBeforeTheAnswerEnded() async throws {
        server.enqueue(.hangUp(afterSending: #"{"choices":[{"te"#), .completion(text: "ok"))
        let completion = try await client().complete(CompletionRequest(prompt: "p"))
        #expect(completion.text == "ok" && completion.attempts == 2)
        guard case .connectionFailed? = events.retries.first?.reason else {
            Issue.record("expected a connection retry, got \(events.retries)")
            return
        }
    }

    @Test func shrinksMaxTokensWhenTheContextOverflows() async throws {
        server.enqueue(.contextLengthExceeded, .contextLengthExceeded, .completion(text: "ok"))
        let completion = try await client().complete(CompletionRequest(prompt: "p", parameters: SamplingParameters(maxTokens: 100)))
        #expect(completion.text == "ok")
        #expect(server.requests.compactMap { $0.json?["max_tokens"] as? Int } == [100, 80, 64])
        #expect(clock.sleeps.isEmpty)
    }

    @Test(arguments: [(401, LLMError.Code.unauthorized, "OPENAI_API_KEY"), (403, .forbidden, "permissions"),
                      (404, .notFound, "base URL")])
    func doesNotRetryAuthOrMissingEndpoints(status: Int, code: LLMError.Code, advice: String) async throws {
        server.enqueue(.raw(status: status, body: #"{"error":{"message":"nope"}}"#))
        let error = try #require(await llmError { try await client().complete(CompletionRequest(prompt: "p")) })
        #expect(error.code == code)
        #expect(error.description.contains("\(server.baseURL)/completions"))
        #expect(error.description.contains(advice))
        #expect(error.description.contains("nope"))
        #expect(server.requests.count == 1)
    }

    @Test func reportsAnHTMLPageAsNotJSON() async throws {
        server.enqueue(.htmlPage(status: 200))
        let error = try #require(await llmError { try await client().complete(CompletionRequest(prompt: "p")) })
        #expect(error.code == .notJSON)
        #expect(error.description.contains("not JSON"))
        #expect(error.description.contains("<!DOCTYPE html>"))
        #expect(error.description.contains(server.baseURL))
    }

    @Test func retriesAnHTMLGatewayErrorAsAServerError() async throws {
        server.enqueue(.htmlPage(status: 502), .completion(text: "ok"))
        #expect(try await client().complete(CompletionRequest(prompt: "p")).text == "ok")
        #expect(events.retries.map(\.reason) == [.serverError(status: 502)])
    }

    @Test func reportsGarbageAndWrongShapesClearly() async throws {
        server.enqueue(.raw(status: 200, body: #"{"choices": [{"text": "trunc"#),
                       .raw(status: 200, body: #"{"object": "list", "choices": "many"}"#),
                       .raw(status: 200, body: #"{"object": "list"}"#))
        let truncated = try #require(await llmError { try await client().complete(CompletionRequest(prompt: "p")) })
        #expect(truncated.code == .notJSON)
        let wrongType = try #require(await llmError { try await client().complete(CompletionRequest(prompt: "p")) })
        #expect(wrongType.code == .malformedResponse)
        #expect(wrongType.description.contains("choices"))
        let missing = try #require(await llmError { try await client().complete(CompletionRequest(prompt: "p")) })
        #expect(missing.code == .malformedResponse)
        #expect(missing.description.contains("no \"choices\""))
    }

    @Test func reportsEmptyChoices() async throws {
        server.enqueue(.raw(status: 200, body: #"{"object": "text_completion", "choices": []}"#))
        let error = try #require(await llmError { try await client().complete(CompletionRequest(prompt: "p")) })
        #expect(error.code == .emptyChoices)
    }

    @Test func streamsTextSplitAcrossChunksAnywhere() async throws {
        let body = FakeLLMServer.StreamScript.completion(["Hel", "lo ☕", " there"], finishReason: "stop", usage: (4, 3))
        server.enqueue(.stream(.init(body: body, splitPoints: [1, 7, 30, 31, 95, 96, 97, body.utf8.count - 3])))
        var events: [StreamEvent] = []
        for try await event in client().stream(CompletionRequest(prompt: "p")) { events.append(event) }
        #expect(events == [.text("Hel"), .text("lo ☕"), .text(" there"), .finished(.stop),
                           .usage(Usage(promptTokens: 4, completionTokens: 3))])
        #expect(server.requests.first?.json?["stream"] as? Bool == true)
    }

    @Test func reportsAStreamEndingWithoutFinishReasonAsCutOff() async throws {
        server.enqueue(.stream(.init(body: FakeLLMServer.StreamScript.completion(["Hel", "lo"], finishReason: nil, done: false))))
        var events: [StreamEvent] = []
        for try await event in client().stream(CompletionRequest(prompt: "p")) { events.append(event) }
        #expect(events == [.text("Hel"), .text("lo"), .finished(.cutOff)])
    }

    @Test func reportsAStreamDroppedMidwayAfterDeliveringItsText() async throws {
        let body = FakeLLMServer.StreamScript.completion(["Hel", "lo"], finishReason: nil, done: false)
        server.enqueue(.stream(.init(body: body, splitPoints: [40], dropAtEnd: true)))
        var texts: [String] = []
        let error = await llmError {
            for try await event in client().stream(CompletionRequest(prompt: "p")) {
                if case .text(let text) = event { texts.append(text) }
            }
        }
        #expect(texts == ["Hel", "lo"])
        #expect(error?.code == .streamInterrupted)
        #expect(server.requests.count == 1)
    }

    @Test func retriesAStreamThatFailedBeforeAnyText() async throws {
        server.enqueue(.rateLimited(retryAfter: "1"),
                       .stream(.init(body: FakeLLMServer.StreamScript.completion(["ok"]))))
        var events: [StreamEvent] = []
        for try await event in client().streamChat(ChatRequest(messages: [ChatMessage(.user, "hi")])) { events.append(event) }
        #expect(events == [.text("ok"), .finished(.stop)])
        #expect(clock.sleeps == [.seconds(1)])
    }

    @Test func neverHasMoreInFlightThanTheLimit() async throws {
        // Answers slow enough that three requests overlap even on a loaded machine.
        let slow = try await FakeLLMServer(fallbackLatency: .milliseconds(500))
        defer { Task { await slow.stop() } }
        let client = LLMClient(endpoint: EndpointConfiguration(baseURL: slow.baseURL, model: "fake-model"),
                               limits: RateLimits(maxInFlight: 3), clock: clock)
        let results = await client.complete(prompts: (0..<12).map { "prompt \($0)" }, using: CompletionRequest(prompt: ""))
        #expect(results.allSatisfy { (try? $0.get()) != nil })
        #expect(slow.requests.count == 12)
        #expect(slow.maxInFlight == 3)
    }

    @Test func waitsForTheRequestsPerMinuteWindowOnTheInjectedClock() async throws {
        let client = client(limits: RateLimits(maxInFlight: 1, requestsPerMinute: 2))
        for _ in 0..<3 { _ = try await client.complete(CompletionRequest(prompt: "p")) }
        #expect(clock.sleeps == [.seconds(60)])
    }

    @Test func generateFollowsTheEndpointsAPI() async throws {
        let chatEndpoint = EndpointConfiguration(baseURL: server.baseURL, model: "fake-model", api: .chat)
        let completion = try await LLMClient(endpoint: chatEndpoint, clock: clock).generate("Hi")
        #expect(completion.text == "ok")
        #expect(server.requests.first?.path == "/v1/chat/completions")
        #expect((server.requests.first?.json?["messages"] as? [[String: String]])?.first?["content"] == "Hi")
    }

    @Test func aPromptGoesToItsAPIWholeOrStreamed() async throws {
        server.enqueue(.chat(text: "whole"), .streamedWordByWord("streamed"))
        let chat = Prompt(api: .chat, system: "Be brief.", text: "Hi")
        #expect(try await client().complete(chat).text == "whole")
        var events: [StreamEvent] = []
        for try await event in client().stream(.completion("Tasks:"), parameters: SamplingParameters(maxTokens: 9)) { events.append(event) }
        #expect(events == [.text("streamed"), .finished(.stop)])
        #expect(server.requests.map(\.path) == ["/v1/chat/completions", "/v1/completions"])
        #expect((server.requests[0].json?["messages"] as? [[String: String]])?.map { $0["content"] ?? "" } == ["Be brief.", "Hi"])
        #expect(server.requests[1].json?["prompt"] as? String == "Tasks:" && server.requests[1].json?["max_tokens"] as? Int == 9)
    }

    @Test(.timeLimit(.minutes(5)))
    func cancellingAStreamFreesItsSlot() async throws {
        server.enqueue(.delayed(.seconds(600), .stream(.init(body: FakeLLMServer.StreamScript.completion(["late"])))))
        let client = client(limits: RateLimits(maxInFlight: 1))
        let streaming = Task {
            for try await _ in client.stream(CompletionRequest(prompt: "p")) {}
        }
        await server.waitForRequests(1)
        streaming.cancel()
        _ = await streaming.result  // an AsyncThrowingStream just ends when its consumer is cancelled
        // With the only slot still taken this would wait for the stream, past the time limit.
        #expect(try await client.complete(CompletionRequest(prompt: "p")).text == "ok")
    }

    @Test func listsModels() async throws {
        #expect(try await client().models() == ["fake-model"])
        #expect(server.requests.first?.method == "GET")
    }

    @Test func keepsTheKeyOutOfDescriptionsErrorsAndDebugOutput() async throws {
        let key = "sk-test-DO-NOT-LEAK-1234"
        server.enqueue(.completion(text: "ok"), .raw(status: 401, body: #"{"error":{"message":"Incorrect API key provided"}}"#))
        let client = client(key: key, debug: true)
        _ = try await client.complete(CompletionRequest(prompt: "p"))
        let error = try #require(await llmError { try await client.complete(CompletionRequest(prompt: "p")) })
        #expect(server.requests.first?.headers["Authorization"] == "Bearer \(key)")
        var dumped = ""
        dump(client.endpoint, to: &dumped)
        let texts = [error.description, "\(error)", String(reflecting: error), client.endpoint.description,
                     client.endpoint.debugDescription, "\(client.endpoint)", String(reflecting: client.endpoint), dumped,
                     "\(client.endpoint.apiKey!)"]
            + events.all.map { "\($0)" }
        for text in texts { #expect(!text.contains(key), "the key leaked into: \(text)") }
        #expect(events.all.contains { if case .debug(let line) = $0 { line.contains("Authorization: <redacted>") } else { false } })
    }

    @Test func totalsUsageOverRequests() async throws {
        let client = client()
        _ = try await client.complete(CompletionRequest(prompt: "p"))
        _ = try await client.chat(ChatRequest(messages: [ChatMessage(.user, "p")]))
        let totals = client.usageTotals
        #expect(totals.requests == 2)
        #expect(totals.promptTokens == 10 && totals.completionTokens == 14)
        #expect(totals.cost == 0)
    }
}

@Suite struct PriceTableTests {
    @Test func pricesByExactNameOrLongestPrefix() {
        let table = PriceTable(["gpt-4o": TokenPrice(inputPerMillion: 2.5, outputPerMillion: 10),
                                "gpt-4o-mini": TokenPrice(inputPerMillion: 0.15, outputPerMillion: 0.6)])
        let usage = Usage(promptTokens: 1_000_000, completionTokens: 500_000)
        #expect(abs(table.cost(of: usage, model: "gpt-4o-mini-2024-07-18") - 0.45) < 1e-12)
        #expect(abs(table.cost(of: usage, model: "gpt-4o") - 7.5) < 1e-12)
        #expect(table.cost(of: usage, model: "llama") == 0)
    }

    @Test func localEndpointsAreFree() {
        #expect(EndpointConfiguration.localModel.isLocal)
        #expect(!EndpointConfiguration(baseURL: "https://api.openai.com/v1", model: "gpt-4o").isLocal)
    }
}

@Suite struct EndpointConfigurationTests {
    @Test func prefersFlagsOverTheEnvironmentAndDefaultsToTheLocalModel() throws {
        let environment = ["OPENAI_BASE_URL": "https://api.example.com/v1/", "OPENAI_API_KEY": "sk-env", "OPENAI_MODEL": "m-env"]
        let fromEnvironment = try EndpointConfiguration.resolve(environment: environment)
        #expect(fromEnvironment.baseURL == "https://api.example.com/v1")
        #expect(fromEnvironment.model == "m-env")
        #expect(fromEnvironment.apiKey != nil)
        let fromFlags = try EndpointConfiguration.resolve(baseURL: "http://h:1/v1", model: "m-flag", api: .chat, environment: environment)
        #expect(fromFlags.baseURL == "http://h:1/v1" && fromFlags.model == "m-flag" && fromFlags.api == .chat)
        let local = try EndpointConfiguration.resolve(environment: [:])
        #expect(local.baseURL == EndpointConfiguration.localModelURL && local.model == EndpointConfiguration.localModelName)
    }

    @Test func rejectsABaseURLThatIsNotHTTP() {
        #expect(throws: LLMError.self) { try EndpointConfiguration.resolve(baseURL: "localhost:8077", environment: [:]) }
    }
}
