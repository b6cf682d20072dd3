import CNcursesw
import Terminal
import Testing

@Suite struct InputDecoderTests {
    /// Feeds inputs as ncurses would deliver them, then a timeout, and collects the keys.
    private func decode(_ inputs: [RawInput], extended: [Int32: Key] = [:]) -> [Key] {
        var decoder = InputDecoder(extendedKeyCodes: extended)
        var keys: [Key] = []
        for input in inputs + [.none] { keys += decoder.decode(input) }
        #expect(!decoder.needsMoreInput)
        return keys
    }

    private func characters(_ text: String) -> [RawInput] {
        text.unicodeScalars.map { .character($0.value) }
    }

    @Test func printableAndWideCharacters() {
        #expect(decode(characters("a中é")) == [.character("a"), .character("中"), .character("é")])
    }

    @Test func ncursesKeyCodes() {
        let codes: [Int32] = [KEY_UP, KEY_DOWN, KEY_LEFT, KEY_RIGHT, KEY_HOME, KEY_END, KEY_PPAGE, KEY_NPAGE,
                              KEY_BTAB, KEY_BACKSPACE, KEY_DC, KEY_RESIZE, si_key_f0() + 5]
        #expect(decode(codes.map { .keyCode($0) }) == [.up, .down, .left, .right, .home, .end, .pageUp, .pageDown,
                                                       .backTab, .backspace, .delete, .resize, .function(5)])
    }

    @Test func controlCharacters() {
        #expect(decode([.character(9), .character(13), .character(10), .character(127), .character(8),
                        .character(23), .character(21), .character(11)])
                == [.tab, .enter, .enter, .backspace, .backspace, .control("w"), .control("u"), .control("k")])
    }

    @Test func loneEscapeIsTheEscapeKey() {
        #expect(decode([.character(27)]) == [.escape])
    }

    @Test func escapeFollowedByACharacterIsAlt() {
        #expect(decode(characters("\u{1B}b\u{1B}f")) == [.alt("b"), .alt("f")])
    }

    @Test func xtermSequencesNcursesDidNotKnowAreDecoded() {
        #expect(decode(characters("\u{1B}[1;5D\u{1B}[1;5C\u{1B}[1;3D")) == [.wordLeft, .wordRight, .wordLeft])
        #expect(decode(characters("\u{1B}[3~\u{1B}[5~\u{1B}[H\u{1B}OF\u{1B}[Z")) == [.delete, .pageUp, .home, .end, .backTab])
        #expect(decode(characters("\u{1B}[99x")) == [])  // unknown: swallowed, not typed
    }

    @Test func extendedKeyCodesFromTerminfo() {
        #expect(decode([.keyCode(600), .keyCode(601)], extended: [600: .wordLeft, 601: .wordRight]) == [.wordLeft, .wordRight])
    }

    @Test func altArrowRecognisedByNcursesJumpsWords() {
        #expect(decode([.character(27), .keyCode(KEY_LEFT)]) == [.wordLeft])
    }

    @Test func c1AndOtherControlsAreIgnored() {
        #expect(decode([.character(0x9B), .character(0), .character(0x1C)]) == [])
    }

    @Test func altEnterIsOneKeyNotEscapeThenEnter() {
        #expect(decode([.character(0x1B), .character(0x0D)]) == [.alt("\n")])
        #expect(decode([.character(0x1B), .character(0x0A)]) == [.alt("\n")])
    }
}
