import Foundation
import LLM
import Testing

/// The local model server's base URL, when scripts/test started one.
private let localModelURL = ProcessInfo.processInfo.environment["SELFINSTRUCT_LOCAL_MODEL_URL"].flatMap { $0.isEmpty ? nil : $0 }

/// The real end-to-end path: our client against the local SmolLM2 server that
/// `scripts/test` starts (`scripts/local-model start`) and names in
/// SELFINSTRUCT_LOCAL_MODEL_URL. Skipped, visibly, when that is unset.
@Suite(.enabled(if: localModelURL != nil, "set SELFINSTRUCT_LOCAL_MODEL_URL (scripts/test does) to run against the local model"),
       .serialized)
struct LocalModelTests {
    let client = LLMClient(endpoint: EndpointConfiguration(baseURL: localModelURL ?? "", model: EndpointConfiguration.localModelName),
                           retryPolicy: RetryPolicy(maxAttempts: 2))

    @Test func completesAPrompt() async throws {
        let completion = try await client.complete(CompletionRequest(
            prompt: "Come up with a series of tasks:\n1. Write a haiku about rain.\n2.",
            parameters: SamplingParameters(maxTokens: 24, temperature: 0.7, stop: ["\n\n"], seed: 7)))
        #expect(!completion.text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty)
        #expect([FinishReason.stop, .length].contains(completion.finishReason))
        let usage = try #require(completion.usage)
        #expect(usage.promptTokens > 0 && usage.completionTokens > 0)
        #expect(completion.cost == 0)
    }

    @Test func streamsAChatAnswer() async throws {
        var text = ""
        var finishReasons: [FinishReason] = []
        var usages: [Usage] = []
        for try await event in client.streamChat(ChatRequest(
            messages: [ChatMessage(.user, "Name one colour.")],
            parameters: SamplingParameters(maxTokens: 16, temperature: 0.2, seed: 7))) {
            switch event {
            case .text(let piece): text += piece
            case .finished(let reason): finishReasons.append(reason)
            case .usage(let usage): usages.append(usage)
            }
        }
        #expect(!text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty)
        #expect(finishReasons.count == 1)
        #expect(finishReasons.first.map { [.stop, .length].contains($0) } == true)
        // llama.cpp's server sends no usage in streams; where it does, it must be sensible.
        #expect(usages.allSatisfy { $0.promptTokens > 0 })
    }

    @Test func listsTheLocalModel() async throws {
        #expect(try await client.models().contains(EndpointConfiguration.localModelName))
    }
}
