import Foundation
import Testing
@testable import Engine
import LLM
import Pool
import TestSupport

/// The halt a run ended with, or nil if it ended otherwise.
private func haltReason(of run: () async throws -> Void) async -> HaltReason? {
    do {
        try await run()
        return nil
    } catch {
        return (error as? EngineError)?.haltReason
    }
}

/// Whether the pool file holds a line with an empty instruction.
private func hasEmptyInstruction(_ h: RunnerHarness) throws -> Bool {
    try String(contentsOf: h.poolURL, encoding: .utf8).contains(#""instruction":"""#)
}

@Suite struct EngineFaultTests {
    @Test func anItemCutRightAfterItsNumberIsNeverARecord() async throws {
        let h = try await RunnerHarness()
        h.server.enqueue(
            .completion(text: " Describe the water cycle in simple words.\n5. "),
            .completion(text: " Name three famous painters from Spain.\n5. Explain how a bicycle gear\n6. ", finishReason: "length"))
        let engine = try h.engine()
        try await engine.run(.rounds(2))
        try await engine.close()
        #expect(try h.generated().map(\.id) == ["r1-0-0", "r2-0-0", "r2-0-1"])
        #expect(try !hasEmptyInstruction(h))
        await h.finish()
    }

    @Test func aStreamedAnswerWithOnlyWhitespaceIsAFailedRequestNotARecord() async throws {
        let h = try await RunnerHarness()
        h.server.enqueue(.stream(FakeLLMServer.StreamScript(body: FakeLLMServer.StreamScript.completion([" \n "], finishReason: "stop"))))
        let engine = try h.engine(stream: true)
        try await engine.run(.rounds(1))
        try await engine.close()
        #expect(try h.generated().isEmpty)
        #expect(try !hasEmptyInstruction(h))
        #expect(await h.allEvents().contains { if case .roundFinished(let summary) = $0 { summary.failedRequests == 1 && summary.rejected == 0 } else { false } })
        await h.finish()
    }

    @Test(arguments: [
        (401, "401 Unauthorized"), (403, "403 Forbidden"), (404, "404 Not Found"), (400, "HTTP 400"),
    ])
    func anAnswerThatMakesTheEndpointUnusableHaltsATargetRunAtOnce(status: Int, words: String) async throws {
        let h = try await RunnerHarness { _ in .raw(status: status, body: #"{"error":{"message":"no"}}"#) }
        let engine = try h.engine(promptsPerRound: 5)
        let reason = await haltReason { try await engine.run(.target(1000)) }
        try await engine.close()
        #expect(reason?.isEndpointUnusable == true)
        #expect(reason?.description.contains(words) == true)
        #expect(reason?.description.contains(h.server.baseURL) == true)
        #expect(h.server.receivedCount <= 5)
        #expect(await h.allEvents().contains { if case .halted = $0 { true } else { false } })
        #expect(try h.generated().isEmpty)
        await h.finish()
    }

    @Test func aTwoHundredThatIsNotAnAPIAnswerHaltsTheRun() async throws {
        for reply in [FakeLLMServer.Reply.htmlPage(status: 200), .raw(status: 200, body: #"{"object":"list","data":[]}"#)] {
            let h = try await RunnerHarness { _ in reply }
            let engine = try h.engine(promptsPerRound: 2)
            let reason = await haltReason { try await engine.run(.target(1000)) }
            try await engine.close()
            #expect(reason?.isEndpointUnusable == true)
            #expect(h.server.receivedCount <= 2)
            #expect(try h.generated().isEmpty)
            await h.finish()
        }
    }

    @Test func aStreamedTwoHundredThatIsNotAnEventStreamEndsTheRunWithoutRecords() async throws {
        for reply in [FakeLLMServer.Reply.htmlPage(status: 200), .raw(status: 200, body: #"{"object":"list"}"#)] {
            let h = try await RunnerHarness { _ in reply }
            let engine = try h.engine(promptsPerRound: 2, stream: true)
            let reason = await haltReason { try await engine.run(.target(1000)) }
            try await engine.close()
            // Either at once (the client names the answer) or after three rounds of nothing usable.
            #expect(reason != nil)
            #expect(h.server.receivedCount <= 3 * 2 * 2)
            #expect(try h.generated().isEmpty)
            #expect(try !hasEmptyInstruction(h))
            await h.finish()
        }
    }

    @Test func threeRoundsWhoseEveryRequestFailedHaltTheRun() async throws {
        let h = try await RunnerHarness { _ in .serverError(503) }
        let engine = try h.engine(promptsPerRound: 2)
        let reason = await haltReason { try await engine.run(.untilStopped) }
        try await engine.close()
        #expect(reason?.isEndpointUnusable == false)
        #expect(reason?.description.contains("every request of the last 3 rounds failed") == true)
        #expect(reason?.description.contains("HTTP 503") == true)
        // 3 rounds of 2 prompts, each tried twice.
        #expect(h.server.receivedCount == 12)
        await h.finish()
    }

    @Test func aRefusedPortHaltsAfterThreeRounds() async throws {
        let h = try await RunnerHarness()
        let closed = try await FakeLLMServer()
        let url = closed.baseURL
        await closed.stop()
        let engine = try h.engine(baseURL: url)
        let reason = await haltReason { try await engine.run(.target(1000)) }
        try await engine.close()
        #expect(reason?.description.contains(url) == true)
        #expect(reason?.description.contains("every request of the last 3 rounds failed") == true)
        await h.finish()
    }

    @Test func aRoundWithOneAnswerResetsTheCount() async throws {
        let h = try await RunnerHarness()
        h.server.enqueue(
            .serverError(), .serverError(), .serverError(), .serverError(),
            .completion(text: " Describe the water cycle in simple words."),
            .serverError(), .serverError(), .serverError(), .serverError())
        let engine = try h.engine()
        try await engine.run(.rounds(5))
        try await engine.close()
        #expect(try h.generated().map(\.id) == ["r3-0-0"])
        await h.finish()
    }

    @Test func aTooManyRequestsStormGoesOnOnceTheServerAnswers() async throws {
        let h = try await RunnerHarness()
        h.server.enqueue(.rateLimited(retryAfter: "0"), .completion(text: " Describe the water cycle in simple words."))
        let engine = try h.engine()
        try await engine.run(.rounds(1))
        try await engine.close()
        #expect(try h.generated().map(\.id) == ["r1-0-0"])
        #expect(await h.allEvents().contains { if case .requestRetried = $0 { true } else { false } })
        await h.finish()
    }

    @Test func aStageHaltsOnAnUnusableEndpoint() async throws {
        let h = try await RunnerHarness()
        h.server.enqueue(.completion(text: " Describe the water cycle in simple words.\n5. Name three famous painters from Spain."))
        let engine = try h.engine()
        try await engine.run(.rounds(1))
        h.server.enqueue(.raw(status: 401, body: #"{"error":{"message":"bad key"}}"#), .raw(status: 401, body: "{}"))
        let before = h.server.receivedCount
        let reason = await haltReason { _ = try await engine.classify() }
        try await engine.close()
        #expect(reason?.isEndpointUnusable == true)
        #expect(h.server.receivedCount == before + 1)
        #expect(try h.generated().map(\.isClassification) == [nil, nil])
        await h.finish()
    }

    @Test func pauseMidRoundSendsNoNewRequestUntilResume() async throws {
        let h = try await RunnerHarness()
        h.server.enqueue(
            .delayed(.seconds(2), .completion(text: " Describe the water cycle in simple words.")),
            .completion(text: " Name three famous painters from Spain."))
        let engine = try h.engine(promptsPerRound: 2, maxInFlight: 1)
        let run = Task { try await engine.run(.rounds(1)) }
        await h.server.waitForRequests(1)
        await engine.pause()
        while !h.events.contains(where: { if case .candidateParsed(let id, _) = $0 { id.request.index == 0 } else { false } }) {
            await Task.yield()
        }
        #expect(await engine.state == .paused)
        #expect(h.server.receivedCount == 1)
        await engine.resume()
        try await run.value
        try await engine.close()
        #expect(h.server.receivedCount == 2)
        #expect(try h.generated().map(\.id) == ["r1-0-0", "r1-1-0"])
        // The second request went out only after the resume.
        let events = await h.allEvents()
        let resumed = try #require(events.lastIndex { if case .stateChanged(.running) = $0 { true } else { false } })
        let sent = try #require(events.firstIndex { if case .requestSent(let id) = $0 { id.index == 1 } else { false } })
        #expect(sent > resumed)
        await h.finish()
    }

    @Test func afterAHaltNoFurtherRequestIsSent() async throws {
        let h = try await RunnerHarness { _ in .serverError(503) }
        let engine = try h.engine()
        _ = await haltReason { try await engine.run(.untilStopped) }
        let sent = h.server.receivedCount
        #expect(await engine.state == .idle)
        try await engine.close()
        #expect(h.server.receivedCount == sent)
        #expect(sent == 3 * 2)
        await h.finish()
    }

    @Test func circuitBreakerCountsOnlyRoundsInARowWhoseEveryRequestFailed() {
        let refused = RequestFailure.nothingUsable(url: "http://127.0.0.1:1/v1", characters: 0, finishReason: .stop)
        var breaker = CircuitBreaker(limit: 3)
        #expect(breaker.roundEnded(stage: .instructions, requests: 2, failures: [refused, refused]) == nil)
        #expect(breaker.roundEnded(stage: .instructions, requests: 2, failures: [refused]) == nil)
        #expect(breaker.failedInARow == 0)
        #expect(breaker.roundEnded(stage: .instructions, requests: 1, failures: [refused]) == nil)
        #expect(breaker.roundEnded(stage: .instructions, requests: 1, failures: [refused]) == nil)
        let halt = breaker.roundEnded(stage: .instructions, requests: 1, failures: [refused])
        #expect(halt == .everyRequestFailed(rounds: 3, stage: .instructions, last: refused))
    }
}
