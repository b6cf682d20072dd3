import TestSupport
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

@Suite struct RougeTokenRangeTests {
    static let samples = [
        "Give 3 tips, don't STOP!", "3.14 C++ / C#", "Café naïve ４２ ²", "ﬁne", "日本語 text😀here", "İstanbul",
        "\u{212A}elvin", "", "?!… \u{00A0}\t\n", "Summarise \u{1B}]0;pwned\u{07}this \u{1B}[2J text", "aİb \u{212A}\u{212A}İİ z",
    ]

    @Test(arguments: samples)
    func rangesGiveTheSameTokensAsTheTokenizer(text: String) {
        let tokens = RougeTokenizer.tokensWithRanges(of: text)
        #expect(tokens.map(\.text) == RougeTokenizer.tokens(of: text))
        for token in tokens {
            // What the range covers tokenizes to exactly this token.
            #expect(RougeTokenizer.tokens(of: String(text[token.range])) == [token.text], "\(token)")
        }
    }

    @Test func rangesOnRandomTextsGiveTheSameTokensInOrderWithoutOverlap() {
        var random = SplitMix64(seed: 17)
        let alphabet: [Character] = ["a", "Z", "7", " ", ",", "é", "İ", "\u{212A}", "日", "😀", "\u{1B}", "-", "q"]
        for _ in 0..<500 {
            let text = String((0..<Int.random(in: 0..<40, using: &random)).map { _ in alphabet.randomElement(using: &random)! })
            let tokens = RougeTokenizer.tokensWithRanges(of: text)
            #expect(tokens.map(\.text) == RougeTokenizer.tokens(of: text), "\(text.debugDescription)")
            for (earlier, later) in zip(tokens, tokens.dropFirst()) {
                #expect(earlier.range.upperBound <= later.range.lowerBound)
            }
        }
    }
}
