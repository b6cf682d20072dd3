import Foundation
import Testing
@testable import Engine
import Pool
import TestSupport

/// The local model server's base URL, when scripts/test started one.
private let localModelURL = ProcessInfo.processInfo.environment["SELFINSTRUCT_LOCAL_MODEL_URL"].flatMap { $0.isEmpty ? nil : $0 }

/// The headless commands end to end against the local SmolLM2 server, kept short (one
/// prompt, max_tokens capped): the model does ~50–75 tokens/s on one thread.
@Suite(.enabled(if: localModelURL != nil, "set SELFINSTRUCT_LOCAL_MODEL_URL (scripts/test does) to run against the local model"),
       .serialized)
struct LocalModelRunnerTests {
    @Test func generateOneRoundRecordsParsedCandidatesWithReasonsAndNeighbours() async throws {
        try await withTemporaryFolder { folder in
            let pool = folder.file("pool.jsonl").path
            let outcome = try await CommandRunner.run([
                "generate", "--rounds", "1", "--pool", pool, "--base-url", localModelURL!, "--model", "smollm2-135m-instruct",
                "--prompts-per-round", "1", "--max-tokens", "64", "--seed", "3",
            ])
            #expect(outcome.status == 0, "\(outcome.stderr)")
            let records = try PoolFile(at: URL(fileURLWithPath: pool), access: .readOnly).entries.filter { $0.round == 1 }
            #expect(!records.isEmpty, "the model's completion yielded no candidate: \(outcome.stderr)")
            for entry in records {
                let record = try PoolFile(at: URL(fileURLWithPath: pool), access: .readOnly).record(entry.id)
                #expect(record.why != nil)
                #expect(record.status == .accepted || record.status == .rejected)
                if !record.instruction.isEmpty {
                    #expect(!record.mostSimilar.isEmpty && record.avgSimilarityScore != nil)
                }
                #expect(record.provenance?.instructionGeneration?.rawCompletion?.isEmpty == false)
            }
        }
    }

    @Test func instancesYieldInstancesOrARecordedReason() async throws {
        try await withTemporaryFolder { folder in
            let pool = folder.file("pool.jsonl").path
            let input = folder.file("machine.jsonl")
            try #"{"instruction": "Give an example of a healthy breakfast.", "most_similar": {}, "avg_similarity_score": 0.1, "request_idx": 1}"#
                .write(to: input, atomically: true, encoding: .utf8)
            let imported = try await CommandRunner.run(["import", input.path, "--pool", pool])
            #expect(imported.status == 0, "\(imported.stderr)")
            let outcome = try await CommandRunner.run([
                "instances", "--pool", pool, "--base-url", localModelURL!, "--model", "smollm2-135m-instruct", "--max-tokens", "80",
            ])
            #expect(outcome.status == 0, "\(outcome.stderr)")
            let file = try PoolFile(at: URL(fileURLWithPath: pool), access: .readOnly)
            let id = try #require(file.entries.first { $0.instruction.hasPrefix("Give an example") }?.id)
            let record = try file.record(id)
            #expect(record.isClassification != nil)
            #expect(record.provenance?.classification?.rawCompletion != nil)
            if record.instances.isEmpty {
                let selection = try #require(GenerationEngine.instanceSelection(for: record, configuration: EngineConfiguration()))
                #expect(selection.taskRejection != nil || !selection.dropped.isEmpty)
            } else {
                #expect(record.instances.allSatisfy { !$0.output.isEmpty })
            }
        }
    }
}
