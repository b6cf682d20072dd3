import TestSupport
import Testing
@testable import Pool

@Suite struct PoolStatsTests {
    @Test func countsByStatusReasonAndHistogramsOfKeptTasks() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let pool = try PoolFile(at: folder.pool)
        var near = Fixture.record("a", "Write a poem about the sea.")
        near.mostSimilar = [SimilarInstruction(text: "x", score: 0.45), SimilarInstruction(text: "y", score: 0.2)]
        try pool.add(contentsOf: [
            near,
            Fixture.record("b", "Write a story about a dog and a cat who become friends.", status: .seed),
            Fixture.record("c", "List three fruits.", status: .rejected),
            Fixture.record("d", "Draw a cat.", status: .rejected),
            Fixture.record("e", "Translate the sentence into French.", status: .pending),
        ])
        try pool.decide("c", status: .rejected, why: .length(words: 3))
        try pool.decide("d", status: .rejected, why: .keyword("draw"))
        let stats = PoolStats(pool)
        #expect(stats.byStatus == [.accepted: 1, .seed: 1, .rejected: 2, .pending: 1])
        #expect(stats.rejectedByReason == ["length": 1, "keyword": 1])
        #expect(stats.instancesPerTask == [PoolStats.Bin(label: "1", count: 2)])
        #expect(stats.nearestSimilarity[4] == PoolStats.Bin(label: "0.4–0.5", count: 1))
        #expect(stats.nearestSimilarity.last == PoolStats.Bin(label: "unscored", count: 1))
        #expect(stats.instructionLength[0].count == 0 && stats.instructionLength[1].count == 1 && stats.instructionLength[2].count == 1)
        #expect(stats.leadingVerbs == [PoolStats.Bin(label: "write", count: 2)])
        let text = stats.text
        #expect(text.hasPrefix("5 records: 1 seed, 1 pending, 1 accepted, 2 rejected\nrejected by reason: 1 keyword, 1 length\n"))
        #expect(text.contains("  write  " + "     2 " + String(repeating: "█", count: 40)))
    }
}
