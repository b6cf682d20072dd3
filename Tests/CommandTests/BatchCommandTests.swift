import Foundation
import Pool
import TestSupport
import Testing

/// `--batch` on the command line: generate and the stages against the fake files and
/// batches API, with the batch ledger beside the pool.
@Suite struct BatchCommandTests {
    static let responder = FakeLLMServer.pipelineResponder(
        instructions: " Describe the water cycle in simple words.\n5. Name three famous painters from Spain.",
        classify: { _ in " No" },
        instances: { _ in "Input: a sunny day\nOutput: Water evaporates, forms clouds and falls as rain." })

    @Test func generateAndInstancesRunAsBatchesAndCloseThemInTheLedger() async throws {
        let run = try await HeadlessRun(responder: Self.responder)
        defer { Task { await run.finish() } }
        let generate = try await run.run("generate", "--rounds", "1", "--prompts-per-round", "2", "--batch", "--batch-poll", "0.001")
        #expect(generate.status == 0, "\(generate.stderr)")
        #expect(generate.stderr.contains("batch batch_2 (instructions round 1) completed 2/2, answers in"), "\(generate.stderr)")
        #expect(try run.generatedLines().count == 4)

        let instances = try await run.run("instances", "--batch", "--batch-poll", "0.001")
        #expect(instances.status == 0, "\(instances.stderr)")
        #expect(instances.stdout.contains("classification: 2 asked, 2 classified"), "\(instances.stdout)")
        #expect(instances.stdout.contains("instances: 2 asked, 2 with instances"), "\(instances.stdout)")
        #expect(run.server.batches.createdCount == 3)
        #expect(!run.server.requests.contains { $0.path.hasSuffix("/completions") })

        let ledger = try String(contentsOf: run.folder.file("pool.batches.jsonl"), encoding: .utf8)
        #expect(ledger.split(separator: "\n").count == 6)
        #expect(ledger.contains(#""closed":"batch_2""#))
        #expect(!ledger.contains("sk-fault-secret"))
    }

    @Test func batchesListsTheBatchesInFlightAndCancelsThem() async throws {
        let run = try await HeadlessRun()
        defer { Task { await run.finish() } }
        let none = try await run.run("batches")
        #expect(none.status == 0)
        #expect(none.stderr.contains("no batches in flight for \(run.pool.path)"))

        let input = Data(#"{"custom_id":"instructions-1-0","method":"POST","url":"/v1/completions","body":{"model":"fake-model","prompt":"1."}}"#.utf8 + [0x0A])
        run.server.batches.enqueue(.init(statuses: ["in_progress", "in_progress"], end: "completed"))
        let id = run.server.batches.submit(input + input)
        let item = BatchLedger.Item(customID: "instructions-1-0", request: "instructions 1.0")
        let ledger = BatchLedger(forPool: run.pool)
        try ledger.submitted(.init(batch: id, inputFile: "file-in-001", endpoint: run.server.baseURL, stage: "instructions",
                                   round: 1, digest: "0", requests: [item, item], at: Date()))
        try ledger.submitted(.init(batch: "batch_elsewhere", inputFile: "file-x", endpoint: "https://elsewhere.example/v1",
                                   stage: "classification", round: 1, digest: "1", requests: [item], at: Date()))

        let listed = try await run.run("batches")
        #expect(listed.status == 0, "\(listed.stderr)")
        #expect(listed.stdout.contains("\(id) in_progress 0/2 (instructions round 1, 2 requests)"), "\(listed.stdout)")
        #expect(listed.stdout.contains("batch_elsewhere (classification batch 1, 1 request) was submitted to https://elsewhere.example/v1, not \(run.server.baseURL): pass --base-url https://elsewhere.example/v1"))

        let cancelled = try await run.run("batches", "--cancel")
        #expect(cancelled.stdout.contains("\(id) cancelling 0/2"), "\(cancelled.stdout)")
        let after = try await run.run("batches")
        #expect(after.stdout.contains("\(id) cancelled 0/2 (2 failed)"), "\(after.stdout)")
        // Still in the ledger: the next run takes what it answered and asks the rest.
        #expect(try ledger.open().map(\.batch) == [id, "batch_elsewhere"])
        // A run without --batch is told the answers wait for one with it.
        let live = try await run.run("classify")
        #expect(live.status == 0, "\(live.stderr)")
        #expect(live.stderr.contains("warning: the pool has 2 Batch API batches in flight (selfinstruct batches lists them); run with --batch to take their answers instead of asking live"))
    }

    @Test func batchSettingsWithoutBatchAreRefused() async throws {
        let run = try await HeadlessRun()
        defer { Task { await run.finish() } }
        let outcome = try await run.run("generate", "--batch-leftovers", "report")
        #expect(outcome.status == 2, "\(outcome.stderr)")
        #expect(outcome.stderr.contains("--batch-leftovers and --batch-poll go with --batch"))
        #expect(run.server.receivedCount == 0)
    }
}
