import Foundation
import LLM
import Testing
import TestSupport

/// `LLMError.makesEndpointUnusable`: which final errors stop a run at once (the engine's
/// circuit breaker) and which may pass, classified from real answers of the fake server.
@Suite final class EndpointUnusableTests {
    /// A scripted answer and whether its error makes the endpoint unusable.
    struct Case: Sendable, CustomTestStringConvertible {
        var name: String
        var reply: FakeLLMServer.Reply
        var code: LLMError.Code
        var unusable: Bool

        var testDescription: String { name }
    }

    static let cases: [Case] = [
        Case(name: "401 wrong key", reply: .invalidAPIKey, code: .unauthorized, unusable: true),
        Case(name: "403 model forbidden", reply: .modelForbidden, code: .forbidden, unusable: true),
        Case(name: "404 unknown model", reply: .modelNotFound, code: .notFound, unusable: true),
        Case(name: "400 request shape", reply: .unrecognizedArgument, code: .badRequest, unusable: true),
        Case(name: "422 as JSON", reply: .raw(status: 422, body: #"{"detail":"field required"}"#), code: .badRequest, unusable: true),
        Case(name: "405 HTML page", reply: .htmlPage(status: 405), code: .notJSON, unusable: true),
        Case(name: "200 login page", reply: .loginPage, code: .notJSON, unusable: true),
        Case(name: "200 JSON without choices", reply: .jsonWithoutChoices, code: .malformedResponse, unusable: true),
        Case(name: "400 context length", reply: .contextLengthExceeded, code: .contextLengthExceeded, unusable: false),
        Case(name: "408 request timeout", reply: .raw(status: 408, body: #"{"error":{"message":"timeout"}}"#), code: .badRequest, unusable: false),
        Case(name: "429", reply: .rateLimited(retryAfter: "1"), code: .rateLimited, unusable: false),
        Case(name: "503", reply: .serverError(503), code: .serverError, unusable: false),
        Case(name: "empty choices", reply: .raw(status: 200, body: #"{"choices":[]}"#), code: .emptyChoices, unusable: false),
    ]

    let server: FakeLLMServer

    init() async throws {
        server = try await FakeLLMServer()
    }

    deinit {
        Task { [server] in await server.stop() }
    }

    func finalError(_ request: CompletionRequest = CompletionRequest(prompt: "p")) async -> LLMError? {
        let client = LLMClient(endpoint: EndpointConfiguration(baseURL: server.baseURL, model: "fake-model"),
                               retryPolicy: .never, clock: ManualClock())
        return await llmError { try await client.complete(request) }
    }

    @Test(arguments: cases)
    func classifiesTheFinalError(_ testCase: Case) async throws {
        server.enqueue(testCase.reply)
        let error = try #require(await finalError())
        #expect(error.code == testCase.code)
        #expect(error.makesEndpointUnusable == testCase.unusable)
    }

    @Test func aRefusedConnectionMayPass() async throws {
        await server.stop()
        let error = try #require(await finalError())
        #expect(error.code == .connectionFailed)
        #expect(!error.makesEndpointUnusable)
    }

    @Test func aConfigurationThatCannotWorkIsUnusable() throws {
        let error = try #require(throws: LLMError.self) {
            try EndpointConfiguration.resolve(baseURL: "localhost:8077", environment: [:])
        }
        #expect(error.code == .invalidConfiguration)
        #expect(error.makesEndpointUnusable)
    }

    @Test func aRequestThatCannotBeSentIsUnusable() async throws {
        let error = try #require(await finalError(CompletionRequest(prompt: "p", parameters: SamplingParameters(n: 0))))
        #expect(error.code == .invalidRequest)
        #expect(error.makesEndpointUnusable)
    }
}
