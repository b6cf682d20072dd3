import Foundation
import Testing
@testable import Engine
import LLM
import Pool
import TestSupport

/// Batch mode: a round's requests go as one Batch API batch against the fake files and
/// batches API, and what lands in the pool is what a live run writes given the same answers.
@Suite struct BatchRunTests {
    static let responder = FakeLLMServer.pipelineResponder(
        instructions: " Describe the water cycle in simple words.\n5. Name three famous painters from Spain.\n6. Explain how a rainbow forms in the sky.",
        classify: { $0.contains("painters") ? " Yes" : " No" },
        instances: { _ in "Input: a sunny day\nOutput: Water evaporates, forms clouds and falls as rain." })

    /// Deletes the pool and the files beside it, so a second engine starts afresh.
    private func removePool(_ h: RunnerHarness) throws {
        for name in try h.folder.fileNames() where name.hasPrefix("pool") {
            try FileManager.default.removeItem(at: h.folder.file(name))
        }
    }

    /// Runs a round in batch mode and stops the run (as a kill would) while its batch is
    /// polled, the batch submitted and open.
    private func stopWhileTheFirstBatchIsPolled(_ h: RunnerHarness) async throws {
        let held = HeldClock()
        let engine = try h.engine(promptsPerRound: 3, batch: BatchMode(clock: held))
        let run = Task { try await engine.run(.rounds(1)) }
        await held.firstSleep()
        run.cancel()
        await #expect(throws: CancellationError.self) { try await run.value }
        try await engine.close()
    }

    private func batchEvents(_ events: [EngineEvent]) -> [BatchProgress] {
        events.compactMap { if case .batchUpdated(let progress) = $0 { progress } else { nil } }
    }

    @Test func batchRunWritesThePoolALiveRunWrites() async throws {
        let h = try await RunnerHarness(responder: Self.responder)
        defer { Task { await h.finish() } }
        let live = try h.engine(promptsPerRound: 3)
        try await live.run(.rounds(2))
        _ = try await live.classify()
        _ = try await live.generateInstances()
        try await live.close()
        let liveRecords = try h.records()
        try removePool(h)

        let batched = try h.engine(promptsPerRound: 3, stageBatchSize: 50, batch: BatchMode(clock: InstantClock()))
        try await batched.run(.rounds(2))
        _ = try await batched.classify()
        _ = try await batched.generateInstances()
        try await batched.close()
        let batchRecords = try h.records()

        #expect(batchRecords.filter { $0.round != nil }.count >= 3)
        #expect(batchRecords.contains { !$0.instances.isEmpty && $0.round != nil })
        #expect(batchRecords == liveRecords)
        // Two rounds, then one classification batch and one instance batch.
        #expect(h.server.batches.createdCount == 4)
        #expect(try BatchLedger(forPool: h.poolURL).open().isEmpty)
    }

    @Test func batchAnswersCostHalfInTheLedgerAndTheSpentFigure() async throws {
        let h = try await RunnerHarness(responder: Self.responder)
        defer { Task { await h.finish() } }
        let prices = PriceTable(["fake-model": TokenPrice(inputPerMillion: 1_000_000, outputPerMillion: 1_000_000)])
        let engine = try h.engine(promptsPerRound: 3, prices: prices, batch: BatchMode(clock: InstantClock()))
        try await engine.run(.rounds(1))
        let spent = await engine.poolSpending
        try await engine.close()
        let lines = try String(contentsOfFile: SpendingLedger(forPool: h.poolURL).path, encoding: .utf8).split(separator: "\n")
        #expect(lines.count == 3 && lines.allSatisfy { $0.contains(#""batch":true"#) })
        // A dollar a token at the list price: the batch's tokens cost half of that.
        #expect(spent.totalTokens > 0 && spent.cost == Double(spent.totalTokens) / 2)
        #expect(Spending(try SpendingLedger(forPool: h.poolURL).totals(), prices: prices).cost == spent.cost)
    }

    @Test func inputFileHoldsOneRequestPerLineAndTheUploadIsForBatch() async throws {
        let h = try await RunnerHarness(responder: Self.responder)
        defer { Task { await h.finish() } }
        let engine = try h.engine(promptsPerRound: 3, batch: BatchMode(clock: InstantClock()))
        try await engine.run(.rounds(1))
        try await engine.close()

        let uploads = h.server.batches.uploads
        #expect(uploads.count == 1)
        let lines = try uploads[0].split(separator: 0x0A).map { try #require(try JSONSerialization.jsonObject(with: Data($0)) as? [String: Any]) }
        #expect(lines.map { $0["custom_id"] as? String } == ["instructions-1-0", "instructions-1-1", "instructions-1-2"])
        for line in lines {
            #expect(line["method"] as? String == "POST")
            #expect(line["url"] as? String == "/v1/completions")
            let body = try #require(line["body"] as? [String: Any])
            #expect(body["model"] as? String == "fake-model")
            #expect((body["prompt"] as? String)?.isEmpty == false)
            #expect(body["stream"] == nil)
        }
        let create = try #require(h.server.requests.first { $0.method == "POST" && $0.path == "/v1/batches" })
        #expect(create.json?["metadata"] as? [String: String] != nil, "tagged with its requests' digest, to be found again")
        #expect(create.json?["completion_window"] as? String == "24h")
        #expect(create.json?["endpoint"] as? String == "/v1/completions")
        // Every request to the files and batches API carried the key; none was live.
        #expect(h.server.requests.allSatisfy { $0.headers["Authorization"] == "Bearer sk-test-secret-key" })
        #expect(!h.server.requests.contains { $0.path == "/v1/completions" })
    }

    @Test func statusChangesAreReportedAndPollsWaitLongerEachTime() async throws {
        let h = try await RunnerHarness(responder: Self.responder)
        defer { Task { await h.finish() } }
        h.server.batches.enqueue(.init(statuses: ["validating", "in_progress", "in_progress", "finalizing"]))
        let clock = InstantClock()
        let engine = try h.engine(batch: BatchMode(firstPoll: .seconds(5), longestPoll: .seconds(15), clock: clock))
        try await engine.run(.rounds(1))
        try await engine.close()

        #expect(clock.sleeps == [.seconds(5), .seconds(10), .seconds(15), .seconds(15)])
        let reported = batchEvents(await h.allEvents())
        #expect(reported.map(\.job.status) == ["validating", "in_progress", "finalizing", "completed", "completed"])
        #expect(reported.last?.ingested == true)
        #expect(reported.allSatisfy { !$0.resumed && $0.job.id == "batch_2" })
        #expect(try h.generated().count == 3)
    }

    @Test func failedItemsAreAskedLiveAndTheRoundIsWhole() async throws {
        let h = try await RunnerHarness(responder: Self.responder)
        defer { Task { await h.finish() } }
        h.server.batches.enqueue(.init(failingLines: [1: 500]))
        let engine = try h.engine(promptsPerRound: 3, batch: BatchMode(leftovers: .live, clock: InstantClock()))
        try await engine.run(.rounds(1))
        try await engine.close()

        #expect(h.server.requests.filter { $0.path == "/v1/completions" }.count == 1)
        let records = try h.generated()
        #expect(Set(records.map { $0.id.split(separator: "-")[1] }) == ["0", "1", "2"])
        #expect(records.first { $0.id.hasPrefix("r1-1-") }?.provenance?.instructionGeneration?.rawCompletion?.contains("water cycle") == true)
    }

    @Test func failedItemsAreReportedWhenAskedTo() async throws {
        let h = try await RunnerHarness(responder: Self.responder)
        defer { Task { await h.finish() } }
        h.server.batches.enqueue(.init(failingLines: [1: 500]))
        let engine = try h.engine(promptsPerRound: 3, batch: BatchMode(leftovers: .report, clock: InstantClock()))
        try await engine.run(.rounds(1))
        try await engine.close()

        #expect(!h.server.requests.contains { $0.path == "/v1/completions" })
        let records = try h.generated()
        #expect(Set(records.map { $0.id.split(separator: "-")[1] }) == ["0", "2"])
        let failures = await h.allEvents().compactMap { if case .error(let error) = $0 { error } else { nil } }
        #expect(failures.count == 1)
        #expect(failures.first?.failedRequest == RequestID(stage: .instructions, round: 1, index: 1))
        #expect(failures.first?.description.contains("batch batch_2 did not answer instructions 1.1 (500") == true)
    }

    @Test func anExpiredBatchKeepsItsAnswersAndAsksTheRestLive() async throws {
        let h = try await RunnerHarness(responder: Self.responder)
        defer { Task { await h.finish() } }
        h.server.batches.enqueue(.init(end: "expired", answeredBeforeEnd: 1))
        let engine = try h.engine(promptsPerRound: 3, batch: BatchMode(clock: InstantClock()))
        try await engine.run(.rounds(1))
        try await engine.close()

        let live = h.server.requests.filter { $0.path == "/v1/completions" }
        #expect(live.count == 2)
        #expect(Set(try h.generated().map { $0.id.split(separator: "-")[1] }) == ["0", "1", "2"])
        #expect(batchEvents(await h.allEvents()).last.map { ($0.job.status, $0.job.completed, $0.job.failed) } ?? ("", 0, 0) == ("expired", 1, 2))
    }

    @Test func aRestartMidPollPollsTheSameBatchInsteadOfCreatingAnother() async throws {
        let h = try await RunnerHarness(responder: Self.responder)
        defer { Task { await h.finish() } }
        try await stopWhileTheFirstBatchIsPolled(h)
        #expect(h.server.batches.createdCount == 1)
        let open = try BatchLedger(forPool: h.poolURL).open()
        #expect(open.map(\.batch) == ["batch_2"])
        #expect(open.first?.requests.map(\.request) == ["instructions 1.0", "instructions 1.1", "instructions 1.2"])
        #expect(try h.generated().isEmpty)

        let second = try h.engine(promptsPerRound: 3, batch: BatchMode(clock: InstantClock()))
        try await second.run(.rounds(1))
        try await second.close()
        #expect(h.server.batches.createdCount == 1)
        #expect(h.server.batches.uploads.count == 1)
        let resumed = batchEvents(await h.allEvents()).filter(\.resumed)
        #expect(resumed.first?.job.id == "batch_2")
        #expect(resumed.last?.ingested == true)
        #expect(try h.generated().count == 9)
        #expect(try BatchLedger(forPool: h.poolURL).open().isEmpty)
    }

    @Test func aBatchTheServerMadeButTheLedgerLostIsTakenUpNotPaidForAgain() async throws {
        let h = try await RunnerHarness(responder: Self.responder)
        defer { Task { await h.finish() } }
        try await stopWhileTheFirstBatchIsPolled(h)
        // As if the run had stopped between creating the batch and recording it.
        try FileManager.default.removeItem(atPath: BatchLedger(forPool: h.poolURL).path)

        let second = try h.engine(promptsPerRound: 3, batch: BatchMode(clock: InstantClock()))
        try await second.run(.rounds(1))
        try await second.close()
        #expect(h.server.batches.createdCount == 1)
        #expect(h.server.batches.uploads.count == 1)
        #expect(batchEvents(await h.allEvents()).contains { $0.resumed && $0.job.id == "batch_2" })
        #expect(try h.generated().count == 9)
        #expect(try BatchLedger(forPool: h.poolURL).open().isEmpty)
    }

    @Test(arguments: [1, 2])
    func aCreationWhoseAnswerIsLostRunsOneBatchOnly(attempts: Int) async throws {
        let h = try await RunnerHarness(responder: Self.responder)
        defer { Task { await h.finish() } }
        h.server.batches.loseCreateAnswers(1)
        let engine = try h.engine(promptsPerRound: 3, retryPolicy: RetryPolicy(maxAttempts: attempts, baseDelay: .zero, jitter: 0),
                                  batch: BatchMode(clock: InstantClock()))
        try await engine.run(.rounds(1))
        try await engine.close()
        #expect(try h.generated().count == 9)
        let statuses = h.server.batches.statuses
        if attempts == 1 {
            // The create failed for the client: the batch it made is found by its tag and run.
            #expect(statuses == ["batch_2": "completed"])
        } else {
            // The client asked again and a second batch was made: the first is cancelled.
            #expect(statuses["batch_3"] == "completed")
            #expect(["cancelling", "cancelled"].contains(statuses["batch_2"] ?? ""))
        }
        #expect(try BatchLedger(forPool: h.poolURL).open().isEmpty)
    }

    @Test func aPollThatFailsIsReportedAndTriedAgain() async throws {
        let h = try await RunnerHarness(responder: Self.responder)
        defer { Task { await h.finish() } }
        let server = h.server
        // Both attempts of the first poll answer 503 (the harness's client tries twice).
        let clock = InstantClock { sleep in if sleep == 0 { server.enqueue(.serverError(503), .serverError(503)) } }
        let engine = try h.engine(batch: BatchMode(clock: clock))
        try await engine.run(.rounds(1))
        try await engine.close()

        let reported = batchEvents(await h.allEvents())
        #expect(reported.map(\.job.status) == ["validating", "validating", "in_progress", "completed", "completed"])
        #expect(reported[1].problem?.contains("HTTP 503") == true)
        #expect(reported[1].description.contains("; last poll failed: "))
        #expect(reported[2].problem == nil)
        #expect(clock.sleeps.count == 3)
        #expect(h.server.batches.createdCount == 1)
        #expect(try h.generated().count == 3)
    }

    @Test func aFailedBatchFailsItsRequestsAndSaysWhy() async throws {
        let h = try await RunnerHarness(responder: Self.responder)
        defer { Task { await h.finish() } }
        h.server.batches.enqueue(.init(end: "failed"))
        let engine = try h.engine(promptsPerRound: 2, batch: BatchMode(leftovers: .report, clock: InstantClock()))
        try await engine.run(.rounds(1))
        try await engine.close()

        let failures = await h.allEvents().compactMap { if case .error(let error) = $0 { error.description } else { nil } }
        #expect(failures.count == 2)
        #expect(failures.allSatisfy { $0.contains("batch batch_2 ended failed (line 1: invalid_request: The input file was refused.) without answering") })
        #expect(try h.generated().isEmpty)
        #expect(!h.server.requests.contains { $0.path == "/v1/completions" })
    }

    @Test func aResumedBatchWhoseStatusCannotBeHadIsPolledNotAbandoned() async throws {
        let h = try await RunnerHarness(responder: Self.responder)
        defer { Task { await h.finish() } }
        let held = HeldClock()
        let first = try h.engine(batch: BatchMode(clock: held))
        let run = Task { try await first.run(.rounds(1)) }
        await held.firstSleep()
        run.cancel()
        _ = try? await run.value
        try await first.close()

        // The second run's first look at the batch fails (both attempts), then polls work.
        h.server.enqueue(.serverError(503), .serverError(503))
        let second = try h.engine(batch: BatchMode(clock: InstantClock()))
        try await second.run(.rounds(1))
        try await second.close()
        let resumed = batchEvents(await h.allEvents()).filter(\.resumed)
        #expect(resumed.first.map { ($0.job.status, $0.problem?.contains("HTTP 503") == true) } ?? ("", false) == ("resuming", true))
        #expect(resumed.last?.ingested == true)
        #expect(h.server.batches.createdCount == 1)
        #expect(try h.generated().count == 3)
        #expect(try h.generated().allSatisfy { $0.round == 1 })
    }

    @Test func aDownloadThatFailsIsTriedAgainAfterAWait() async throws {
        let h = try await RunnerHarness(responder: Self.responder)
        defer { Task { await h.finish() } }
        h.server.batches.failDownloads(1)
        let clock = InstantClock()
        let engine = try h.engine(retryPolicy: RetryPolicy(maxAttempts: 1), batch: BatchMode(firstPoll: .seconds(10), clock: clock))
        try await engine.run(.rounds(1))
        try await engine.close()

        let reported = batchEvents(await h.allEvents())
        #expect(reported.map(\.job.status) == ["validating", "in_progress", "completed", "completed", "completed"])
        #expect(reported.map { $0.problem != nil } == [false, false, false, true, false])
        #expect(reported[3].problem?.contains("HTTP 503") == true)
        // Two polls, then the wait before the second download.
        #expect(clock.sleeps == [.seconds(10), .seconds(20), .seconds(10)])
        #expect(try h.generated().count == 3)
    }

    @Test func theKeyIsWrittenNowhere() async throws {
        let h = try await RunnerHarness(responder: Self.responder)
        defer { Task { await h.finish() } }
        h.server.batches.enqueue(.init(failingLines: [0: 500]))
        let engine = try h.engine(promptsPerRound: 2, batch: BatchMode(clock: InstantClock()))
        try await engine.run(.rounds(1))
        _ = try await engine.classify()
        try await engine.close()

        let names = try h.folder.fileNames()
        #expect(names.contains("pool.batches.jsonl"))
        for name in names {
            let contents = try Data(contentsOf: h.folder.file(name))
            #expect(contents.range(of: Data("sk-test-secret-key".utf8)) == nil, "\(name) holds the key")
        }
        for upload in h.server.batches.uploads {
            #expect(upload.range(of: Data("sk-test-secret-key".utf8)) == nil)
        }
        let events = await h.allEvents().map { "\($0)" }.joined(separator: "\n")
        #expect(!events.contains("sk-test-secret-key"))
    }

    @Test func anEndpointWithoutTheBatchAPIHaltsTheRunSayingSo() async throws {
        let h = try await RunnerHarness()
        defer { Task { await h.finish() } }
        h.server.enqueue(.raw(status: 404, body: #"{"detail":"Not Found"}"#))
        let engine = try h.engine(batch: BatchMode(clock: InstantClock()))
        var halt: HaltReason?
        do {
            try await engine.run(.rounds(1))
        } catch let error as EngineError {
            halt = error.haltReason
        }
        try await engine.close()
        // The first thing asked is whether the server already has this batch (GET /batches).
        #expect(halt?.description.contains("\(h.server.baseURL)/batches?limit=100 answered 404 Not Found") == true, "\(String(describing: halt))")
        #expect(halt?.description.contains("may not offer the Batch API") == true)
        #expect(h.server.receivedCount == 1)
    }

    @Test func anUnusableEndpointHaltsTheRunWithoutABatch() async throws {
        let h = try await RunnerHarness()
        defer { Task { await h.finish() } }
        h.server.enqueue(.invalidAPIKey)
        let engine = try h.engine(promptsPerRound: 2, batch: BatchMode(clock: InstantClock()))
        await #expect(throws: EngineError.self) { try await engine.run(.rounds(1)) }
        try await engine.close()
        #expect(h.server.batches.createdCount == 0)
        #expect(try BatchLedger(forPool: h.poolURL).open().isEmpty)
    }
}
