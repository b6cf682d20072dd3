import Foundation
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

    @Test func batchSettingsWithoutBatchAreRefused() async throws {
        let run = try await HeadlessRun()
        defer { Task { await run.finish() } }
        let outcome = try await run.run("generate", "--batch-leftovers", "report")
        #expect(outcome.status == 2, "\(outcome.stderr)")
        #expect(outcome.stderr.contains("--batch-leftovers and --batch-poll go with --batch"))
        #expect(run.server.receivedCount == 0)
    }
}
