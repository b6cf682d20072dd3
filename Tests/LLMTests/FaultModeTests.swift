import Foundation
import LLM
import Testing
import TestSupport

/// The fake server's fault modes not covered by AnswerShapeTests (non-API 200s),
/// EndpointUnusableTests (401/403/404/400) and StallTests (stalls and drips): each ends
/// in a result or an error that names its cause.
@Suite final class FaultModeTests {
    let server: FakeLLMServer
    let clock = ManualClock()
    let events = EventLog()

    init() async throws {
        server = try await FakeLLMServer()
    }

    deinit {
        Task { [server] in await server.stop() }
    }

    func client(maxAnswerBytes: Int = 8 << 20) -> LLMClient {
        LLMClient(endpoint: EndpointConfiguration(baseURL: server.baseURL, model: "fake-model", maxAnswerBytes: maxAnswerBytes),
                  retryPolicy: RetryPolicy(maxAttempts: 5, baseDelay: .seconds(1)), clock: clock, onEvent: events.record)
    }

    /// Streams one completion; the texts that arrived and the error it ended with.
    func stream(_ client: LLMClient) async -> (texts: [String], error: LLMError?) {
        var texts: [String] = []
        do {
            for try await event in client.stream(CompletionRequest(prompt: "p")) {
                if case .text(let text) = event { texts.append(text) }
            }
            return (texts, nil)
        } catch {
            return (texts, error as? LLMError)
        }
    }

    @Test func aStreamCutMidItemKeepsItsTextAndSaysItBroke() async throws {
        server.enqueue(.streamCutMidItem(["1. Write", " a poem.\n2. "]))
        let (texts, error) = await stream(client())
        #expect(texts == ["1. Write", " a poem.\n2. "])
        #expect(error?.code == .streamInterrupted)
        #expect(error?.description.contains("broke after text had arrived") == true)
        #expect(error?.makesEndpointUnusable == false)
        #expect(server.requests.count == 1)
    }

    @Test func aRateLimitStormIsRetriedWithGrowingBackoffThenNamed() async throws {
        server.enqueue(contentsOf: FakeLLMServer.Reply.rateLimitStorm(10))
        let error = try #require(await llmError { try await client().complete(CompletionRequest(prompt: "p")) })
        #expect(error.code == .rateLimited)
        #expect(error.description.contains("kept answering 429") && error.description.contains("after 5 attempts"))
        #expect(server.requests.count == 5)
        #expect(clock.sleeps.count == 4)
        for (index, wait) in clock.sleeps.enumerated() {
            let nominal = Double(1 << index)
            #expect(wait >= .milliseconds(Int64(750 * nominal)) && wait <= .milliseconds(Int64(1250 * nominal)))
        }
    }

    @Test func anOversizedAnswerIsAbandonedAtTheCap() async throws {
        server.enqueue(.oversized(bytes: 200_000), .completion(text: "never asked for"))
        let error = try #require(await llmError { try await client(maxAnswerBytes: 100_000).complete(CompletionRequest(prompt: "p")) })
        #expect(error.code == .answerTooLarge)
        #expect(error.description.contains("passed the 100000 bytes"))
        #expect(error.description.contains("max_tokens"))
        #expect(server.requests.count == 1)
    }

    @Test func anOversizedStreamIsAbandonedAtTheCapEvenAfterText() async throws {
        server.enqueue(.streamedWordByWord(Array(repeating: "word", count: 20_000).joined(separator: " ")))
        let (texts, error) = await stream(client(maxAnswerBytes: 1 << 20))
        #expect(!texts.isEmpty)
        #expect(error?.code == .answerTooLarge)
        #expect(error?.description.contains("passed the 1 MiB") == true)
    }

    @Test func aWholeAnswerUnderTheDefaultCapArrives() async throws {
        server.enqueue(.oversized(bytes: 1 << 20))
        #expect(try await client().complete(CompletionRequest(prompt: "p")).text.utf8.count == 1 << 20)
    }
}
