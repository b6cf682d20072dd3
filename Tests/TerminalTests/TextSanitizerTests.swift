import Testing
import Terminal

@Suite struct TextSanitizerTests {
    init() { TestLocale.useUTF8() }

    @Test func plainTextIsUnchanged() {
        let text = "Write a haiku about rain."
        #expect(TextSanitizer.singleLine(text) == text)
        #expect(TextSanitizer.singleLine("Écris un haïku · 中文 👩‍💻") == "Écris un haïku · 中文 👩‍💻")
    }

    @Test func escapeSequencesAreDrawnVisiblyNotObeyed() {
        #expect(TextSanitizer.singleLine("before\u{1B}[2Jafter") == "before␛[2Jafter")
        #expect(TextSanitizer.singleLine("\u{1B}[31;1mred\u{1B}[0m") == "␛[31;1mred␛[0m")
        #expect(TextSanitizer.singleLine("x\u{1B}[?1049hy") == "x␛[?1049hy")
    }

    @Test func windowTitleSequenceShowsAsEscapePictureAndBellPicture() {
        #expect(TextSanitizer.singleLine("\u{1B}]0;pwned\u{07}") == "␛]0;pwned␇")
        #expect(TextSanitizer.multiline("\u{1B}]0;pwned\u{07}") == "␛]0;pwned␇")
    }

    @Test func osc52ClipboardWritesShowTheirPayload() {
        let stTerminated = "copy\u{1B}]52;c;Y3Vy\u{1B}\\done"
        #expect(TextSanitizer.singleLine(stTerminated) == "copy␛]52;c;Y3Vy␛\\done")
    }

    @Test func c0ControlsBecomeControlPicturesAndDeleteItsOwn() {
        #expect(TextSanitizer.singleLine("a\u{0}b\u{8}c\u{1F}d\u{7F}") == "a␀b␈c␟d␡")
    }

    @Test func c1ControlsAndBidiOverridesShowTheirCodePoint() {
        #expect(TextSanitizer.singleLine("a\u{9B}2Jb") == "a<U+009B>2Jb")
        #expect(TextSanitizer.singleLine("\u{85}\u{9F}") == "<U+0085><U+009F>")
        #expect(TextSanitizer.singleLine("abc\u{202E}fed\u{202C}") == "abc<U+202E>fed<U+202C>")
    }

    @Test func aLoneCarriageReturnIsVisibleSoItCannotHideTextItPrecedes() {
        // On a raw terminal "safe" would be overwritten by "EVIL"; here both stay visible.
        #expect(TextSanitizer.singleLine("safe text\rEVIL") == "safe text␍EVIL")
        #expect(TextSanitizer.multiline("safe\rEVIL") == "safe␍EVIL")
    }

    @Test func tabsAndNewlinesBecomeSpacesOnOneLine() {
        #expect(TextSanitizer.singleLine("a\tb\nc\r\nd") == "a b c d")
    }

    @Test func multilineKeepsLineBreaksAndExpandsTabs() {
        #expect(TextSanitizer.multiline("a\r\nb\u{2028}c\nd") == "a\nb\nc\nd")
        #expect(TextSanitizer.multiline("ab\tc\n\td", tabWidth: 4) == "ab  c\n    d")
        #expect(TextSanitizer.multiline("␛\tx", tabWidth: 4) == "␛   x", "a picture takes one column")
    }

    @Test func printableKeepsTabsAndLineFeedsForCommandOutput() {
        #expect(TextSanitizer.printable("a\tb\r\nc\u{1B}[2J") == "a\tb\nc␛[2J")
    }

    @Test func outputNeverContainsControls() {
        var generator = SystemRandomNumberGenerator()
        let alphabet: [Unicode.Scalar] = ["\u{1B}", "[", "]", "\u{07}", "\u{9B}", "\u{9C}", "\u{9D}", "P", "\\", ";", "2", "J",
                                          "a", "中", "\r", "\n", "\t", "\u{7F}", "\u{0}", "\u{85}"]
        for _ in 0..<2000 {
            var text = String.UnicodeScalarView()
            for _ in 0..<Int.random(in: 0..<40, using: &generator) {
                text.append(alphabet.randomElement(using: &generator)!)
            }
            for clean in [TextSanitizer.singleLine(String(text)), TextSanitizer.multiline(String(text))] {
                #expect(clean.unicodeScalars.allSatisfy { $0 == "\n" || ($0.value >= 0x20 && !(0x7F..<0xA0).contains($0.value)) })
            }
        }
    }
}
