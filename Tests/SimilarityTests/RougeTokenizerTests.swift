import Testing
@testable import Similarity

@Suite struct RougeTokenizerTests {
    @Test func lowerCasesAndSplitsOnEverythingOutsideAsciiLettersAndDigits() {
        #expect(RougeTokenizer.tokens(of: "Give 3 tips, don't STOP!") == ["give", "3", "tips", "don", "t", "stop"])
        #expect(RougeTokenizer.tokens(of: "3.14 C++ / C#") == ["3", "14", "c", "c"])
    }

    @Test func nonAsciiLettersAndDigitsAreSeparators() {
        #expect(RougeTokenizer.tokens(of: "Café naïve ４２ ²") == ["caf", "na", "ve"])
        #expect(RougeTokenizer.tokens(of: "ﬁne") == ["ne"])
        #expect(RougeTokenizer.tokens(of: "日本語 text😀here") == ["text", "here"])
    }

    @Test func dottedCapitalIBecomesIFollowedByASeparator() {
        #expect(RougeTokenizer.tokens(of: "İstanbul") == ["i", "stanbul"])
    }

    @Test func kelvinSignBecomesAsciiK() {
        #expect(RougeTokenizer.tokens(of: "\u{212A}elvin") == ["kelvin"])
    }

    @Test func emptyAndSeparatorOnlyTextsHaveNoTokens() {
        #expect(RougeTokenizer.tokens(of: "").isEmpty)
        #expect(RougeTokenizer.tokens(of: "?!… \u{00A0}\t\n").isEmpty)
    }
}
