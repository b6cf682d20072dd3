import Foundation
import LLM
import Testing
import TestSupport

/// Credentials in a base URL never reach what the client shows.
@Suite struct RedactionTests {
    @Test(arguments: [
        ("http://user:sk-secret@host:8080/v1", "http://<redacted>@host:8080/v1"),
        ("https://sk-secret@host/v1/completions", "https://<redacted>@host/v1/completions"),
        ("http://a:b@c@host/v1", "http://<redacted>@host/v1"),
        ("http://user:pw@[::1]:8077", "http://<redacted>@[::1]:8077"),
        ("https://host/v1?api-version=2024&api_key=sk-secret#frag", "https://host/v1?api-version=2024&api_key=<redacted>#frag"),
        ("https://host/v1?token=abc&sig=xyz", "https://host/v1?token=<redacted>&sig=<redacted>"),
        ("http://127.0.0.1:8077/v1", "http://127.0.0.1:8077/v1"),
        ("http://host/path@with-at", "http://host/path@with-at"),
        ("user:sk-secret@host/v1", "user:sk-secret@host/v1"),
        ("", ""),
    ])
    func hidesUserInfoAndSecretQueryValues(url: String, shown: String) {
        #expect(redactedURL(url) == shown)
    }

    @Test func aURLThatIsNotHTTPIsNamedWithoutItsCredentials() throws {
        let error = try #require(throws: LLMError.self) {
            try EndpointConfiguration.resolve(baseURL: "ftp://me:sk-secret@host/v1", environment: [:])
        }
        #expect(error.description.contains("ftp://<redacted>@host/v1"))
        #expect(!error.description.contains("sk-secret"))
    }

    @Test func errorsEventsAndDescriptionsNeverShowTheCredentials() async throws {
        let server = try await FakeLLMServer()
        defer { Task { await server.stop() } }
        let secret = "sk-in-the-url"
        let baseURL = server.baseURL.replacingOccurrences(of: "http://", with: "http://me:\(secret)@")
        server.enqueue(.serverError(503), .completion(text: "ok"), .invalidAPIKey)
        let events = EventLog()
        let client = LLMClient(endpoint: EndpointConfiguration(baseURL: baseURL, model: "fake-model"),
                               clock: ManualClock(), debug: true, onEvent: events.record)
        #expect(try await client.complete(CompletionRequest(prompt: "p")).text == "ok")
        let error = try #require(await llmError { try await client.complete(CompletionRequest(prompt: "p")) })
        #expect(error.code == .unauthorized)
        #expect(error.url?.contains("<redacted>@127.0.0.1") == true)
        #expect(events.retries.count == 1 && events.all.count >= 4)
        let texts = [error.description, error.url ?? "", client.endpoint.description, client.endpoint.debugDescription]
            + events.all.map { "\($0)" }
        for text in texts { #expect(!text.contains(secret), "the credentials leaked into: \(text)") }
    }
}
