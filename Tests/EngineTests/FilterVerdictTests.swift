import Testing
@testable import Engine

@Suite struct FilterVerdictTests {
    @Test func anAlpacaPoolRefusesTheWordVideoWhichSelfInstructAllows() {
        let text = "Describe the video about volcanoes in detail."
        let alpaca = Recipe.alpaca().verdict(for: text, threshold: 0.7)
        let selfInstruct = Recipe.selfInstruct().verdict(for: text, threshold: 0.7)
        #expect(alpaca.rejection == .keyword("video"))
        #expect(alpaca.checks.contains(.keywords(found: "video")))
        #expect(alpaca.description == #"words 7 ✓ · keyword "video" ✗ · similarity not scored"#)
        #expect(selfInstruct.passed)
        #expect(selfInstruct.description == "words 7 ✓ · keywords ✓ · similarity not scored")
    }

    @Test func similarityIsJudgedAgainstTheThresholdStrictlyAbove() {
        let text = "Give three tips for staying healthy every day."
        let near = Recipe.selfInstruct().verdict(for: text, nearest: ("Give three tips for staying healthy.", 0.82), threshold: 0.7)
        #expect(near.rejection == .similar(to: "Give three tips for staying healthy.", score: 0.82, threshold: 0.7))
        #expect(near.description == "words 8 ✓ · keywords ✓ · similarity .82 > .70 ✗")
        let edge = Recipe.selfInstruct().verdict(for: text, nearest: ("x", 0.7), threshold: 0.7)
        #expect(edge.passed)
        #expect(edge.description.hasSuffix("similarity .70 ≤ .70 ✓"))
    }

    @Test func theVerdictFollowsTheRecipesNormalisationAndUpstreamOrder() {
        // The first letter is upper-cased first, so a lower-case "write a program" is refused
        // too; upstream Alpaca does not case instructions, so it lets one through.
        let program = Recipe.selfInstruct().verdict(for: "  write a program that sorts a list", threshold: 0.7)
        #expect(program.rejection == .writeAProgram)
        #expect(program.description.contains(#"starts with "Write a program" ✗"#))
        #expect(Recipe.alpaca().verdict(for: "write a program that sorts a list", threshold: 0.7).rejection == .writeAProgram)
        #expect(Recipe.alpaca(normalization: .upstream).verdict(for: "write a program that sorts a list", threshold: 0.7).passed)
        // Too short is reported before the keyword, as upstream checks it first.
        #expect(Recipe.selfInstruct().verdict(for: "Draw a map", threshold: 0.7).rejection == .tooShort(words: 3, allowed: 4...150))
        #expect(Recipe.selfInstruct().verdict(for: "   ", threshold: 0.7).rejection == .empty)
        #expect(Recipe.selfInstruct().verdict(for: "   ", threshold: 0.7).description == "empty ✗")
    }

    @Test func theFilterAndTheVerdictAgreeOnEveryReason() {
        let filter = InstructionFilter(recipe: .selfInstruct())
        for text in ["", "Hi there", "Plot the graph of sales by month", "Write a program to add two numbers.",
                     "(Optional) name three birds that swim", "Érase una vez un cuento corto", "Name three birds that can swim."] {
            #expect(filter.rejection(for: text) == filter.verdict(for: text).rejection)
        }
    }

    @Test func rejectionLabelsAreShortAndTyped() {
        #expect(RejectionReason.similar(to: "x", score: 0.8234, threshold: 0.7).label == "similar .82")
        #expect(RejectionReason.similar(to: "x", score: 0.7000000000000001, threshold: 0.7).label == "similar .7000000000000001")
        #expect(RejectionReason.keyword("image").label == "keyword image")
        #expect(RejectionReason.tooShort(words: 3, allowed: 4...150).label == "too short (3)")
        #expect(RejectionReason.completionCutOff.label == "cut off")
    }

    @Test func aRoundSummaryReadsTheSameEverywhereWithReasonsByCountThenName() {
        let summary = RoundSummary(round: 3, parsed: 9, accepted: 2, pending: 0,
                                   rejectedByReason: ["keyword": 2, "similarity": 3, "empty": 2], failedRequests: 1)
        #expect(summary.description == "round 3: 9 parsed, 2 accepted, 7 rejected (similarity 3, empty 2, keyword 2), 1 request failed")
        let supervised = RoundSummary(round: 4, parsed: 2, accepted: 0, pending: 2, rejectedByReason: [:], failedRequests: 2)
        #expect(supervised.description == "round 4: 2 parsed, 0 accepted, 2 pending, 0 rejected, 2 requests failed")
    }
}
