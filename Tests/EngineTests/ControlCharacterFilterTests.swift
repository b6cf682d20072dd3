import Foundation
import Testing
@testable import Engine
import Pool

@Suite struct ControlCharacterFilterTests {
    @Test(arguments: [Recipe.selfInstruct(), Recipe.alpaca()])
    func everyRecipeRefusesAnEscapeSequenceBeforeUpstreamsFilters(recipe: Recipe) {
        let verdict = recipe.verdict(for: "Hi \u{1B}[2J", threshold: 0.7)
        // Too short as well, but the control character is what a person must know about.
        #expect(verdict.rejection == .controlCharacters("U+001B"))
        #expect(verdict.rejection?.name == "control-characters")
        #expect(verdict.description.hasPrefix("control character U+001B ✗ · words 2 ✗"))
    }

    @Test func delAndC1ControlsAreRefusedAndNamedByCodePoint() {
        let filter = InstructionFilter(recipe: .alpaca())
        #expect(filter.rejection(for: "Delete the last letter\u{7F} of each word.") == .controlCharacters("U+007F"))
        #expect(filter.rejection(for: "Clear the screen \u{9B}2J before each answer.") == .controlCharacters("U+009B"))
        #expect(filter.rejection(for: "Ring the bell \u{07} at the end of the list.")?.label == "control U+0007")
    }

    @Test func tabsLineFeedsAndCRLFLineEndsAreNotControlsButALoneCarriageReturnIs() {
        let filter = InstructionFilter(recipe: .alpaca())
        #expect(filter.rejection(for: "List three\tfruits and\nthree vegetables,\r\nplease.") == nil)
        #expect(filter.rejection(for: "Hide this text\rbehind the rest of it.") == .controlCharacters("U+000D"))
        #expect(filter.rejection(for: "End the line with a return\r") == .controlCharacters("U+000D"))
        #expect(filter.rejection(forInput: "25 degrees", output: "77\u{1B}[31m degrees") == .controlCharacters("U+001B"))
        #expect(filter.rejection(forInput: "25 degrees", output: "77 degrees") == nil)
    }

    @Test func theReasonRoundTripsThroughThePoolAsControlCharacters() throws {
        let stored = RejectionReason.controlCharacters("U+001B").statusReason
        #expect(stored == StatusReason(kind: .controlCharacters, value: .text("U+001B")))
        let decoded = try JSONDecoder().decode(StatusReason.self, from: try JSONEncoder().encode(stored))
        #expect(decoded == stored && decoded.kind.rawValue == "control-characters")
        #expect(decoded.kind.matches("control-characters") && decoded.kind.matches("control_characters"))
        #expect(StatusReason.Kind.nonASCII.matches("non-ascii"))
    }

    @Test func anInstanceWithAControlCharacterIsDroppedBeforeUpstreamsChecks() {
        var generator = SeededGenerator(seed: 1)
        let selection = InstanceFilter().select([
            Instance(input: "\u{1B}]0;x\u{07}", output: "\u{1B}]0;x\u{07}"),
            Instance(input: "Number: 4", output: "Even"),
        ], cutOffByLength: false, using: &generator)
        #expect(selection.kept == [Instance(input: "Number: 4", output: "Even")])
        #expect(selection.dropped.map(\.reason) == [.controlCharacters(in: "input", "U+001B")])
        #expect(selection.dropped.first?.reason.description == "input contains the control character U+001B")
    }
}
