import Foundation
import JSONLines
import TestSupport
import Testing

/// `selfinstruct stats --json` against a pool counted by hand.
@Suite(.serialized) struct StatsJSONCommandTests {
    /// Instructions of 6, 5, 7 and 5 words; inputs "hot", "", "up"; outputs of 1, 7 and 0 words.
    private static let lines = [
        #"{"id":"s1","instruction":"Give the antonym of the word.","instances":[{"input":"hot","output":"cold"}],"is_classification":false,"status":"seed"}"#,
        #"{"id":"s2","instruction":"Tell a joke about cats.","instances":[{"input":"","output":"Why did the cat cross the road?"}],"status":"seed"}"#,
        #"{"id":"a1","instruction":"Give the antonym of the word please.","instances":[{"input":"up","output":""}],"is_classification":true,"status":"accepted"}"#,
        #"{"id":"p1","instruction":"Describe the image in detail.","instances":[],"status":"pending"}"#,
    ]

    @Test func jsonHoldsTheHandCountedFigures() async throws {
        try await withTemporaryPool(lines: Self.lines) { folder in
            let outcome = try await CommandRunner.run(["stats", "--pool", folder.pool.path, "--json"])
            #expect(outcome.status == 0, "\(outcome.stderr)")
            let document = try JSONParser.parse(Substring(outcome.stdout))
            #expect(document["records"]?["seed"]?.intValue == 2 && document["records"]?["total"]?.intValue == 4)
            let total = try #require(document["table"]?["total"])
            #expect(total["tasks"]?.intValue == 4 && total["classification"]?.intValue == 1)
            #expect(total["non_classification"]?.intValue == 1 && total["unclassified"]?.intValue == 2)
            #expect(total["instances"]?.intValue == 3 && total["instances_with_empty_input"]?.intValue == 1)
            #expect(total["mean_instruction_words"]?.doubleValue == 23.0 / 4)
            #expect(total["mean_input_words"]?.doubleValue == 1.0)
            #expect(total["mean_output_words"]?.doubleValue == 8.0 / 3)
            #expect(document["table"]?["rejected"]?["mean_output_words"] == .null)
            #expect(document["defects"]?["empty-output"]?.intValue == 1 && document["defects"]?["cannot-do"]?.intValue == 1)
            #expect(document["defects"]?["url-input"]?.intValue == 0)
            #expect(document["review"] == .null && document["verb_noun"] == .null, "no review drawn; --verbs not given")

            // a1 to s1: LCS 6 of 7 and 6 tokens, F = 12/13; p1 to s1: LCS 1 ("the") of 5 and 6, F = 2/11.
            let seedBins = try #require(document["histograms"]?["seed_similarity"]?.arrayValue)
            #expect(seedBins.map { $0["count"]?.intValue } == [0, 1, 0, 0, 0, 0, 0, 0, 0, 1])
            #expect(seedBins[9]["label"]?.stringValue == "0.9–1.0")
            #expect(document["seed_similarity"]?["scored"]?.intValue == 2)
            #expect(abs((document["seed_similarity"]?["mean"]?.doubleValue ?? 0) - (12.0 / 13 + 2.0 / 11) / 2) < 1e-12)
            let outputs = try #require(document["histograms"]?["output_words"]?.arrayValue)
            #expect(outputs.prefix(3).map { $0["count"]?.intValue } == [1, 1, 1], "0 words, 1–5 (cold), 6–10 (the joke)")
            for key in ["instances_per_task", "nearest_similarity", "instruction_words", "input_words", "leading_words"] {
                #expect(document["histograms"]?[key]?.arrayValue != nil, "\(key)")
            }

            let text = try await CommandRunner.run(["stats", "--pool", folder.pool.path])
            #expect(text.stdout.contains("ROUGE-L F to the most similar seed (2 non-seed records, mean 0.552)"), "\(text.stdout)")
            #expect(text.stdout.contains("defect flags: 1 cannot-do, 1 empty-output"))
        }
    }
}
