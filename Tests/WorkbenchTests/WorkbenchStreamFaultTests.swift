import Foundation
import LLM
import Pool
import TestSupport
import Terminal
import Testing
@testable import Workbench

/// Whether the workbench shows a failed request (the latest failure stays in the status bar).
func showsFailedRequest(_ state: WorkbenchState) -> Bool {
    if case .failing(let failure) = state.generation.health, case .requestFailed = failure.cause { true } else { false }
}

/// Whether generation has halted and its run has ended.
func hasHalted(_ state: WorkbenchState) -> Bool {
    if case .halted = state.generation.health { state.generation.phase == .idle } else { false }
}

/// The instructions of the records generation wrote, as the pool file holds them.
func generatedInstructions(_ session: LiveSession) throws -> [String] {
    try session.poolOnDisk().entries.filter { $0.round != nil }.map(\.instruction)
}

/// The workbench over the engine against answers that break or swell midway: streams cut
/// mid-item, answers past the size cap, and answers that arrive a byte at a time.
@Suite("Workbench against broken and slow answers", .serialized, .timeLimit(.minutes(5)))
struct WorkbenchStreamFaultTests {
    init() {
        setlocale(LC_ALL, "C.UTF-8")
    }

    @Test func streamsCutMidItemShowEachRoundsFailureThenHaltAfterThreeRoundsWritingNothing() async throws {
        var session = try await LiveSession(width: 400)
        for _ in 0..<3 {
            session.server.enqueue(.streamCutMidItem([" Describe the water cycle", " in simple words.\n5. Explain how a rain"]))
        }
        await session.backend.start()
        await session.pump(until: showsFailedRequest)
        #expect(session.statusBar.contains("✗ endpoint down: request instructions 1.0 failed: The stream from \(session.server.baseURL)/completions broke after text had arrived"),
                "\(session.statusBar)")
        #expect(session.harness.state.live.stream?.text.contains("Explain how a rain") == true)

        await session.pump(until: hasHalted)
        // A stream that broke after text is not sent again: one request a round.
        #expect(session.server.requests.count == 3)
        #expect(session.statusBar.contains("✗ generation stopped: every request of the last 3 rounds failed; the last: The stream from"), "\(session.statusBar)")
        let failures = session.harness.state.log.filter { $0.isError && $0.text.contains("broke after text had arrived") && $0.text.hasPrefix("request ") }
        #expect(failures.map { String($0.text.prefix(24)) } == ["request instructions 1.0", "request instructions 2.0", "request instructions 3.0"])
        await session.quit()
        // Neither the whole first item nor the cut second one reached the pool.
        #expect(try generatedInstructions(session).isEmpty)
        await session.finish()
    }

    @Test func anAnswerPastTheSizeCapIsAbandonedWithTheCauseShownAndNoRecord() async throws {
        var session = try await LiveSession(maxAnswerBytes: 4096, width: 400)
        session.server.enqueue(.oversized(bytes: 64 << 10))
        await session.backend.start()
        await session.pump(until: showsFailedRequest)
        #expect(session.statusBar.contains("✗ endpoint down: request instructions 1.0 failed: Stopped reading \(session.server.baseURL)/completions: its answer passed the 4096 bytes a model's answer may have"),
                "\(session.statusBar)")
        // Not retried: an oversized answer is the server gone wrong, not a passing fault.
        #expect(session.server.requests.count == 1)
        #expect(session.harness.state.log.contains { $0.isError && $0.text.contains("passed the 4096 bytes") })
        await session.quit()
        #expect(try generatedInstructions(session).isEmpty)
        await session.finish()
    }

    @Test func anAnswerDrippedAByteAtATimeArrivesWholeAndItsRecordsAreWritten() async throws {
        var session = try await LiveSession()
        session.server.enqueue(.dripped(.stream(.init(body: FakeLLMServer.StreamScript.completion(scriptedPieces))), every: .milliseconds(1)))
        await session.backend.start()
        await session.pump { $0.entry("r1-0-3") != nil }
        #expect(session.harness.state.generation.health == .healthy)
        #expect(session.harness.state.live.candidates.map(\.status) == [.pending, .pending, .pending, .rejected])
        #expect(session.statusBar.contains("3 pending") && session.statusBar.contains("endpoint ok"), "\(session.statusBar)")
        await session.quit()
        #expect(try generatedInstructions(session) == [
            "Describe the water cycle in simple words.", "Explain how a rainbow forms after a storm.",
            "Name three famous painters from Spain and their works.", "Plot the sales of the last year in a chart.",
        ])
        #expect(session.server.requests.count == 1)
        await session.finish()
    }
}
