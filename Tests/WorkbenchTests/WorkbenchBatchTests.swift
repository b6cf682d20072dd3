import Foundation
import Engine
import LLM
import Pool
import TestSupport
import Terminal
import Testing
@testable import Workbench

/// The workbench over an engine in batch mode: the batch in flight and its status in the
/// status bar, each change in the log, and the round's records once its answers are in;
/// quitting mid-batch leaves the batch open for the next session.
@Suite("Workbench with batches", .serialized, .timeLimit(.minutes(5)))
struct WorkbenchBatchTests {
    init() {
        setlocale(LC_ALL, "C.UTF-8")
    }

    @Test func theStatusBarShowsEachBatchInFlightUntilItsAnswersAreIn() async throws {
        let clock = HandClock()
        var session = try await LiveSession(
            auto: true, responder: { _ in .completion(text: " Describe the water cycle in simple words.") }, width: 200,
            batch: BatchMode(firstPoll: .seconds(30), clock: clock))
        session.server.batches.enqueue(.init(statuses: ["validating", "in_progress"]))
        await session.backend.start()

        await session.pump { $0.generation.health.description(at: 0).hasPrefix("batch ") }
        #expect(session.statusBar.contains("│ batch batch_2 (instructions round 1) validating 0/1"), "\(session.statusBar)")
        await clock.untilSomeoneSleeps()
        clock.advance(by: .seconds(30))
        await session.pump { $0.generation.health.description(at: 0).contains("in_progress") }
        #expect(session.statusBar.contains("│ batch batch_2 (instructions round 1) in_progress 0/1"), "\(session.statusBar)")
        #expect(try generatedInstructions(session).isEmpty)

        await clock.untilSomeoneSleeps()
        clock.advance(by: .seconds(60))
        await session.pump { state in state.log.contains { $0.text.contains("completed 1/1, answers in") } }
        // Auto mode classifies round 1's task next: written first, then asked as a batch too.
        await session.pump { $0.generation.health.description(at: 0).contains("classification batch 1") }
        #expect(session.harness.state.log.contains { $0.text == "batch batch_4 (classification batch 1) validating 0/1" })
        await session.quit()
        #expect(try generatedInstructions(session) == ["Describe the water cycle in simple words."])
        #expect(session.server.batches.createdCount == 2)
        // Quitting mid-batch leaves it open in the ledger, for the next session to poll.
        #expect(try BatchLedger(forPool: session.folder.file("pool.jsonl")).open().map(\.batch) == ["batch_4"])
        await session.finish()
    }
}
