import Testing
import VerbNoun

/// The chart's numbers, counted as upstream's notebook does.
@Suite("Verb–noun summary")
struct VerbNounSummaryTests {
    @Test func countsDistinctTextsWithBothAndKeepsTheTopVerbsWithTheirTopNouns() {
        let pairs: [String: VerbNounPair] = [
            "w1": .init(verb: "write", noun: "poem"), "w2": .init(verb: "write", noun: "poem"),
            "w3": .init(verb: "write", noun: "story"), "w4": .init(verb: "write", noun: "essay"),
            "w5": .init(verb: "write", noun: "letter"), "w6": .init(verb: "write", noun: "code"),
            "g1": .init(verb: "give", noun: "example"), "c1": .init(verb: "create", noun: "list"),
            "v1": .init(verb: "explain", noun: nil), "n1": .init(verb: nil, noun: nil),
        ]
        let texts = Array(pairs.keys) + ["w1", "w1"]
        let summary = VerbNounSummary(texts: texts, pairs: pairs, verbLimit: 2, nounLimit: 4)
        #expect(summary.instructionCount == 10)
        #expect(summary.structuredCount == 8)
        #expect(summary.structuredShare == 0.8)
        #expect(summary.verbs.map(\.verb) == ["write", "create"], "ties go to the alphabetically first")
        #expect(summary.verbs[0].count == 6)
        #expect(summary.verbs[0].nouns.map(\.noun) == ["poem", "code", "essay", "letter"])
        #expect(summary.verbs[0].nouns[0].count == 2)
    }

    @Test func anEmptyPoolHasNoShare() {
        let summary = VerbNounSummary(texts: [], pairs: [:])
        #expect(summary.structuredShare == 0 && summary.verbs.isEmpty)
    }
}
