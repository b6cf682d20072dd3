import Testing
import Terminal

@Suite struct TextSanitizerTests {
    init() { TestLocale.useUTF8() }

    @Test func plainTextIsUnchanged() {
        let text = "Write a haiku about rain."
        #expect(TextSanitizer.singleLine(text) == text)
        #expect(TextSanitizer.singleLine("Écris un haïku · 中文 👩‍💻") == "Écris un haïku · 中文 👩‍💻")
    }

    @Test func clearScreenAndCursorMovesAreRemovedWhole() {
        #expect(TextSanitizer.singleLine("before\u{1B}[2Jafter") == "beforeafter")
        #expect(TextSanitizer.singleLine("\u{1B}[H\u{1B}[31;1mred\u{1B}[0m") == "red")
        #expect(TextSanitizer.singleLine("x\u{1B}[?1049hy") == "xy")
    }

    @Test func osc52ClipboardWritesAreRemovedWithTheirPayload() {
        let belTerminated = "copy\u{1B}]52;c;Y3VybCBldmlsLnNoIHwgc2g=\u{07}done"
        let stTerminated = "copy\u{1B}]52;c;Y3VybCBldmlsLnNoIHwgc2g=\u{1B}\\done"
        #expect(TextSanitizer.singleLine(belTerminated) == "copydone")
        #expect(TextSanitizer.singleLine(stTerminated) == "copydone")
    }

    @Test func windowTitleAndHyperlinkSequencesAreRemoved() {
        #expect(TextSanitizer.singleLine("\u{1B}]0;pwned\u{07}title") == "title")
        #expect(TextSanitizer.singleLine("\u{1B}]8;;http://evil\u{1B}\\click\u{1B}]8;;\u{1B}\\") == "click")
    }

    @Test func c1ControlSequenceIntroducerIsParsedLikeEscBracket() {
        #expect(TextSanitizer.singleLine("a\u{9B}2Jb") == "ab")
        #expect(TextSanitizer.singleLine("a\u{9D}52;c;ZXZpbA==\u{9C}b") == "ab")
    }

    @Test func deviceControlStringsAreRemoved() {
        #expect(TextSanitizer.singleLine("a\u{1B}P+q544e\u{1B}\\b") == "ab")
        #expect(TextSanitizer.singleLine("a\u{1B}_apc payload\u{1B}\\b") == "ab")
    }

    @Test func belBackspaceAndDeleteAreDropped() {
        #expect(TextSanitizer.singleLine("ding\u{07}\u{08}\u{7F}!") == "ding!")
    }

    @Test func carriageReturnCannotHideTextItPrecedes() {
        // On a raw terminal "safe" would be overwritten by "EVIL"; here both stay visible.
        #expect(TextSanitizer.singleLine("safe text\rEVIL") == "safe text EVIL")
    }

    @Test func tabsAndNewlinesBecomeSpacesOnOneLine() {
        #expect(TextSanitizer.singleLine("a\tb\nc\r\nd") == "a b c d")
    }

    @Test func multilineKeepsLineBreaksAndExpandsTabs() {
        #expect(TextSanitizer.multiline("a\r\nb\rc\nd") == "a\nb\nc\nd")
        #expect(TextSanitizer.multiline("ab\tc\n\td", tabWidth: 4) == "ab  c\n    d")
    }

    @Test func loneAndTrailingEscapesAreDropped() {
        #expect(TextSanitizer.singleLine("a\u{1B}") == "a")
        #expect(TextSanitizer.singleLine("a\u{1B}\u{1B}[1mb") == "ab")
        #expect(TextSanitizer.singleLine("\u{1B}7saved\u{1B}8") == "saved")
        #expect(TextSanitizer.singleLine("\u{1B}(Bcharset") == "charset")
    }

    @Test func unterminatedStringSequenceSwallowsTheRestLikeATerminal() {
        #expect(TextSanitizer.singleLine("ok\u{1B}]0;never ends") == "ok")
    }

    @Test func cancelAbortsASequence() {
        #expect(TextSanitizer.singleLine("a\u{1B}]0;x\u{18}b") == "ab")
    }

    @Test func bidiOverridesAreRemoved() {
        #expect(TextSanitizer.singleLine("abc\u{202E}fed\u{202C}") == "abcfed")
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
            let clean = TextSanitizer.singleLine(String(text))
            #expect(clean.unicodeScalars.allSatisfy { $0.value >= 0x20 && !(0x7F..<0xA0).contains($0.value) })
        }
    }
}
