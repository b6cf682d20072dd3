import Foundation
import JSONLines
import TestSupport
import Testing

#if canImport(FoundationXML)
import FoundationXML
#endif

/// `selfinstruct report`: the card, its figures and the data, for an empty pool, a seeds-only
/// pool and a pool with generated tasks; and a folder that already holds a card.
@Suite(.serialized) struct ReportCommandTests {
    private static let lines = [
        #"{"id":"s1","instruction":"Give the antonym of the word.","instances":[{"input":"hot","output":"cold"}],"is_classification":false,"status":"seed"}"#,
        #"{"id":"s2","instruction":"Tell a joke about cats.","instances":[{"input":"","output":"Why did the cat cross the road?"}],"status":"seed"}"#,
        #"{"id":"a1","instruction":"Give the antonym of the word please.","instances":[{"input":"up","output":"down"}],"status":"accepted","round":2}"#,
        #"{"id":"r1","instruction":"Describe the image in detail.","instances":[],"status":"rejected","why":{"kind":"keyword","detail":"image"}}"#,
    ]

    @Test func aReportHoldsTheCardTheFiguresAndTheDataOfThePool() async throws {
        try await withTemporaryPool(lines: Self.lines) { folder in
            let out = folder.url.appendingPathComponent("card")
            let outcome = try await CommandRunner.run(["report", "--pool", folder.pool.path, "-o", out.path, "--no-verbs", "--name", "antonyms"])
            #expect(outcome.status == 0, "\(outcome.stderr)")
            #expect(outcome.stderr.contains("wrote data.jsonl, README.md, lengths.svg, seed-similarity.svg"), "\(outcome.stderr)")
            let card = try String(contentsOf: out.appendingPathComponent("README.md"), encoding: .utf8)
            #expect(card.hasPrefix("---\n") && card.contains("pretty_name: \"antonyms\"") && card.contains("- n<1K\n"))
            #expect(card.contains("| tasks | 2 | 1 | 1 | 4 |"), "seed, accepted, rejected, total")
            #expect(card.contains("| Rounds | 2 |") && card.contains("| Seed tasks | 2 |"))
            #expect(card.contains("ROUGE-L F of each of the 1 accepted generated instructions to its most similar seed (mean 0.923)"),
                    "a1 to s1: LCS 6 of 7 and 6 tokens, F = 12/13; the rejected r1 is not in the data")
            // The data: seed and accepted tasks, one instance each, as instruction/input/output lines.
            let data = try String(contentsOf: out.appendingPathComponent("data.jsonl"), encoding: .utf8).split(separator: "\n")
            #expect(data.count == 3)
            let first = try JSONParser.parse(Substring(data[0]))
            #expect(first["instruction"]?.stringValue == "Give the antonym of the word." && first["output"]?.stringValue == "cold")
            for name in ["lengths.svg", "seed-similarity.svg"] {
                let svg = try Data(contentsOf: out.appendingPathComponent(name))
                #expect(XMLParser(data: svg).parse(), "\(name) is well-formed")
            }
            #expect(!FileManager.default.fileExists(atPath: out.appendingPathComponent("verb-noun.svg").path))

            // Again into the same folder: refused, nothing replaced, unless --force.
            try "mine".write(to: out.appendingPathComponent("README.md"), atomically: true, encoding: .utf8)
            let again = try await CommandRunner.run(["report", "--pool", folder.pool.path, "-o", out.path, "--no-verbs"])
            #expect(again.status == 2 && again.stderr.contains("already holds data.jsonl, README.md, lengths.svg, seed-similarity.svg; pass --force"), "\(again.stderr)")
            #expect(try String(contentsOf: out.appendingPathComponent("README.md"), encoding: .utf8) == "mine")
            let forced = try await CommandRunner.run(["report", "--pool", folder.pool.path, "-o", out.path, "--no-verbs", "--force"])
            let replaced = try String(contentsOf: out.appendingPathComponent("README.md"), encoding: .utf8)
            #expect(forced.status == 0 && replaced.hasPrefix("---\n"))
        }
    }

    @Test func anEmptyPoolAndASeedsOnlyPoolStillGiveACard() async throws {
        for lines in [[String](), Array(Self.lines.prefix(2))] {
            try await withTemporaryPool(lines: lines) { folder in
                let out = folder.url.appendingPathComponent("card")
                let outcome = try await CommandRunner.run(["report", "--pool", folder.pool.path, "-o", out.path, "--no-verbs", "--format", "alpaca"])
                #expect(outcome.status == 0, "\(outcome.stderr)")
                let card = try String(contentsOf: out.appendingPathComponent("README.md"), encoding: .utf8)
                #expect(card.contains("| tasks | \(lines.count) |") && card.contains("No person has reviewed"))
                let why = lines.isEmpty ? "the pool has no seed tasks" : "no accepted instruction was generated from them"
                #expect(card.contains("The similarity of generated instructions to their seeds is left out: \(why)."), "\(card)")
                #expect(!card.contains("seed-similarity.svg"))
                let data = try JSONParser.parse(Substring(try String(contentsOf: out.appendingPathComponent("data.json"), encoding: .utf8)))
                #expect(data.arrayValue?.count == lines.count)
            }
        }
    }

    @Test(.enabled(if: SpacyForTests.isInstalled, "spaCy could not be installed into the venv (no PyPI?): run scripts/test with network"))
    func theVerbNounChartComesFromSpacy() async throws {
        try await withTemporaryPool(lines: Self.lines) { folder in
            let out = folder.url.appendingPathComponent("card")
            let outcome = try await CommandRunner.run(["report", "--pool", folder.pool.path, "-o", out.path])
            #expect(outcome.status == 0, "\(outcome.stderr)")
            let card = try String(contentsOf: out.appendingPathComponent("README.md"), encoding: .utf8)
            // give → antonym twice (s1, a1), tell → joke: three distinct seed and accepted instructions, all with a pair.
            #expect(card.contains("3 of 3 distinct seed and accepted instructions (100.0%) have one"), "\(card)")
            let svg = try String(contentsOf: out.appendingPathComponent("verb-noun.svg"), encoding: .utf8)
            #expect(svg.contains("<title>give antonym: 2</title>") && svg.contains("<title>tell joke: 1</title>"))

            // The same counts in stats --json --verbs, from the cache the report filled.
            let stats = try await CommandRunner.run(["stats", "--pool", folder.pool.path, "--json", "--verbs"])
            #expect(stats.status == 0, "\(stats.stderr)")
            let counts = try #require(try JSONParser.parse(Substring(stats.stdout))["verb_noun"])
            #expect(counts["instructions"]?.intValue == 3 && counts["with_pair"]?.intValue == 3)
            #expect(counts["verbs"]?.arrayValue?.first?["verb"]?.stringValue == "give")
            #expect(counts["verbs"]?.arrayValue?.first?["nouns"]?.arrayValue?.first?["count"]?.intValue == 2)
        }
    }
}
