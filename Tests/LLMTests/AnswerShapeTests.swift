import Foundation
import LLM
import Testing
import TestSupport

/// A 200 answer that is not what an OpenAI-compatible API sends (a login page, another
/// API's JSON, an event stream without choices) is an endpoint error in every mode,
/// streamed or not: never an empty, cut-off completion.
@Suite final class AnswerShapeTests {
    /// One way of asking: completions or chat, whole or streamed.
    enum Mode: String, CaseIterable, Sendable {
        case completion, chat, streamedCompletion, streamedChat

        var isStreamed: Bool { self == .streamedCompletion || self == .streamedChat }
        var isChat: Bool { self == .chat || self == .streamedChat }
    }

    let server: FakeLLMServer
    let clock = ManualClock()

    init() async throws {
        server = try await FakeLLMServer()
    }

    deinit {
        Task { [server] in await server.stop() }
    }

    /// Asks once in `mode`; returns the stream's events (a whole answer as text + finish).
    func ask(_ mode: Mode) async throws -> [StreamEvent] {
        let client = LLMClient(endpoint: EndpointConfiguration(baseURL: server.baseURL, model: "fake-model"),
                               retryPolicy: RetryPolicy(maxAttempts: 3), clock: clock)
        let completion = CompletionRequest(prompt: "p")
        let chat = ChatRequest(messages: [ChatMessage(.user, "p")])
        switch mode {
        case .completion, .chat:
            let answer = mode.isChat ? try await client.chat(chat) : try await client.complete(completion)
            return [.text(answer.text), .finished(answer.finishReason)]
        case .streamedCompletion, .streamedChat:
            var events: [StreamEvent] = []
            for try await event in mode.isChat ? client.streamChat(chat) : client.stream(completion) {
                events.append(event)
            }
            return events
        }
    }

    func error(_ mode: Mode) async -> LLMError? {
        await llmError { try await ask(mode) }
    }

    @Test(arguments: Mode.allCases)
    func aLoginPageIsNotJSONAndNotRetried(mode: Mode) async throws {
        server.enqueue(.loginPage, .loginPage, .loginPage)
        let error = try #require(await error(mode))
        #expect(error.code == .notJSON)
        #expect(error.description.contains("answered HTTP 200 with something that is not JSON"))
        #expect(error.description.contains("Sign in"))
        #expect(error.description.contains("Is the base URL an OpenAI-compatible API"))
        #expect(server.requests.count == 1)
    }

    @Test(arguments: Mode.allCases)
    func jsonWithoutChoicesIsMalformedAndNotRetried(mode: Mode) async throws {
        server.enqueue(.jsonWithoutChoices, .jsonWithoutChoices, .jsonWithoutChoices)
        let error = try #require(await error(mode))
        #expect(error.code == .malformedResponse)
        #expect(error.description.contains(#"no "choices""#))
        #expect(error.description.contains("Is the base URL an OpenAI-compatible API"))
        #expect(server.requests.count == 1)
    }

    @Test(arguments: [Mode.streamedCompletion, .streamedChat])
    func anEventStreamWhoseFirstEventHasNoChoicesIsMalformed(mode: Mode) async throws {
        server.enqueue(.stream(.init(body: "data: {\"status\":\"ok\"}\n\ndata: [DONE]\n\n")))
        let error = try #require(await error(mode))
        #expect(error.code == .malformedResponse)
        #expect(error.description.contains(#"first event has no "choices""#))
    }

    @Test(arguments: [Mode.streamedCompletion, .streamedChat])
    func anEventStreamWithNoDataIsMalformed(mode: Mode) async throws {
        server.enqueue(.stream(.init(body: ": ping\n\ndata: [DONE]\n\n")))
        let error = try #require(await error(mode))
        #expect(error.code == .malformedResponse)
        #expect(error.description.contains("carried no data"))
    }

    @Test(arguments: [Mode.streamedCompletion, .streamedChat])
    func aWholeAnswerToAStreamedRequestIsDelivered(mode: Mode) async throws {
        server.enqueue(mode.isChat ? .chat(text: "Hello") : .completion(text: "Hello"))
        #expect(try await ask(mode) == [.text("Hello"), .finished(.stop), .usage(Usage(promptTokens: 5, completionTokens: 7))])
    }

    @Test func anEventCutAfterTextIsAnInterruptedStreamNotAWrongEndpoint() async throws {
        let body = FakeLLMServer.StreamScript.completion(["Hel", "lo"], finishReason: nil, done: false)
            + #"data: {"choices":[{"te"#
        server.enqueue(.stream(.init(body: body)))
        var texts: [String] = []
        let client = LLMClient(endpoint: EndpointConfiguration(baseURL: server.baseURL, model: "fake-model"), clock: clock)
        do {
            for try await event in client.stream(CompletionRequest(prompt: "p")) {
                if case .text(let text) = event { texts.append(text) }
            }
            Issue.record("the stream ended without an error")
        } catch let error as LLMError {
            #expect(error.code == .streamInterrupted)
            #expect(error.description.contains("a later event is not JSON"))
        }
        #expect(texts == ["Hel", "lo"])
    }
}
