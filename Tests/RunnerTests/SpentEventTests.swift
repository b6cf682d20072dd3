import Foundation
import Testing
@testable import Engine
import LLM
import Pool
import TestSupport

/// The engine reports what the pool has spent over all its runs as each answer is counted:
/// from the usage a stream's last chunk carries (asked for with `include_usage`), or, when
/// an endpoint sends none, counted at four bytes a token and marked so.
@Suite struct SpentEventTests {
    private func spent(_ events: [EngineEvent]) -> [Spending] {
        events.compactMap { if case .spent(let spending) = $0 { spending } else { nil } }
    }

    @Test func theSpentFigureIncludesEarlierRunsAndStreamedUsage() async throws {
        let h = try await RunnerHarness()
        let text = StageRetryTests.threeInstructions
        h.server.enqueue(.stream(.init(body: FakeLLMServer.StreamScript.completion([text], usage: (40, 12)))))
        let first = try h.engine(stream: true)
        try await first.run(.rounds(1))
        try await first.close()
        #expect(spent(await h.allEvents()).last.map { [$0.promptTokens, $0.completionTokens, $0.estimatedRequests] } == [40, 12, 0])
        let body = try #require(h.server.requests.first?.body)
        #expect(String(decoding: body, as: UTF8.self).contains(#""include_usage":true"#), "a stream asks for its usage")

        // A restart, and an endpoint that sends no usage: counted, approximately, on top.
        h.server.enqueue(.stream(.init(body: FakeLLMServer.StreamScript.completion([text]))))
        let second = try h.engine(stream: true)
        try await second.run(.rounds(1))
        try await second.close()
        let last = try #require(spent(await h.allEvents()).last)
        #expect(last.promptTokens > 40 && last.completionTokens == 12 + (text.utf8.count + 3) / 4)
        #expect(last.requests == 2 && last.estimatedRequests == 1)
        await h.finish()
    }
}
