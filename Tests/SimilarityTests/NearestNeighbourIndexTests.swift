import TestSupport
import Testing
@testable import Similarity

/// Random instruction-like texts over a small vocabulary, so pairs share many tokens.
func randomTexts(count: Int, seed: UInt64, maxWords: Int = 40) -> [String] {
    var random = SplitMix64(seed: seed)
    let words = ["Write", "a", "poem", "about", "the", "sea", "List", "five", "ideas", "for", "dinner",
                 "Classify", "sentiment", "of", "this", "review", "café", "İstanbul", "don't", "3.14",
                 "C++", "日本", "—", "!", "tips", "given", "text", "\u{212A}elvin", "x", "y"]
    return (0..<count).map { _ in
        let n = Int.random(in: 0...maxWords, using: &random)
        return (0..<n).map { _ in words.randomElement(using: &random)! }.joined(separator: " ")
    }
}

/// The search result computed the obvious way: score every pair, sort by (F desc, index asc).
func bruteForceSearch(_ query: String, pool: [String], k: Int) -> (top: [(Int, Double)], max: Double, mean: Double) {
    let scores = pool.map { RougeL.score(target: query, prediction: $0).fmeasure }
    let order = scores.indices.sorted { scores[$0] > scores[$1] || (scores[$0] == scores[$1] && $0 < $1) }
    let top = order.prefix(k).map { ($0, scores[$0]) }
    return (top, scores.max() ?? 0, scores.isEmpty ? 0 : scores.reduce(0, +) / Double(scores.count))
}

@Suite struct NearestNeighbourIndexTests {
    @Test(arguments: [1, 2], LCSKernel.available)
    func searchEqualsScoringEveryPair(threads: Int, kernel: LCSKernel) throws {
        let pool = randomTexts(count: 3000, seed: 1) + randomTexts(count: 30, seed: 2, maxWords: 150)
        let index = NearestNeighbourIndex(threads: threads, kernel: kernel)
        for (i, text) in pool.enumerated() { index.add(text, id: "r\(i)") }
        let queries = randomTexts(count: 12, seed: 3) + randomTexts(count: 4, seed: 4, maxWords: 150) + [pool[7], ""]
        let results = index.search(queries, k: 10)
        for (query, result) in zip(queries, results) {
            let expected = bruteForceSearch(query, pool: pool, k: 10)
            #expect(result.neighbours.map(\.index) == expected.top.map(\.0), "query: \(query)")
            #expect(result.neighbours.map(\.fmeasure) == expected.top.map(\.1))
            #expect(result.neighbours.allSatisfy { $0.text == pool[$0.index] && $0.id == "r\($0.index)" })
            #expect(result.maxFMeasure == expected.max)
            #expect(abs(try #require(result.meanFMeasure) - expected.mean) <= 1e-12)
            #expect(result.comparedCount == pool.count)
        }
    }

    /// Queries on both sides of the kernels' word sizes (32 and 64 tokens) against groups of
    /// every size around their block sizes (8, 16), so each lane and each tail is used.
    @Test(arguments: LCSKernel.available)
    func everyKernelScoresEveryLaneAndTail(kernel: LCSKernel) {
        let scalar = NearestNeighbourIndex(threads: 1, kernel: .scalar)
        let simd = NearestNeighbourIndex(threads: 1, kernel: kernel)
        var random = SplitMix64(seed: 21)
        let words = (0..<12).map { "w\($0)" }
        for length in [1, 5, 31, 40] {
            for _ in 0..<(length * 7 % 37 + 1) {
                let text = (0..<length).map { _ in words.randomElement(using: &random)! }.joined(separator: " ")
                scalar.add(text, id: "\(scalar.count)")
                simd.add(text, id: "\(simd.count)")
            }
        }
        var queries = [1, 2, 31, 32, 33, 63, 64, 65].map { length in
            (0..<length).map { _ in words.randomElement(using: &random)! }.joined(separator: " ")
        }
        // 32 distinct tokens, which no hash of the AVX-512 kernel's 32 buckets is likely to fit.
        queries.append((words + (0..<20).map { "d\($0)" }).shuffled(using: &random).joined(separator: " "))
        for query in queries {
            let expected = scalar.search(query, k: 1000)
            #expect(simd.search(query, k: 1000) == expected, "query: \(query)")
            #expect(expected.neighbours.count == scalar.count)
        }
    }

    @Test func aLoneSearchEqualsTheSameQueryInABatch() {
        let index = NearestNeighbourIndex(threads: 2)
        for (i, text) in randomTexts(count: 5000, seed: 5).enumerated() { index.add(text, id: "\(i)") }
        let queries = randomTexts(count: 9, seed: 6)
        let batch = index.search(queries, k: 5)
        for (query, result) in zip(queries, batch) {
            #expect(index.search(query, k: 5) == result)
        }
    }

    @Test func extendingAnEarlierSearchEqualsSearchingAfresh() throws {
        let index = NearestNeighbourIndex(threads: 1)
        let texts = randomTexts(count: 400, seed: 7)
        for (i, text) in texts.prefix(300).enumerated() { index.add(text, id: "\(i)") }
        let query = texts[350]
        let early = index.search(query, k: 10)
        for (i, text) in texts.dropFirst(300).enumerated() { index.add(text, id: "\(300 + i)") }
        let extended = index.extend(early, of: query, from: 300, k: 10)
        let fresh = index.search(query, k: 10)
        #expect(extended.neighbours == fresh.neighbours)
        #expect(extended.maxFMeasure == fresh.maxFMeasure)
        #expect(abs(try #require(extended.meanFMeasure) - #require(fresh.meanFMeasure)) <= 1e-12)
        #expect(extended.comparedCount == 400)
    }

    @Test func tiesGoToTheEarlierInstruction() {
        let index = NearestNeighbourIndex(threads: 1)
        index.add("write a short poem", id: "first")
        index.add("write a long essay", id: "second")
        index.add("write a short poem", id: "third")
        let result = index.search("write a short poem now", k: 2)
        #expect(result.neighbours.map(\.id) == ["first", "third"])
    }

    @Test func emptyIndexGivesNoNeighboursAndZeroScores() {
        let result = NearestNeighbourIndex().search("anything at all", k: 10)
        #expect(result.neighbours.isEmpty)
        #expect(result.maxFMeasure == 0)
        #expect(result.meanFMeasure == 0)
        #expect(!result.isNearDuplicate(threshold: 0.7))
    }

    @Test func rejectsCandidateAboveThresholdEvenAtRoundingEdge() {
        // L = 7, m = 7, n = 13: 2L/(m+n) = 0.7 exactly, but rouge-score gives 0.7000000000000001.
        let index = NearestNeighbourIndex()
        index.add("a b c d e f g h i j k l m", id: "pool")
        let edge = index.search("a b c d e f g", k: 1)
        #expect(edge.maxFMeasure == 0.7000000000000001)
        #expect(edge.isNearDuplicate(threshold: 0.7))
        // L = 7, m = n = 10: exactly 0.7, which passes.
        let exact = NearestNeighbourIndex()
        exact.add("a b c d e f g x y z", id: "pool")
        let passing = exact.search("a b c d e f g u v w", k: 1)
        #expect(passing.maxFMeasure == 0.7)
        #expect(!passing.isNearDuplicate(threshold: 0.7))
    }
}

@Suite struct NearDuplicateFilterTests {
    @Test(arguments: [1, 7, 64])
    func batchedFilterEqualsTheOneByOneLoop(batchSize: Int) {
        var random = SplitMix64(seed: 11)
        let seeds = randomTexts(count: 50, seed: 12)
        var candidates = randomTexts(count: 300, seed: 13, maxWords: 12)
        for i in stride(from: 1, to: candidates.count, by: 5) {  // near-duplicates in the same batch
            candidates[i] = candidates[i - 1] + (Bool.random(using: &random) ? " x" : "")
        }
        // The obvious loop.
        var pool = seeds
        var expected: [Bool] = []
        for candidate in candidates {
            let best = pool.map { RougeL.score(target: candidate, prediction: $0).fmeasure }.max() ?? 0
            expected.append(best <= 0.7)
            if best <= 0.7 { pool.append(candidate) }
        }
        let index = NearestNeighbourIndex(threads: 2)
        for (i, seed) in seeds.enumerated() { index.add(seed, id: "seed\(i)") }
        var decisions: [Bool] = []
        NearDuplicateFilter(batchSize: batchSize).run(candidates, into: index, id: { "c\($0)" }) { decision in
            #expect(decision.position == decisions.count)
            decisions.append(decision.kept)
        }
        #expect(decisions == expected)
        #expect(index.count == pool.count)
        #expect(expected.contains(false) && expected.contains(true))
    }
}
