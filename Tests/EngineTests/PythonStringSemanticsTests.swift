import Testing
@testable import Engine

@Suite struct PythonStringSemanticsTests {
    @Test func capitalizeLowerCasesEverythingAfterTheFirstCharacter() {
        #expect(Python.capitalize("translate into French") == "Translate into french")
        #expect(Python.capitalize("GIVE me THREE tips") == "Give me three tips")
        #expect(Python.capitalize("") == "")
    }

    @Test func capitalizeUsesFullTitleAndLowerCaseMappings() {
        #expect(Python.capitalize("ßa") == "Ssa")
        #expect(Python.capitalize("ǆemal") == "ǅemal")
        #expect(Python.capitalize("xİ") == "Xi\u{307}")
    }

    @Test func capitalizeAppliesTheFinalSigmaRule() {
        #expect(Python.capitalize("ΑΣ ΟΔΟΣ") == "Ας οδος")
        #expect(Python.capitalize("ΑΣΑ") == "Ασα")
    }

    @Test func wordCountSplitsOnPythonWhitespaceOnly() {
        #expect(Python.wordCount("  a  b\tc\nd ") == 4)
        #expect(Python.wordCount("a\u{A0}b\u{3000}c\u{1C}d") == 4)
        #expect(Python.wordCount("a\u{200B}b") == 1)  // zero-width space is not whitespace
        #expect(Python.wordCount("") == 0)
    }

    @Test func stripAndCollapseUsePythonWhitespace() {
        #expect(Python.strip("\u{A0} a b \u{2028}") == "a b")
        #expect(Python.collapseWhitespace(" a \t\n b ") == " a b ")
        #expect(Python.stripTrailingColons("List::") == "List")
    }

    @Test func keywordMatchesWholeWordsInAnyCase() {
        #expect(Python.containsWholeWord("image", in: "Describe the IMAGE below."))
        #expect(Python.containsWholeWord("image", in: "image"))
        #expect(!Python.containsWholeWord("image", in: "Imagine a city."))
        #expect(!Python.containsWholeWord("map", in: "Summarize the mapping."))
        #expect(!Python.containsWholeWord("map", in: "a map_of b"))
        #expect(!Python.containsWholeWord("map", in: "map2"))
        #expect(!Python.containsWholeWord("file", in: "éfile"))
    }

    @Test func keywordBoundaryFallsBeforeACombiningMarkAsInPython() {
        #expect(Python.containsWholeWord("image", in: "image\u{301}"))
    }

    @Test func keywordIgnoreCaseFollowsPythonsSpecialLetters() {
        #expect(Python.containsWholeWord("image", in: "İmage"))
        #expect(Python.containsWholeWord("image", in: "ımage"))
        #expect(Python.containsWholeWord("files", in: "FILEſ"))
    }

    @Test func goToNeedsExactlyOneSpace() {
        #expect(Python.containsWholeWord("go to", in: "Go To the park"))
        #expect(!Python.containsWholeWord("go to", in: "go  to the park"))
        #expect(!Python.containsWholeWord("go to", in: "go\tto the park"))
        #expect(!Python.containsWholeWord("go to", in: "ago tomorrow"))
    }

    @Test func decimalDigitsIncludeNonAsciiDigits() {
        #expect(Python.isDecimalDigit("٣"))
        #expect(!Python.isDecimalDigit("²"))
    }
}
