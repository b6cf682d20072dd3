import Engine
import Foundation
import Pool
import Similarity
import TestSupport
import Testing

/// Saving a person's new instruction text: the revision carries the text's own neighbours
/// and mean, never its old self among them, and the status the filters call for.
struct InstructionRevisionTests {
    private let texts = [
        "Write a poem about the ocean.", "Classify the sentiment of the sentence.", "Summarise the article in one line.",
    ]

    private func withPool(_ body: (PoolFile, inout ComparisonIndex) throws -> Void) throws {
        try withTemporaryPool { folder in
            let pool = try PoolFile(at: folder.pool)
            defer { try? pool.close() }
            _ = try pool.add(PoolRecord(id: "seed", instruction: texts[0], status: .seed))
            _ = try pool.add(PoolRecord(id: "a", instruction: texts[1], status: .accepted))
            _ = try pool.add(PoolRecord(id: "b", instruction: texts[2], status: .accepted))
            var comparison = ComparisonIndex(comparing: [.seed, .accepted], threads: 1)
            try body(pool, &comparison)
        }
    }

    @Test func anAcceptedRecordIsNeverItsOwnNeighbourNorInItsOwnMean() throws {
        try withPool { pool, comparison in
            let text = "Classify the sentiment of the tweet."
            let revision = try InstructionRevision.save(text, as: "a", in: pool, comparison: &comparison, recipe: .selfInstruct(), threshold: 0.7)
            let expected = [texts[0], texts[2]].map { RougeL.score(target: text, prediction: $0).fmeasure }
            #expect(revision.outcome == .kept)
            #expect(Set(revision.record.mostSimilar.map(\.text)) == [texts[0], texts[2]])
            #expect(abs((revision.record.avgSimilarityScore ?? -1) - expected.reduce(0, +) / 2) < 1e-9)
            // On disk, and the index follows the new text.
            #expect(try pool.record("a").instruction == text)
            #expect(comparison.nearest(to: text, k: 1, in: pool).first?.id == "a")
        }
    }

    @Test func aCopyOfAnotherRecordRejectsUnlessAcceptedAnyway() throws {
        try withPool { pool, comparison in
            let rejected = try InstructionRevision.save(texts[2], as: "a", in: pool, comparison: &comparison, recipe: .selfInstruct(), threshold: 0.7)
            #expect(rejected.record.status == .rejected)
            #expect(rejected.record.why == .similarity(1.0, to: texts[2]))
            let accepted = try InstructionRevision.save(
                texts[2] + " ", as: "a", in: pool, comparison: &comparison, recipe: .selfInstruct(), threshold: 0.7, acceptingAnyway: true)
            #expect(accepted.record.status == .accepted)
            #expect(accepted.record.why?.note?.hasPrefix("accepted anyway: overrides similarity") == true)
            #expect(try pool.record("a").revision == 3)
        }
    }

    @Test func aSeedKeepsItsStatusWhateverItsText() throws {
        try withPool { pool, comparison in
            let revision = try InstructionRevision.save(texts[1], as: "seed", in: pool, comparison: &comparison, recipe: .selfInstruct(), threshold: 0.7)
            #expect(revision.outcome == .kept && revision.record.status == .seed)
            #expect(revision.verdict.passed == false)
            #expect(revision.record.nearestSimilarity == 1.0)
        }
    }
}
