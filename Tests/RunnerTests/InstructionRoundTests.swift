import Foundation
import Testing
@testable import Engine
import LLM
import Pool
import TestSupport

@Suite struct InstructionRoundTests {
    @Test func autoRoundRecordsEveryCandidateWithReasonNeighboursAndProvenance() async throws {
        let h = try await RunnerHarness()
        h.server.enqueue(.completion(text: " Describe the water cycle in simple words.\n5. Plot the sales of the last year in a chart.\n6. Say hi\n7. Describe the water cycle in simple words please.\n8. Write a program that adds two numbers.\n9. 'Quote this sentence exactly as written.", finishReason: "stop"))
        let engine = try h.engine()
        try await engine.run(.rounds(1))
        try await engine.close()

        let records = try h.generated()
        #expect(records.map(\.id) == ["r1-0-0", "r1-0-1", "r1-0-2", "r1-0-3", "r1-0-4", "r1-0-5"])
        #expect(records.map(\.verdict) == [
            "accepted similarity 0.14", "rejected keyword \"plot\"", "rejected length 2",
            "rejected similarity 0.93", "rejected prefix \"Write a program\"", "rejected punctuation \"'\"",
        ])
        // The near-duplicate is refused against the candidate kept just before it in the same completion.
        #expect(records[3].why?.neighbour == "Describe the water cycle in simple words.")
        #expect(records[3].mostSimilar.first == SimilarInstruction(text: "Describe the water cycle in simple words.", score: records[3].why!.value.flatMap { if case .number(let n) = $0 { n } else { nil } }!))
        // Kept candidates list every compared instruction up to 10, highest first, and the mean over all.
        #expect(records[0].mostSimilar.count == 3)
        #expect(records[0].mostSimilar.map(\.score) == records[0].mostSimilar.map(\.score).sorted(by: >))
        #expect(records[3].mostSimilar.count == 4)
        #expect(records.allSatisfy { $0.avgSimilarityScore != nil })
        #expect(records.allSatisfy { $0.round == 1 })

        let call = try #require(records[0].provenance?.instructionGeneration)
        #expect(call.endpoint == h.server.baseURL)
        #expect(call.model == "fake-model")
        #expect(call.demonstrationIDs?.count == 3)
        #expect(call.prompt?.hasSuffix("\n4.") == true)
        #expect(call.finishReason == "stop")
        #expect(call.usage == TokenUsage(promptTokens: 5, completionTokens: 7))
        #expect(call.requestedAt == fixedNow)
        #expect(call.parameters?["temperature"] == .number(0.7))
        let file = try String(contentsOf: h.poolURL, encoding: .utf8)
        #expect(!file.contains("sk-test-secret-key"))
        await h.finish()
    }

    @Test func nearDuplicatesFromTwoRequestsOfOneRoundDoNotBothPass() async throws {
        let h = try await RunnerHarness()
        let text = " Describe the water cycle in simple words."
        h.server.enqueue(.completion(text: text), .completion(text: text), .completion(text: text))
        let engine = try h.engine(promptsPerRound: 3)
        try await engine.run(.rounds(1))
        try await engine.close()
        let verdicts = try h.generated().map(\.verdict)
        #expect(verdicts == ["accepted similarity 0.14", "rejected similarity 1", "rejected similarity 1"])
        await h.finish()
    }

    @Test func cutOffCompletionIsRecordedButDroppedWhole() async throws {
        let h = try await RunnerHarness()
        h.server.enqueue(.completion(text: " Describe the water cycle in simple words.\n5. Explain how a bicycle gear", finishReason: "length"))
        let engine = try h.engine()
        try await engine.run(.rounds(1))
        try await engine.close()
        #expect(try h.generated().map(\.verdict) == ["rejected cut_off -", "rejected cut_off -"])
        await h.finish()
    }

    @Test func anEmptyCompletionIsAFailedRequestAndGarbageTextIsRejected() async throws {
        let h = try await RunnerHarness()
        h.server.enqueue(.completion(text: ""), .completion(text: "<html><body>oops</body></html>"), .completion(text: "\n\n\u{1B}[31m###"))
        let engine = try h.engine()
        try await engine.run(.rounds(3))
        try await engine.close()
        // The escape sequence is refused for its control character before its length.
        #expect(try h.generated().map(\.verdict) == ["rejected length 1", "rejected control-characters \"U+001B\""])
        #expect(try h.generated().map(\.round) == [2, 3])
        let events = await h.allEvents()
        let failure = events.compactMap { if case .error(let error) = $0 { error.requestFailure } else { nil } }.first
        #expect(failure?.code == nil)
        #expect(failure?.description.contains("answered with no text") == true)
        #expect(events.contains { if case .roundFinished(let summary) = $0 { summary.round == 1 && summary.failedRequests == 1 && summary.parsed == 0 } else { false } })
        await h.finish()
    }

    @Test func requestFailingAfterRetriesIsReportedAndTheRunCarriesOn() async throws {
        let h = try await RunnerHarness()
        h.server.enqueue(.serverError(503), .serverError(503), .completion(text: " Describe the water cycle in simple words."))
        let engine = try h.engine()
        try await engine.run(.rounds(2))
        try await engine.close()
        #expect(try h.generated().map(\.id) == ["r2-0-0"])
        let events = h.events
        #expect(events.contains { if case .requestRetried = $0 { true } else { false } })
        #expect(events.contains { if case .error(let error) = $0 { "\(error)".contains("instructions 1.0") } else { false } })
        #expect(events.contains { if case .roundFinished(let summary) = $0 { summary.round == 1 && summary.failedRequests == 1 } else { false } })
        await h.finish()
    }

    @Test func streamedTokensArriveAsEvents() async throws {
        let h = try await RunnerHarness()
        let body = FakeLLMServer.StreamScript.completion([" Describe the water", " cycle in simple words."])
        h.server.enqueue(.stream(FakeLLMServer.StreamScript(body: body, splitPoints: [40, 200])))
        let engine = try h.engine(stream: true)
        try await engine.run(.rounds(1))
        try await engine.close()
        #expect(try h.generated().map(\.instruction) == ["Describe the water cycle in simple words."])
        let deltas = h.events.compactMap { if case .tokensStreamed(_, let delta) = $0 { delta } else { nil } }
        #expect(deltas == [" Describe the water", " cycle in simple words."])
        await h.finish()
    }

    @Test func chatAPIParsesRepeatedItemNumber() async throws {
        let h = try await RunnerHarness()
        h.server.enqueue(.chat(text: "4. Describe the water cycle in simple words.\n5. Name three famous painters from Spain."))
        let engine = try h.engine(api: .chat)
        try await engine.run(.rounds(1))
        try await engine.close()
        #expect(try h.generated().map(\.instruction) == ["Describe the water cycle in simple words.", "Name three famous painters from Spain."])
        #expect(h.server.requests.last?.path == "/v1/chat/completions")
        await h.finish()
    }

    @Test func alpacaRecipeKeepsInputAndOutput() async throws {
        let h = try await RunnerHarness()
        let reply = """
         Convert the temperature to Fahrenheit.
        4. Input:
        25 degrees Celsius
        4. Output:
        77 degrees Fahrenheit
        ###
        5. Instruction: Suggest a name for a friendly robot.
        5. Input:
        <noinput>
        5. Output:
        Bolt
        ###
        6. Instruction: Tell me
        """
        h.server.enqueue(.chat(text: reply, finishReason: "length"))
        let engine = try h.engine(recipe: .alpaca(), api: .chat)
        try await engine.run(.rounds(1))
        try await engine.close()
        let records = try h.generated()
        #expect(records.map(\.status) == [.accepted, .accepted, .rejected])
        #expect(records.map { $0.why?.kind } == [.similarity, .similarity, .cutOff])
        #expect(records[0].instances == [Instance(input: "25 degrees Celsius", output: "77 degrees Fahrenheit")])
        #expect(records[1].instances == [Instance(input: "", output: "Bolt")])
        #expect(records[0].provenance?.instructionGeneration?.demonstrationIDs?.count == 3)
        await h.finish()
    }
}
