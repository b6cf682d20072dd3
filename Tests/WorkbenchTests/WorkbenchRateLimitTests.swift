import Foundation
import LLM
import Pool
import TestSupport
import Terminal
import Testing
@testable import Workbench

/// The workbench over the engine against a storm of 429s, on a clock the test moves by
/// hand: the status bar says what the server asked for, no request goes out before the
/// wait is over, and generation goes on once the server answers.
@Suite("Workbench against a rate-limit storm", .serialized, .timeLimit(.minutes(5)))
struct WorkbenchRateLimitTests {
    init() {
        setlocale(LC_ALL, "C.UTF-8")
    }

    @Test func aStormOf429sWaitsOutEachRetryAfterOnTheClockThenGoesOn() async throws {
        let clock = HandClock()
        var session = try await LiveSession(retryPolicy: RetryPolicy(maxAttempts: 5, jitter: 0), clock: clock, width: 300)
        session.server.enqueue(contentsOf: Array(repeating: .rateLimited(retryAfter: "5"), count: 3))
        session.server.enqueue(.stream(.init(body: FakeLLMServer.StreamScript.completion(scriptedPieces))))
        await session.backend.start()

        for storm in 1...3 {
            await clock.untilSomeoneSleeps()
            await session.pump { state in state.log.filter { $0.text.hasPrefix("retrying: ") }.count == storm }
            #expect(session.statusBar.contains("✗ endpoint down: 429 rate limited, retry in 5 s"), "\(session.statusBar)")
            #expect(session.harness.state.log.last { $0.text.hasPrefix("retrying: ") }?.text
                    .contains("HTTP 429 Too Many Requests (Retry-After 5 s); attempt \(storm + 1) of 5 in 5 s") == true)
            // Just short of the wait: the request is still waiting, and nothing more was sent.
            clock.advance(by: .milliseconds(4900))
            #expect(clock.sleeperCount == 1)
            #expect(session.server.receivedCount == storm, "\(storm) requests by \(clock.elapsed)")
            clock.advance(by: .milliseconds(100))
            await session.server.waitForRequests(storm + 1)
        }
        // Requests against the clock: one at the start and one per 5 s waited, no more.
        #expect(clock.elapsed == .seconds(15))
        #expect(session.server.receivedCount == 4)

        await session.pump { $0.entry("r1-0-3") != nil && $0.generation.health == .healthy }
        #expect(session.statusBar.contains("endpoint ok") && !session.statusBar.contains("✗"), "\(session.statusBar)")
        await session.quit()
        #expect(try generatedInstructions(session) == [
            "Describe the water cycle in simple words.", "Explain how a rainbow forms after a storm.",
            "Name three famous painters from Spain and their works.", "Plot the sales of the last year in a chart.",
        ])
        #expect(session.server.receivedCount == 4)
        await session.finish()
    }
}
