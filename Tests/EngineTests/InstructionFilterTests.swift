import Testing
@testable import Engine

@Suite struct InstructionFilterTests {
    let filter = InstructionFilter(recipe: .selfInstruct())

    func words(_ n: Int) -> String {
        "Write" + String(repeating: " word", count: n - 1)
    }

    @Test func emptyInstructionIsRejectedAsEmpty() {
        #expect(filter.rejection(for: "") == .empty)
    }

    @Test func threeWordsAreTooShortAndFourPass() {
        #expect(filter.rejection(for: words(3)) == .tooShort(words: 3, allowed: 4...150))
        #expect(filter.rejection(for: words(4)) == nil)
    }

    @Test func oneHundredFiftyWordsPassAndOneHundredFiftyOneAreTooLong() {
        #expect(filter.rejection(for: words(150)) == nil)
        #expect(filter.rejection(for: words(151)) == .tooLong(words: 151, allowed: 4...150))
    }

    @Test func keywordsAreMatchedAsWholeWordsInAnyCase() {
        #expect(filter.rejection(for: "Describe the Image in detail.") == .keyword("image"))
        #expect(filter.rejection(for: "Plot the data on a chart.") == .keyword("plot"))
        #expect(filter.rejection(for: "Imagine a world without money.") == nil)
        #expect(filter.rejection(for: "Explain the plotline of the novel.") == nil)
    }

    @Test func firstKeywordInListOrderIsReported() {
        #expect(filter.rejection(for: "Draw a map of the images here.") == .keyword("images"))
    }

    @Test func goToIsAKeywordOnlyWithOneSpace() {
        #expect(filter.rejection(for: "Tell me how to go to the station.") == .keyword("go to"))
        #expect(filter.rejection(for: "Tell me how to go  to the station.") == nil)
    }

    @Test func alpacaRefusesMediaKeywordsThatSelfInstructAllows() {
        let alpaca = InstructionFilter(recipe: .alpaca())
        #expect(alpaca.rejection(for: "Recommend some music for studying.") == .keyword("music"))
        #expect(filter.rejection(for: "Recommend some music for studying.") == nil)
        #expect(alpaca.keywords.count == 18 && filter.keywords.count == 13)
    }

    @Test func writeAProgramPrefixIsCaseSensitive() {
        #expect(filter.rejection(for: "Write a program that sorts numbers.") == .writeAProgram)
        #expect(filter.rejection(for: "Write a Program that sorts numbers.") == nil)
        #expect(filter.rejection(for: "Please write a program that sorts numbers.") == nil)
    }

    @Test func leadingAsciiPunctuationIsRejected() {
        #expect(filter.rejection(for: "(Optional) list three fruits please.") == .punctuation("("))
        #expect(filter.rejection(for: "\"Quote\" the three best lines.") == .punctuation("\""))
        #expect(filter.rejection(for: "1. List three fruits please.") == nil)
    }

    @Test func leadingNonAsciiCharacterIsRejected() {
        #expect(filter.rejection(for: "Écris trois phrases en français.") == .nonASCII("É"))
        #expect(filter.rejection(for: "“Quote” the three best lines.") == .nonASCII("“"))
        // A decomposed É starts with an ASCII E, as Python sees it.
        #expect(filter.rejection(for: "E\u{301}cris trois phrases en français.") == nil)
    }

    @Test func filtersRunInUpstreamOrder() {
        #expect(filter.rejection(for: "Write a program for images") == .keyword("images"))
        #expect(filter.rejection(for: "(image") == .tooShort(words: 1, allowed: 4...150))
    }

    @Test func similarityAboveThresholdIsRejectedButExactlyThresholdPasses() {
        #expect(filter.similarityRejection(nearest: "x", score: 0.7) == nil)
        #expect(filter.similarityRejection(nearest: "x", score: 0.7000000000000001)
            == .similar(to: "x", score: 0.7000000000000001, threshold: 0.7))
    }
}

@Suite struct RejectionReasonTests {
    @Test func descriptionsSayTheFilterAndTheValue() {
        #expect(RejectionReason.tooShort(words: 3, allowed: 4...150).description == "too short: 3 words (needs 4–150)")
        #expect(RejectionReason.tooShort(words: 1, allowed: 4...150).description == "too short: 1 word (needs 4–150)")
        #expect(RejectionReason.keyword("image").description == "keyword \"image\"")
        #expect(RejectionReason.writeAProgram.description == "starts with \"Write a program\"")
        #expect(RejectionReason.punctuation("(").description == "starts with punctuation \"(\"")
        #expect(RejectionReason.nonASCII("é").description == "starts with a non-ASCII character \"é\"")
        #expect(RejectionReason.similar(to: "Give three tips.", score: 0.82, threshold: 0.7).description
            == "similar to \"Give three tips.\" at 0.82 (> 0.70)")
    }

    @Test func similarityAtTheRoundingEdgeShowsEveryDigit() {
        #expect(RejectionReason.similar(to: "a", score: 0.7000000000000001, threshold: 0.7).description
            == "similar to \"a\" at 0.7000000000000001 (> 0.70)")
    }

    @Test func longNeighbourIsShortened() {
        let long = String(repeating: "word ", count: 30)
        let text = RejectionReason.similar(to: long, score: 0.9, threshold: 0.7).description
        #expect(text.contains("…\" at 0.90"))
    }

    @Test func namesAndValuesAreStable() {
        #expect(RejectionReason.tooLong(words: 151, allowed: 4...150).name == "too-long")
        #expect(RejectionReason.tooLong(words: 151, allowed: 4...150).value == "151")
        #expect(RejectionReason.similar(to: "a", score: 0.75, threshold: 0.7).value == "0.75")
        #expect(RejectionReason.similar(to: "a", score: 0.75, threshold: 0.7).nearest?.instruction == "a")
        #expect(RejectionReason.completionCutOff.name == "cut-off")
        #expect(RejectionReason.empty.value == nil)
    }
}
