import DatasetCard
import Foundation
import Pool
import QualityReview
import SVGDrawing
import TestSupport
import Testing
import VerbNoun

#if canImport(FoundationXML)
import FoundationXML
#endif

/// The dataset card against a small pool counted by hand, an empty pool, and hostile text.
@Suite struct DatasetCardTests {
    /// Seeds: 2 tasks (1 classification), 3 instances (1 empty input); accepted: 1 task,
    /// 1 instance with empty input; rejected: 1 task without instances.
    static let records = [
        PoolRecord(id: "s1", instruction: "Give the antonym of the word.",
                   instances: [Instance(input: "hot", output: "cold"), Instance(input: "up", output: "down")], isClassification: false, status: .seed),
        PoolRecord(id: "s2", instruction: "Is this sentence positive or negative?",
                   instances: [Instance(input: "", output: "Positive")], isClassification: true, status: .seed),
        PoolRecord(id: "a1", instruction: "Write a haiku about autumn leaves falling.",
                   instances: [Instance(input: "", output: "")], status: .accepted),
        PoolRecord(id: "r1", instruction: "Draw a map of the city.", status: .rejected),
    ]

    static let making = DatasetCard.Making(
        models: ["smollm2"], endpointKind: "completions", recipe: "self-instruct", threshold: 0.7, rounds: 3, seeds: 2,
        requests: 12, promptTokens: 3400, completionTokens: 900, cost: nil
    )

    static func card(name: String = "autumn", entries: [PoolEntry], review: ReviewSummary? = nil,
                     verbNoun: VerbNounSummary? = nil, records: Int = 3) -> DatasetCard {
        DatasetCard(
            name: name, making: making, stats: PoolStats(entries: entries),
            seedSimilarity: [.init(label: "0.0–0.1", count: 1), .init(label: "0.1–0.2", count: 1)], seedSimilarityMean: 0.125,
            verbNoun: verbNoun, review: review, data: .init(name: "data.jsonl", format: "alpaca", records: records), languages: ["en"]
        )
    }

    @Test func theCardCarriesTheFrontMatterTableOneAndTheDefectsOfThePool() throws {
        try withTemporaryFolder { folder in
            let pool = try PoolFile(at: folder.pool)
            try pool.add(contentsOf: Self.records)
            let card = Self.card(entries: pool.entries)
            let text = card.markdown
            let frontMatter = try #require(text.split(separator: "---\n", omittingEmptySubsequences: false).dropFirst().first)
            #expect(frontMatter.contains("- text-generation\n") && frontMatter.contains("- n<1K\n") && frontMatter.contains("language:\n- en\n"))
            #expect(frontMatter.contains("license: # fill in"), "the licence is the user's to choose")
            #expect(frontMatter.contains("pretty_name: \"autumn\"") && frontMatter.contains("data_files: \"data.jsonl\""))
            // Columns: seed, accepted, rejected, total.
            #expect(text.contains("| | seed | accepted | rejected | total |"))
            #expect(text.contains("| tasks | 2 | 1 | 1 | 4 |"))
            #expect(text.contains("| classification | 1 | 0 | 0 | 1 |"))
            #expect(text.contains("| instances | 3 | 1 | 0 | 4 |"))
            #expect(text.contains("| instances with empty input | 1 | 1 | 0 | 2 |"))
            #expect(text.contains("| mean words of instruction | 6.0 | 7.0 | 6.0 | 6.2 |"), "25 / 4 = 6.25, printed to one decimal as printf rounds it")
            #expect(text.contains("| empty-output | 1 |") && text.contains("| cannot-do | 1 |"))
            #expect(text.contains("| Models | `smollm2` |") && text.contains("| Tokens | 3400 prompt, 900 completion |"))
            #expect(text.contains("| Cost | not priced |") && text.contains("ROUGE-L F > 0.7"))
            #expect(text.contains("2 accepted generated instructions to its most similar seed (mean 0.125)"))
            #expect(text.contains("The verb–noun analysis was not run") && text.contains("No person has reviewed"))
            #expect(card.files.map(\.name) == ["README.md", "lengths.svg", "seed-similarity.svg"], "no verb–noun chart without the analysis")
        }
    }

    @Test func theReviewTableShowsSharesIntervalsAndKappaAndTheVerbChartIsAdded() {
        // Ten items; only the first question answered. ana: yes but item 9; ben: the same but
        // item 8, unsettled. Counted: 8 yes of 9 (item 8 left out), Wilson 0.565–0.980.
        // Kappa: agreement 9/10, chance 0.9·0.8 + 0.1·0.2 = 0.74, κ = 0.16 / 0.26 = 0.615.
        let items = (0..<10).map { ReviewItem(number: $0, recordID: "a\($0)", instance: 0, instruction: "i", input: "", output: "o") }
        let answers = ["ana", "ben"].flatMap { reviewer in
            (0..<10).map { item in
                ReviewAnswer(reviewer: reviewer, item: item, recordID: "a\(item)", question: .instruction,
                             answer: !(item == 9 || (reviewer == "ben" && item == 8)), time: "t")
            }
        }
        let sample = ReviewSample(seed: 42, requested: 10, eligible: 12, items: items, time: "t")
        let review = ReviewSummary(sample: sample, book: ReviewBook(itemCount: 10, answers))
        // 10 distinct instructions, 4 with a verb and a noun: write poem ×2, write story, give example.
        let texts = (0..<10).map { "instruction \($0)" }
        let pairs: [String: VerbNounPair] = [
            texts[0]: .init(verb: "write", noun: "poem"), texts[1]: .init(verb: "write", noun: "poem"),
            texts[2]: .init(verb: "write", noun: "story"), texts[3]: .init(verb: "give", noun: "example"),
            texts[4]: .init(verb: "explain", noun: nil),
        ]
        let verbNoun = VerbNounSummary(texts: texts, pairs: pairs)
        let card = Self.card(entries: [], review: review, verbNoun: verbNoun, records: 0)
        let text = card.markdown
        #expect(text.contains("ana and ben answered the paper's three questions about a random sample of 10 of the 12 accepted tasks with instances (seed 42)"))
        #expect(text.contains("and 1 unsettled disagreements are left out."))
        #expect(text.contains("| Does the instruction describe a valid task? | 8 | 9 | 88.9% (56.5%–98.0%) |"), "\(text)")
        #expect(text.contains("| Is the input appropriate for the instruction? | 0 | 0 | — |"))
        #expect(text.contains("| ana · ben | 0.62 | — | — | 1 (1 unsettled) |"))
        #expect(text.contains("4 of 10 distinct seed and accepted instructions (40.0%) have one") && text.contains("![Verbs and their nouns](verb-noun.svg)"))
        #expect(card.files.map(\.name) == ["README.md", "lengths.svg", "seed-similarity.svg", "verb-noun.svg"])
        #expect(text.contains("| tasks | 0 |"), "an empty pool still has its table")
    }

    @Test func hostileTextStaysInsideItsScalarCellAndElement() throws {
        let name = "a \"b\" | c\nd\u{1B}[2J"
        let card = Self.card(name: name, entries: [], verbNoun: VerbNounSummary(texts: ["t"], pairs: ["t": .init(verb: "<x>&\u{7}", noun: "\"y\"")]))
        let text = card.markdown
        #expect(text.contains("pretty_name: \"a \\\"b\\\" | c\\nd\\u001b[2J\""))
        #expect(text.contains("# a \"b\" \\| c d\\u001B[2J\n"), "the title: one line, pipes escaped, control characters visible")
        #expect(!text.contains("\nd\\u001B") && !text.contains("\nd\u{1B}"), "the name's newline does not start a line of its own")
        for file in card.files where file.name.hasSuffix(".svg") {
            #expect(try Self.isWellFormedXML(file.text), "\(file.name)")
        }
    }

    @Test func sizeCategoriesFollowHuggingFacesBounds() {
        #expect(Self.card(entries: [], records: 999).markdown.contains("- n<1K\n"))
        #expect(Self.card(entries: [], records: 1000).markdown.contains("- 1K<n<10K\n"))
        #expect(Self.card(entries: [], records: 52_002).markdown.contains("- 10K<n<100K\n"))
        #expect(Self.card(entries: [], records: 100_000).markdown.contains("- 100K<n<1M\n"))
    }

    static func isWellFormedXML(_ text: String) throws -> Bool {
        XMLParser(data: Data(text.utf8)).parse()
    }
}
