import Foundation
import QualityReview
import TestSupport
import Testing

/// `selfinstruct review`'s refusals: each says what is wrong and what to do, exits non-zero
/// and leaves the review file as it was.
@Suite struct ReviewCommandTests {
    @Test func aSummaryWithoutAReviewSaysHowToStartOne() async throws {
        try await withTemporaryFolder { folder in
            let outcome = try await CommandRunner.run(["review", "--summary"], directory: folder.url)
            #expect(outcome.status == 1)
            #expect(outcome.stderr.contains("pool.review.jsonl holds no review yet: selfinstruct review --pool pool.jsonl draws the sample and starts one."))
            #expect(try folder.fileNames().isEmpty)
        }
    }

    @Test func anotherSeedOrSizeThanTheStoredSampleIsRefusedAndTheFileKept() async throws {
        try await withTemporaryFolder { folder in
            let pool = try ReviewPool.make(in: folder, accepted: 4)
            _ = try ReviewFile(besidePool: folder.pool.path).store(try ReviewSample.draw(from: pool, size: 3, seed: 5, time: "t"))
            try pool.close()
            let before = try folder.read("pool.review.jsonl")
            let outcome = try await CommandRunner.run(["review", "--seed", "6", "--reviewer", "ann"], directory: folder.url)
            #expect(outcome.status == 1)
            #expect(outcome.stderr.contains("--seed 6: \(folder.file("pool.review.jsonl").path) already holds a sample drawn with --sample 3 --seed 5 (3 tasks)"))
            let size = try await CommandRunner.run(["review", "--sample", "50", "--reviewer", "ann"], directory: folder.url)
            #expect(size.status == 1 && size.stderr.contains("--sample 50:"))
            #expect(try folder.read("pool.review.jsonl") == before)
        }
    }

    @Test func aPoolWithNothingToReviewStoresNoSample() async throws {
        try await withTemporaryFolder { folder in
            let pool = try ReviewPool.make(in: folder, accepted: 0)
            try pool.close()
            let outcome = try await CommandRunner.run(["review", "--reviewer", "ann"], directory: folder.url)
            #expect(outcome.status == 1)
            #expect(outcome.stderr.contains("pool.jsonl has no accepted task with instances to review yet"))
            #expect(!FileManager.default.fileExists(atPath: folder.file("pool.review.jsonl").path))
        }
    }

    @Test func aReviewerNameWithControlCharactersIsRefused() async throws {
        let outcome = try await CommandRunner.run(["review", "--reviewer", "a\u{1B}[2Jb"])
        #expect(outcome.status == 64)
        #expect(outcome.stderr.contains("--reviewer “a␛[2Jb”: give a name without control characters."))
    }
}
