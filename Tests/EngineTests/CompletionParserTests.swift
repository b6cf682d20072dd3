import Testing
@testable import Engine

@Suite struct CompletionParserTests {
    let selfInstruct = CompletionParser(recipe: .selfInstruct())
    let alpaca = CompletionParser(recipe: .alpaca())
    let upstream = CompletionParser(recipe: .selfInstruct(normalization: .upstream))

    func instructions(_ text: String, cutOff: Bool = false) -> [String] {
        selfInstruct.parse(text, firstNumber: 9, cutOffByLength: cutOff).map(\.instruction)
    }

    @Test func firstPieceContinuesThePromptsNumber() {
        let text = " Name three famous bridges in Europe.\n10. Suggest a title for the essay below.\n11. Rank the cities by size."
        #expect(instructions(text) == [
            "Name three famous bridges in Europe.",
            "Suggest a title for the essay below.",
            "Rank the cities by size.",
        ])
    }

    @Test func separatorNeedsNumberPeriodAndSpace() {
        #expect(instructions(" Aaa bbb ccc ddd\n10. Eee fff ggg hhh").count == 2)
        #expect(instructions(" Aaa bbb ccc ddd\n10 . Eee fff ggg hhh").count == 2)
        #expect(instructions(" Aaa bbb ccc ddd\n10.Eee fff ggg hhh") == ["Aaa bbb ccc ddd 10.Eee fff ggg hhh"])
        #expect(instructions(" Aaa bbb ccc ddd\n10  . Eee fff ggg hhh").count == 1)
        #expect(instructions(" Aaa bbb ccc ddd 10. Eee fff ggg hhh").count == 1)
        #expect(instructions(" Aaa bbb ccc ddd\n١٠. Eee fff ggg hhh").count == 2)
    }

    @Test func piecesAreCollapsedStrippedAndTheirFirstLetterUpperCased() {
        #expect(instructions("  write   a HAIKU\tabout rain  ") == ["Write a HAIKU about rain"])
        #expect(alpaca.normalise("i forgot my BBC login") == "I forgot my BBC login")
    }

    @Test func upstreamNormalisationCapitalisesAsPythonDoesForSelfInstructOnly() {
        let parsed = upstream.parse("  write   a HAIKU\tabout rain  ", firstNumber: 9, cutOffByLength: false)
        #expect(parsed.map(\.instruction) == ["Write a haiku about rain"])
        #expect(upstream.normalise("i forgot my BBC login") == "I forgot my bbc login")
        let upstreamAlpaca = CompletionParser(recipe: .alpaca(normalization: .upstream))
        #expect(upstreamAlpaca.normalise("i forgot my BBC login") == "i forgot my BBC login")
    }

    @Test func trailingSeparatorLeavesAnEmptyPiece() {
        let candidates = selfInstruct.parse(" One two three four\n10. ", firstNumber: 9, cutOffByLength: false)
        #expect(candidates.map(\.instruction) == ["One two three four", ""])
        #expect(candidates.map(\.position) == [0, 1])
        #expect(candidates[1].raw == "")
    }

    @Test func selfInstructDropsTheWholeCompletionWhenCutOffByLength() {
        let candidates = selfInstruct.parse(" One two three four\n10. Five six seven eight", firstNumber: 9, cutOffByLength: true)
        #expect(candidates.count == 2)
        #expect(candidates.allSatisfy { $0.rejection == .completionCutOff })
    }

    @Test func chatReplyRepeatingTheItemNumberParsesLikeACompletion() {
        let chat = CompletionParser(recipe: .selfInstruct(), api: .chat)
        let text = "9. Name three famous bridges.\n10. Rank the cities by size."
        #expect(chat.parse(text, firstNumber: 9, cutOffByLength: false).map(\.instruction)
            == ["Name three famous bridges.", "Rank the cities by size."])
    }

    static let alpacaCompletion = """
         Give three tips for staying focused while studying.
        4. Input:
        <noinput>
        4. Output:
        1. Put your phone in another room. 2. Study in short blocks. 3. Take real breaks.
        ###
        5. Instruction: Rewrite the sentence in  plain English.
        5. Input:
        The aforementioned party shall remit payment forthwith.
        5. Output:
        The party must pay now.
        ###
        6. Instruction: Translate the phrase into Spanish.
        6. Output:
        Buenos días.
        ###
        7. Instruction: Suggest a name for a
        """

    @Test func alpacaItemsSplitIntoInstructionInputAndOutput() {
        let candidates = alpaca.parse(Self.alpacaCompletion, firstNumber: 4, cutOffByLength: false)
        #expect(candidates.count == 4)
        #expect(candidates[0].instruction == "Give three tips for staying focused while studying.")
        #expect(candidates[0].input == "")
        #expect(candidates[0].output.hasPrefix("1. Put your phone"))
        #expect(candidates[1].instruction == "Rewrite the sentence in  plain English.")  // no collapse, no capitalize
        #expect(candidates[1].input == "The aforementioned party shall remit payment forthwith.")
        #expect(candidates[1].output == "The party must pay now.")
        #expect(candidates[0].rejection == nil && candidates[1].rejection == nil)
    }

    @Test func alpacaItemWithoutExactlyThreeLabelsIsMalformed() {
        let candidates = alpaca.parse(Self.alpacaCompletion, firstNumber: 4, cutOffByLength: false)
        #expect(candidates[2].rejection == .malformed(number: 6))
        #expect(candidates[3].rejection == .malformed(number: 7))
    }

    @Test func alpacaItemMustCarryItsOwnNumber() {
        let text = " A b c d\n4. Input:\nx\n4. Output:\ny\n###\n9. Instruction: E f g h\n9. Input:\nx\n9. Output:\ny"
        let candidates = alpaca.parse(text, firstNumber: 4, cutOffByLength: false)
        #expect(candidates[0].rejection == nil)
        #expect(candidates[1].rejection == .malformed(number: 5))
    }

    @Test func alpacaNoInputMarkerInAnyCaseBecomesEmpty() {
        let text = " A b c d\n4. Input:\n<NoInput>\n4. Output:\ny"
        #expect(alpaca.parse(text, firstNumber: 4, cutOffByLength: false)[0].input == "")
    }

    @Test func alpacaDropsOnlyTheLastItemWhenCutOffByLength() {
        let candidates = alpaca.parse(Self.alpacaCompletion, firstNumber: 4, cutOffByLength: true)
        #expect(candidates[0].rejection == nil)
        #expect(candidates[1].rejection == nil)
        #expect(candidates[3].rejection == .lastItemCutOff)
    }

    @Test func alpacaChatReplyRestatingTheOpeningLabelParsesLikeACompletion() {
        let chat = CompletionParser(recipe: .alpaca(), api: .chat)
        let text = "4. Instruction: Give three tips for sleeping well.\n4. Input:\n<noinput>\n4. Output:\nKeep a schedule."
        let candidates = chat.parse(text, firstNumber: 4, cutOffByLength: false)
        #expect(candidates.map(\.instruction) == ["Give three tips for sleeping well."])
        #expect(candidates[0].rejection == nil)
    }
}
