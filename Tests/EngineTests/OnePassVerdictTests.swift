import Testing
@testable import Engine

/// The recipe's verdict reads the text once, normalising as it goes (`NormalisedScalars`,
/// `InstructionScan`); these pin that it decides exactly as the filters do on the string
/// the parser's normalisation builds, the straightforward way.
@Suite struct OnePassVerdictTests {
    static let recipes: [Recipe] = [.selfInstruct(), .alpaca()]

    /// Texts that exercise whitespace, case mapping, the final sigma and word boundaries.
    static let texts = [
        "", "   ", " \t\n", "Hi", "  describe  the\u{1C}water\tcycle \n", "write a program that sorts a list",
        "Write a program", "Write a programme", "WRITE A PROGRAM to add", "  (Optional) name three birds",
        "ßtraße ist lang", "ǆungla ǅ Ǆ", "İstanbul İMAGE image", "ΟΔΟΣ ΟΔΟΣ. ΣΑ Σ", "aΣ' b", "ﬁle a ﬁle",
        "Go to the store and go  to bed", "go to", "a go to", "Plot_ the plot", "Draw the KELVIN \u{212A}map",
        "Find the \u{17F}ong file", "e\u{301}cole \u{130}mages", "café map", "map", "mapped maps", "first\u{2028}second  third",
        "用一句话总结这篇新闻文章的主要内容和观点。", "\u{0345}\u{0399}", "ŉ Ǉ Ǉ", "1. Plot a graph", "a-image_b image-c",
        "Upload the file\u{17F} now", "Label the \u{131}mage", "Crop the \u{130}MAGE", "Open the \u{212A}ml \u{212A}", "the émap",
        "the map\u{301} and", "Make a grap\u{0125}", "name\u{2028}go to\u{2028}sleep", "Go\tto bed now please",
    ]

    @Test func theNormalisedScalarsAreTheParsersNormalisation() {
        for recipe in Self.recipes {
            let parser = CompletionParser(recipe: recipe)
            for text in Self.texts {
                let streamed = String(String.UnicodeScalarView(NormalisedScalars(text, recipe: recipe)))
                #expect(streamed == parser.normalise(text), "\(recipe.name): \(text.debugDescription)")
            }
        }
    }

    @Test func everyScalarIsCaseMappedAsPythonsCapitalizeDoes() {
        let parser = CompletionParser(recipe: .selfInstruct())
        let scalars = (0..<0x20000).compactMap(Unicode.Scalar.init).filter { !Python.isWhitespace($0) }
        var mismatches: [String] = []
        for scalar in scalars {
            // As the first scalar (title case) and after a letter (lower case, sigma rule).
            for text in [String(scalar) + "a", "a" + String(scalar)] {
                let streamed = String(String.UnicodeScalarView(NormalisedScalars(text, recipe: .selfInstruct())))
                if streamed != parser.normalise(text) { mismatches.append(text.debugDescription) }
            }
        }
        #expect(mismatches.isEmpty, "\(mismatches.prefix(20))")
    }

    @Test func theVerdictIsTheFiltersVerdictOnTheNormalisedText() {
        for recipe in Self.recipes {
            var filter = InstructionFilter(recipe: recipe)
            filter.similarityThreshold = 0.6
            let parser = CompletionParser(recipe: recipe)
            for text in Self.texts {
                for nearest in [nil, ("Describe the water cycle.", 0.65)] as [(text: String, score: Double)?] {
                    #expect(recipe.verdict(for: text, nearest: nearest, threshold: 0.6) == filter.verdict(for: parser.normalise(text), nearest: nearest),
                            "\(recipe.name): \(text.debugDescription)")
                }
            }
        }
    }

    /// `words` words in all: a head, `repeats` copies of a four-word unit, and a tail with a
    /// keyword (and a later one, which list order does not report).
    static func document(repeats: Int) -> String {
        "Summarise THIS document: " + String(repeating: "ALPHA beta\tΣigma  delta\n", count: repeats) + "then go to the map."
    }

    /// 2 MB rather than the benchmark's 10: a debug build reads about a megabyte a second,
    /// and nothing in the scan depends on the length beyond its counters.
    @Test func aHugeTextIsJudgedAsASmallerOneOfTheSameMakeWithItsOwnWordCount() throws {
        let repeats = 2_000_000 / 25
        let huge = Self.document(repeats: repeats)
        #expect(huge.utf8.count >= 2_000_000)
        for recipe in Self.recipes {
            let small = InstructionFilter(recipe: recipe).verdict(for: CompletionParser(recipe: recipe).normalise(Self.document(repeats: 3)))
            // The control-character check comes first, then upstream's in its order.
            #expect(small.checks.prefix(2) == [.controlCharacters(found: nil), .words(count: 3 + 4 * 3 + 5, allowed: 4...150)])
            #expect(small.rejection == .keyword("map"))
            let expected = [small.checks[0], FilterCheck.words(count: 3 + 4 * repeats + 5, allowed: 4...150)] + small.checks.dropFirst(2)
            let verdict = recipe.verdict(for: huge, threshold: 0.7)
            #expect(verdict.checks == expected, "\(recipe.name)")
            #expect(verdict.rejection == .tooLong(words: 3 + 4 * repeats + 5, allowed: 4...150))
        }
    }
}
