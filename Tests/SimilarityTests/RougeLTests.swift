import JSONLines
import TestSupport
import Testing
@testable import Similarity

@Suite struct RougeLTests {
    @Test func reproducesEveryReferencePairBitForBit() throws {
        let lines = try SharedData.jsonLines("data/rougeL_reference.jsonl")
        #expect(lines.count == 5000)
        var mismatches: [String] = []
        for (number, line) in lines.enumerated() {
            let pair = try JSONParser.parse(line)
            let a = try #require(pair["a"]?.stringValue), b = try #require(pair["b"]?.stringValue)
            let expected = RougeScore(
                precision: try #require(pair["precision"]?.doubleValue),
                recall: try #require(pair["recall"]?.doubleValue),
                fmeasure: try #require(pair["fmeasure"]?.doubleValue))
            let score = RougeL.score(target: a, prediction: b)
            if score != expected { mismatches.append("line \(number + 1): \(score) != \(expected)") }
        }
        #expect(mismatches.isEmpty, "\(mismatches.prefix(5))")
    }

    @Test func matchesTheWorkedExamplesOfTheReference() {
        let healthy = RougeL.score(target: "Give three tips for staying healthy.", prediction: "Give 3 tips for staying healthy!")
        #expect(healthy == RougeScore(precision: 0.8333333333333334, recall: 0.8333333333333334, fmeasure: 0.8333333333333334))
        let cat = RougeL.score(target: "The cat sat", prediction: "the CAT sat on the mat")
        #expect(cat == RougeScore(precision: 0.5, recall: 1.0, fmeasure: 0.6666666666666666))
        let repeated = RougeL.score(target: "a a a b", prediction: "a b b")
        #expect(repeated == RougeScore(precision: 0.6666666666666666, recall: 0.5, fmeasure: 0.5714285714285715))
        #expect(RougeL.score(target: "", prediction: "anything") == .zero)
        #expect(RougeL.score(target: "???", prediction: "abc") == .zero)
    }

    @Test func computesFFromPrecisionAndRecallNotFromTheLengthsDirectly() {
        // 2L/(m+n) is exactly 0.7 here, but rouge-score's 2PR/(P+R) is 0.7000000000000001.
        #expect(RougeScore(lcs: 7, targetLength: 7, predictionLength: 13).fmeasure == 0.7000000000000001)
        #expect(RougeScore(lcs: 7, targetLength: 8, predictionLength: 12).fmeasure == 0.7000000000000001)
        #expect(RougeScore(lcs: 14, targetLength: 14, predictionLength: 26).fmeasure == 0.7000000000000001)
        #expect(RougeScore(lcs: 7, targetLength: 10, predictionLength: 10).fmeasure == 0.7)
        #expect(RougeScore(lcs: 21, targetLength: 23, predictionLength: 37).fmeasure == 0.6999999999999998)
    }

    @Test func swappingTargetAndPredictionSwapsPrecisionAndRecallOnly() {
        let forward = RougeL.score(target: "a b c d e", prediction: "a c e f")
        let backward = RougeL.score(target: "a c e f", prediction: "a b c d e")
        #expect(forward.precision == backward.recall)
        #expect(forward.recall == backward.precision)
        #expect(forward.fmeasure == backward.fmeasure)
    }
}
