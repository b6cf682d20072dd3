import TestSupport
import Testing
@testable import Pool

@Suite struct PoolStatsTests {
    @Test func countsByStatusReasonAndHistogramsOfKeptTasks() throws {
        try withTemporaryFolder { folder in
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
            #expect(stats.nearestSimilarity.count == 10, "the unscored seed is no bin of its own")
            #expect(stats.unscoredSimilarity == 1)
            #expect(stats.instructionLength[0].count == 0 && stats.instructionLength[1].count == 1 && stats.instructionLength[2].count == 1)
            #expect(stats.leadingVerbs == [PoolStats.Bin(label: "write", count: 2)])
            let text = stats.text
            #expect(text.hasPrefix("5 records: 1 seed, 1 pending, 1 accepted, 2 rejected\nrejected by reason: 1 keyword, 1 length\n"))
            #expect(text.contains("  write  " + "     2 " + String(repeating: "█", count: 40)))
        }
    }

    @Test func aTallyKeptUpToDateRecordByRecordEqualsAFreshCount() throws {
        try withTemporaryFolder { folder in
            let pool = try PoolFile(at: folder.pool)
            let texts = ["Write a poem about the sea.", "“Explain” why the sky is blue.", "list three fruits", "Classify the review: good or bad?",
                         "Translate\u{3000}this sentence.", "  Summarise the article in one line."]
            try pool.add(contentsOf: texts.enumerated().map { Fixture.record("r\($0.offset)", $0.element, status: $0.offset == 0 ? .seed : .pending) })
            var tally = PoolTally(pool.entries)
            var random = SplitMix64(seed: 9)
            for step in 0..<60 {
                let id = "r\(Int(random.next() % UInt64(texts.count)))"
                let before = try #require(pool.entry(id))
                switch random.next() % 3 {
                case 0: try pool.decide(id, status: .accepted, why: .human())
                case 1: try pool.decide(id, status: .rejected, why: step.isMultiple(of: 2) ? .keyword("draw") : .length(words: 2))
                default: try pool.edit(id, .instruction("Describe step \(step) of the plan in detail."))
                }
                tally.remove(before)
                tally.add(try #require(pool.entry(id)))
                #expect(tally.stats == PoolStats(pool))
                #expect(tally == PoolTally(pool.entries))
            }
            let stats = tally.stats
            #expect(stats.byStatus.values.reduce(0, +) == texts.count)
            #expect(!stats.byStatus.values.contains(0) && !stats.rejectedByReason.values.contains(0))
        }
    }

    @Test func leadingWordsAreLowerCasedWithoutTheirPunctuation() throws {
        try withTemporaryFolder { folder in
            let pool = try PoolFile(at: folder.pool)
            try pool.add(contentsOf: [
                Fixture.record("a", "“Write” a poem."), Fixture.record("b", "WRITE: a list."), Fixture.record("c", "(write) it\u{3000}now"),
                Fixture.record("d", "Give\u{3000}three examples."), Fixture.record("e", "..."),
            ])
            let stats = PoolStats(pool)
            #expect(stats.leadingVerbs == [PoolStats.Bin(label: "write", count: 3), PoolStats.Bin(label: "give", count: 1)])
            #expect(stats.instructionLength[0].count == 5)
        }
    }
}
