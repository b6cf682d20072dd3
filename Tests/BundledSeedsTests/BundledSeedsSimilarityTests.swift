import BundledSeeds
import JSONLines
import Similarity
import TestSupport
import Testing

@Suite struct BundledSeedsSimilarityTests {
    private func instructions(_ jsonLines: String) throws -> [String] {
        try jsonLines.split(separator: "\n").map { line in
            try #require(try JSONParser.parse(line)["instruction"]?.stringValue)
        }
    }

    @Test func noBundledSeedIsANearDuplicateOfAnotherOrOfThePapersSeeds() throws {
        let bundled = try instructions(BundledSeeds.jsonLines)
        let paper = try SharedData.jsonLines("data/seed_tasks.jsonl").map { line in
            try #require(try JSONParser.parse(line)["instruction"]?.stringValue)
        }
        #expect(paper.count == 175)
        let index = NearestNeighbourIndex()
        for (i, text) in paper.enumerated() { index.add(text, id: "paper:\(i + 1)") }
        for (i, text) in bundled.enumerated() { index.add(text, id: "\(BundledSeeds.sourceName):\(i + 1)") }
        for (i, text) in bundled.enumerated() {
            // Every bundled seed against every other instruction, itself excluded.
            let nearest = index.search(text, k: 2).neighbours.first { $0.index != paper.count + i }
            let score = try #require(nearest).fmeasure
            #expect(score <= 0.7, "\(BundledSeeds.sourceName):\(i + 1) \"\(text)\" is \(score) from \"\(nearest!.text)\"")
        }
    }
}
