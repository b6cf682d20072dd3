import Foundation
import JSONLines
import TestSupport
import Testing
@testable import Similarity

/// The paper's seed instructions, Alpaca's 5,000 and the 252 user-oriented ones, from `shared/`.
func realInstructions() throws -> (seeds: [String], alpaca: [String], userOriented: [String]) {
    func field(_ lines: [String]) throws -> [String] {
        try lines.map { try #require(JSONParser.parse($0)["instruction"]?.stringValue) }
    }
    let alpacaText = try String(contentsOf: SharedData.url("data/alpaca_5000.json"), encoding: .utf8)
    guard case .array(let records) = try JSONParser.parse(alpacaText) else {
        throw TestDataError("data/alpaca_5000.json is not a JSON array")
    }
    return (try field(SharedData.jsonLines("data/seed_tasks.jsonl")),
            try records.map { try #require($0["instruction"]?.stringValue) },
            try field(SharedData.jsonLines("data/user_oriented_instructions.jsonl")))
}

struct TestDataError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

/// Near-duplicates of `texts`, as the synthetic stream makes them: a few words swapped,
/// inserted or dropped, and halves of two instructions joined.
func variants(of texts: [String], count: Int, seed: UInt64) -> [String] {
    var random = SplitMix64(seed: seed)
    let vocabulary = Array(Set(texts.flatMap { $0.split(separator: " ").map(String.init) })).sorted()
    return (0..<count).map { i in
        var words = texts.randomElement(using: &random)!.split(separator: " ").map(String.init)
        if i % 3 == 0 {
            let other = texts.randomElement(using: &random)!.split(separator: " ").map(String.init)
            words = Array(words.prefix(max(1, words.count / 2)) + other.suffix(other.count / 2))
        }
        for _ in 0..<Int.random(in: 0...max(1, words.count / 4), using: &random) where !words.isEmpty {
            let at = Int.random(in: 0..<words.count, using: &random)
            switch Int.random(in: 0..<3, using: &random) {
            case 0: words[at] = vocabulary.randomElement(using: &random)!
            case 1: words.insert(vocabulary.randomElement(using: &random)!, at: at)
            default: if words.count > 3 { words.remove(at: at) }
            }
        }
        return words.joined(separator: " ")
    }
}

// Serialized and sized for a debug build on 2 cores: these searches hold their thread, and two
// at once starved the fake servers of the other suites (their clients timed out under CI).
@Suite(.serialized) struct NearestSearchTests {
    /// The result without the mean against the complete one: same neighbours (ids, order, scores bit
    /// for bit) and the same maximum; no mean.
    func expectSame(_ nearest: [NeighbourSearch], _ complete: [NeighbourSearch], queries: [String]) {
        for (query, (p, c)) in zip(queries, zip(nearest, complete)) {
            #expect(p.neighbours == c.neighbours, "query: \(query)")
            #expect(p.maxFMeasure == c.maxFMeasure, "query: \(query)")
            #expect(p.meanFMeasure == nil && p.comparedCount == c.comparedCount)
        }
    }

    @Test(arguments: [1, 10, 40])
    func nearestEqualsTheCompleteSearchOnRandomTexts(k: Int) {
        // A 30-word vocabulary: every pair shares tokens, repeated tokens are common, and
        // ties at equal F are everywhere; some texts pass 64 tokens (multi-word masks).
        let pool = randomTexts(count: 1200, seed: 21) + randomTexts(count: 40, seed: 22, maxWords: 150)
        let index = NearestNeighbourIndex(threads: 2)
        for (i, text) in pool.enumerated() { index.add(text, id: "r\(i)") }
        let queries = randomTexts(count: 40, seed: 23) + randomTexts(count: 5, seed: 24, maxWords: 150)
            + [pool[3], pool[1200], "", "poem", "unseen words only", "a a a a a a a a"]
        expectSame(index.nearest(queries, k: k), index.search(queries, k: k), queries: queries)
        for query in queries.prefix(8) {
            let naive = bruteForceSearch(query, pool: pool, k: k)
            let result = index.nearest(query, k: k)
            #expect(result.neighbours.map(\.index) == naive.top.map(\.0))
            #expect(result.neighbours.map(\.fmeasure) == naive.top.map(\.1))
        }
    }

    @Test func nearestEqualsTheCompleteSearchOnRealInstructions() throws {
        let real = try realInstructions()
        let pool = real.seeds + Array(real.alpaca.prefix(2000)) + variants(of: real.alpaca, count: 1000, seed: 25)
        let index = NearestNeighbourIndex(threads: 2)
        for (i, text) in pool.enumerated() { index.add(text, id: "p\(i)") }
        let queries = real.userOriented + variants(of: real.alpaca + real.seeds, count: 150, seed: 26)
            + Array(real.alpaca.prefix(50))
        expectSame(index.nearest(queries, k: 10), index.search(queries, k: 10), queries: queries)
    }

    @Test func fewerSharingATokenThanKFillsWithZerosInPoolOrder() {
        let index = NearestNeighbourIndex(threads: 1)
        for text in ["alpha beta", "gamma", "", "beta delta", "epsilon", "zeta"] { index.add(text, id: text) }
        let result = index.nearest("beta", k: 4)
        #expect(result.neighbours.map(\.id) == ["alpha beta", "beta delta", "gamma", ""])
        #expect(result.neighbours.map(\.fmeasure) == [2.0 / 3.0, 2.0 / 3.0, 0, 0])
        #expect(index.nearest("", k: 2).neighbours.map(\.id) == ["alpha beta", "gamma"])
        #expect(NearestNeighbourIndex().nearest("beta", k: 3).neighbours.isEmpty)
    }

    @Test func keepsTheRoundingEdgeAboveThreshold() {
        // 2L/(m+n) is exactly 0.7, rouge-score's F is 0.7000000000000001: the bound must not cut it.
        let index = NearestNeighbourIndex()
        for i in 0..<50 { index.add("q\(i) r\(i) s\(i) a b", id: "filler\(i)") }
        index.add("a b c d e f g h i j k l m", id: "edge")
        let edge = index.nearest("a b c d e f g", k: 1)
        #expect(edge.neighbours.map(\.id) == ["edge"])
        #expect(edge.isNearDuplicate(threshold: 0.7))
    }

    @Test func aGroupWhoseBoundTiesTheEntryIsStillScanned() {
        // Query "a b": the group of 1 token (visited first) gives "b" F 2/3; the group of 4
        // tokens can give at most 2/3 too, and holds the earlier "a b c d", which wins the tie.
        let index = NearestNeighbourIndex(threads: 1)
        index.add("a b c d", id: "earlier")
        index.add("b", id: "later")
        let result = index.nearest("a b", k: 1)
        #expect(result.neighbours.map(\.id) == ["earlier"])
        #expect(result.neighbours.map(\.fmeasure) == index.search("a b", k: 1).neighbours.map(\.fmeasure))
    }

    @Test func theFilterWithoutTheMeanKeepsTheSameInstructions() throws {
        let real = try realInstructions()
        let stream = variants(of: real.alpaca, count: 1000, seed: 27) + real.userOriented
        func replay(computesMean: Bool) -> (kept: [Bool], max: [Double], top: [[String]], means: [Double?]) {
            let index = NearestNeighbourIndex(threads: 2)
            for (i, seed) in real.seeds.enumerated() { index.add(seed, id: "seed\(i)") }
            var result: (kept: [Bool], max: [Double], top: [[String]], means: [Double?]) = ([], [], [], [])
            NearDuplicateFilter(computesMean: computesMean).run(stream, into: index, id: { "c\($0)" }) { decision in
                result.kept.append(decision.kept)
                result.max.append(decision.search.maxFMeasure)
                result.top.append(decision.search.neighbours.map { "\($0.id) \($0.fmeasure)" })
                result.means.append(decision.search.meanFMeasure)
            }
            return result
        }
        let complete = replay(computesMean: true), withoutMean = replay(computesMean: false)
        #expect(withoutMean.kept == complete.kept)
        #expect(withoutMean.max == complete.max)
        #expect(withoutMean.top == complete.top)
        #expect(withoutMean.means.allSatisfy { $0 == nil } && complete.means.allSatisfy { $0 != nil })
        #expect(complete.kept.contains(false) && complete.kept.contains(true))
    }
}
