import TestSupport
import Testing
@testable import Similarity

/// The textbook O(mn) dynamic programme, as rouge-score computes it: the oracle.
func dynamicProgrammingLCS(_ a: [UInt32], _ b: [UInt32]) -> Int {
    guard !a.isEmpty, !b.isEmpty else { return 0 }
    var previous = [Int](repeating: 0, count: b.count + 1)
    var current = previous
    for x in a {
        for (j, y) in b.enumerated() {
            current[j + 1] = x == y ? previous[j] + 1 : max(previous[j + 1], current[j])
        }
        swap(&previous, &current)
    }
    return previous[b.count]
}

@Suite struct LongestCommonSubsequenceTests {
    @Test(arguments: [2, 5, 40, 1000])
    func bitParallelLengthEqualsDynamicProgrammingOnRandomSequences(alphabet: Int) {
        var random = SplitMix64(seed: UInt64(alphabet))
        let lengths = [0, 1, 2, 31, 63, 64, 65, 100, 127, 128, 129, 200, 300]
        for _ in 0..<12 {
            for m in lengths {
                let n = lengths.randomElement(using: &random)!
                let a = (0..<m).map { _ in UInt32.random(in: 0..<UInt32(alphabet), using: &random) }
                let b = (0..<n).map { _ in UInt32.random(in: 0..<UInt32(alphabet), using: &random) }
                #expect(LongestCommonSubsequence.length(a, b) == dynamicProgrammingLCS(a, b), "m=\(m) n=\(n)")
            }
        }
    }

    @Test func identicalSequencesHaveFullLength() {
        let a: [UInt32] = Array(0..<150).map { $0 % 7 }
        #expect(LongestCommonSubsequence.length(a, a) == 150)
    }

    @Test func emptySideGivesZero() {
        #expect(LongestCommonSubsequence.length([], [1, 2, 3]) == 0)
        #expect(LongestCommonSubsequence.length([1, 2, 3], []) == 0)
    }
}

@Suite struct LongestCommonSubsequenceAlignmentTests {
    @Test(arguments: [2, 5, 40])
    func alignmentIsACommonSubsequenceAsLongAsTheBitParallelLength(alphabet: Int) {
        var random = SplitMix64(seed: 1000 + UInt64(alphabet))
        let lengths = [0, 1, 2, 7, 31, 64, 65, 130]
        for _ in 0..<20 {
            for m in lengths {
                let n = lengths.randomElement(using: &random)!
                let a = (0..<m).map { _ in UInt32.random(in: 0..<UInt32(alphabet), using: &random) }
                let b = (0..<n).map { _ in UInt32.random(in: 0..<UInt32(alphabet), using: &random) }
                let alignment = LongestCommonSubsequence.alignment(a, b)
                #expect(alignment.length == LongestCommonSubsequence.length(a, b), "m=\(m) n=\(n)")
                #expect(alignment.second.count == alignment.length)
                #expect(zip(alignment.first, alignment.first.dropFirst()).allSatisfy { $0 < $1 })
                #expect(zip(alignment.second, alignment.second.dropFirst()).allSatisfy { $0 < $1 })
                #expect(zip(alignment.first, alignment.second).allSatisfy { a[$0] == b[$1] })
            }
        }
    }

    @Test func rougeAlignmentMarksTheCommonWordsOnBothSidesAndScoresAsRougeL() {
        let target = "Write a haiku about the first rain of autumn."
        let prediction = "Write a poem about the ocean."
        let alignment = RougeAlignment(target: target, prediction: prediction)
        #expect(alignment.matchedTarget.map { String(target[alignment.targetTokens[$0].range]) } == ["Write", "a", "about", "the"])
        #expect(alignment.matchedPrediction.map { String(prediction[alignment.predictionTokens[$0].range]) } == ["Write", "a", "about", "the"])
        #expect(alignment.score == RougeL.score(target: target, prediction: prediction))
        #expect(alignment.isAligned)
    }
}

@Suite struct RougeAlignmentLimitTests {
    @Test func textsTooLongToAlignKeepTheExactScoreAndMarkNothing() {
        let target = String(repeating: "write a poem ", count: 1_000)
        let prediction = String(repeating: "a poem about ", count: 1_400)
        let alignment = RougeAlignment(target: target, prediction: prediction)
        #expect(!alignment.isAligned)
        #expect(alignment.targetTokenCount == 3_000 && alignment.predictionTokenCount == 4_200)
        #expect(alignment.matchedTarget.isEmpty && alignment.targetTokens.isEmpty)
        #expect(alignment.score == RougeL.score(target: target, prediction: prediction))
    }
}
