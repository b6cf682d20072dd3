import Testing
@testable import Terminal

@Suite struct DisplayWidthTests {
    init() { TestLocale.useUTF8() }

    @Test func asciiIsOneColumnPerCharacter() {
        #expect(DisplayWidth.of("Write a haiku") == 13)
    }

    @Test func cjkCharactersAreTwoColumns() {
        #expect(DisplayWidth.of("中文") == 4)
        #expect(DisplayWidth.of("日本語のテキスト") == 16)
    }

    @Test func combiningAccentsTakeNoColumnOfTheirOwn() {
        #expect(DisplayWidth.of("e\u{301}te\u{301}") == 3)  // "été" decomposed
        #expect(DisplayWidth.of("été") == 3)
    }

    @Test(arguments: [
        "👩‍💻",  // ZWJ sequence
        "👨‍👩‍👧‍👦",  // family: four emoji joined
        "❤️",  // VS16 makes a text-default symbol an emoji
        "👍🏽",  // skin tone modifier
        "🇫🇷",  // flag: two regional indicators
        "1️⃣",  // keycap
        "😀",
    ])
    func emojiSequencesAreTwoColumns(emoji: String) {
        #expect(emoji.count == 1)
        #expect(DisplayWidth.of(emoji) == 2)
    }

    @Test func controlsMeasureAsTheReplacementTheGridDraws() {
        #expect(DisplayWidth.of("a\u{1B}b") == 3)
        #expect(DisplayWidth.of(Character("\u{7}")) == 1)
    }

    @Test func zeroWidthSpaceTakesNoColumn() {
        #expect(DisplayWidth.of("a\u{200B}b") == 2)
    }
}
