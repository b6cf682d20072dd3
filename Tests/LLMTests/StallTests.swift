import Foundation
import LLM
import Testing
import TestSupport

/// Servers that go silent, against the client's first-byte and idle timeouts. These use
/// short real timeouts against stalls of a minute, so a loaded machine cannot blur them.
@Suite final class StallTests {
    let server: FakeLLMServer
    let events = EventLog()

    init() async throws {
        server = try await FakeLLMServer()
    }

    deinit {
        Task { [server] in await server.stop() }
    }

    func client(_ timeouts: EndpointConfiguration.Timeouts, baseURL: String? = nil) -> LLMClient {
        LLMClient(endpoint: EndpointConfiguration(baseURL: baseURL ?? server.baseURL, model: "fake-model", timeouts: timeouts),
                  retryPolicy: .never, clock: ManualClock(), onEvent: events.record)
    }

    @Test(.timeLimit(.minutes(5)))
    func aServerSilentBeforeHeadersTimesOutAtTheFirstByteDeadline() async throws {
        server.enqueue(.delayed(.seconds(60), .completion(text: "late")))
        let client = client(EndpointConfiguration.Timeouts(firstByte: .milliseconds(500)))
        let error = try #require(await llmError { try await client.complete(CompletionRequest(prompt: "p")) })
        #expect(error.code == .timedOut)
        #expect(error.description.contains("first-byte timeout"))
        #expect(error.description.contains("--timeout"))
        #expect(!error.makesEndpointUnusable)
    }

    @Test(.timeLimit(.minutes(5)))
    func aStreamSilentBeforeHeadersTimesOutAtTheFirstByteDeadline() async throws {
        server.enqueue(.delayed(.seconds(60), .streamedWordByWord("late")))
        let client = client(EndpointConfiguration.Timeouts(firstByte: .milliseconds(500)))
        let error = await llmError { for try await _ in client.stream(CompletionRequest(prompt: "p")) {} }
        #expect(error?.code == .timedOut)
        #expect(error?.description.contains("first-byte timeout") == true)
    }

    @Test(.timeLimit(.minutes(5)))
    func aStreamStallingAfterTextEndsAtTheIdleTimeoutKeepingTheText() async throws {
        server.enqueue(.stallingStream(["Hel", "lo"], stall: .seconds(60)))
        let client = client(EndpointConfiguration.Timeouts(idle: .milliseconds(500)))
        var texts: [String] = []
        let error = await llmError {
            for try await event in client.stream(CompletionRequest(prompt: "p")) {
                if case .text(let text) = event { texts.append(text) }
            }
        }
        #expect(texts == ["Hel", "lo"])
        #expect(error?.code == .streamInterrupted)
        #expect(error?.description.contains("idle timeout") == true)
    }

    /// An answer that arrives a byte at a time is whole once its last byte is in. (That each
    /// byte restarts the idle clock is TransferWatchTests' `eachPieceRestartsTheIdleClock`,
    /// on hand-made instants: with real time it failed whenever CI's load delayed the server.)
    @Test(.timeLimit(.minutes(5)))
    func anAnswerDrippedAByteAtATimeArrivesWhole() async throws {
        let body = #"{"choices":[{"index":0,"text":"ok","finish_reason":"stop"}]}"#
        server.enqueue(.dripped(.raw(status: 200, body: body), every: .milliseconds(10)))
        let completion = try await client(EndpointConfiguration.Timeouts(idle: .seconds(30)))
            .complete(CompletionRequest(prompt: "p"))
        #expect(completion.text == "ok")
    }

    @Test(.timeLimit(.minutes(5)))
    func reportsALongWaitAboutOnceASecondWithTheURLRedacted() async throws {
        server.enqueue(.delayed(.milliseconds(4500), .completion(text: "ok")))
        let withCredentials = server.baseURL.replacingOccurrences(of: "http://", with: "http://user:s3cret@")
        let started = ContinuousClock.now
        let completion = try await client(EndpointConfiguration.Timeouts(firstByte: .seconds(60)), baseURL: withCredentials)
            .complete(CompletionRequest(prompt: "p"))
        let waited = ContinuousClock.now - started
        #expect(completion.text == "ok")
        let waits = events.all.compactMap { if case .waiting(let notice) = $0 { notice } else { nil } }
        // From the third second on, at most one a second (a loaded machine may stretch the wait).
        #expect(!waits.isEmpty && waits.count <= Int(waited.components.seconds) - 1, "one notice a second from the third second: \(waits)")
        #expect(zip(waits, waits.dropFirst()).allSatisfy { $1.waited - $0.waited >= .milliseconds(900) })
        for wait in waits {
            #expect(wait.phase == .firstByte)
            #expect(wait.waited >= .seconds(3) && wait.timeout == .seconds(60))
            #expect(wait.description.contains("waiting \(wait.waited.components.seconds) s for the first byte from http://<redacted>@127.0.0.1"))
            #expect(!wait.description.contains("s3cret"))
        }
    }
}
