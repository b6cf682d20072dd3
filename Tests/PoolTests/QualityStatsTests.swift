import TestSupport
import Testing
@testable import Pool

/// The paper's Table 1 and the instance length histograms against a small pool counted by hand.
@Suite struct QualityStatsTests {
    /// Words: instructions 6, 6, 7, 6, 6; inputs "hot" 1, "up" 1, the cat sentence 9;
    /// outputs 1, 1, 1, 5, 3.
    private static let records = [
        PoolRecord(id: "s1", instruction: "Give the antonym of the word.",
                   instances: [Instance(input: "hot", output: "cold"), Instance(input: "up", output: "down")], isClassification: false, status: .seed),
        PoolRecord(id: "s2", instruction: "Is this sentence positive or negative?",
                   instances: [Instance(input: "", output: "Positive")], isClassification: true, status: .seed),
        PoolRecord(id: "a1", instruction: "Write a haiku about autumn leaves falling.",
                   instances: [Instance(input: "", output: "Red leaves drift down slowly")], status: .accepted),
        PoolRecord(id: "p1", instruction: "Summarize the paragraph in one sentence.",
                   instances: [Instance(input: "The cat sat on the mat all day long.", output: "A cat rested.")], isClassification: false, status: .pending),
        PoolRecord(id: "r1", instruction: "Draw a map of the city.", status: .rejected),
    ]

    @Test func tableOneAndLengthHistogramsMatchAHandCount() throws {
        try withTemporaryFolder { folder in
            let pool = try PoolFile(at: folder.pool)
            try pool.add(contentsOf: Self.records)
            let stats = PoolStats(pool)
            let seed = try #require(stats.figuresByStatus[.seed])
            #expect(PoolStats.tableValues(seed) == ["2", "1", "1", "0", "3", "1", "6.0", "1.0", "1.0"])
            #expect(PoolStats.tableValues(try #require(stats.figuresByStatus[.accepted])) == ["1", "0", "0", "1", "1", "1", "7.0", "–", "5.0"])
            #expect(PoolStats.tableValues(try #require(stats.figuresByStatus[.pending])) == ["1", "0", "1", "0", "1", "0", "6.0", "9.0", "3.0"])
            #expect(PoolStats.tableValues(try #require(stats.figuresByStatus[.rejected])) == ["1", "0", "0", "1", "0", "0", "6.0", "–", "–"])
            let total = stats.totalFigures
            #expect(total.tasks == 5 && total.classification == 1 && total.nonClassification == 2 && total.unclassified == 2)
            #expect(total.instances == 5 && total.emptyInputs == 2)
            #expect(total.meanInstructionWords == 31.0 / 5 && total.meanInputWords == 11.0 / 3 && total.meanOutputWords == 11.0 / 5)

            // Seed and accepted tasks only: inputs 1, 1; outputs 1, 1, 1, 5; instructions 6, 6, 7.
            #expect(stats.inputLength.map(\.label) == ["1–5", "6–10", "11–20", "21–50", "51–100", "101–200", "201–500", "501+"])
            #expect(stats.inputLength.map(\.count) == [2, 0, 0, 0, 0, 0, 0, 0])
            #expect(stats.outputLength.map(\.label).prefix(2) == ["0", "1–5"])
            #expect(stats.outputLength.map(\.count) == [0, 4, 0, 0, 0, 0, 0, 0, 0])
            #expect(stats.instructionLength[1] == PoolStats.Bin(label: "6–10", count: 3))
            #expect(stats.defects.first { $0.label == "cannot-do" }?.count == 1, "Draw a map")
            #expect(stats.defects.map(\.label) == DefectFlag.allCases.map(\.name))
            let row = try #require(stats.tableLines.first { $0.hasPrefix("mean words of non-empty input") })
            #expect(row.split(separator: " ").suffix(5) == ["1.0", "9.0", "–", "–", "3.7"], "seed, pending, accepted, rejected, total")
            #expect(stats.tableLines[0].split(separator: " ") == ["seed", "pending", "accepted", "rejected", "total"])
        }
    }

    @Test func theTableKeptUpToDateRecordByRecordEqualsAFreshCount() throws {
        try withTemporaryFolder { folder in
            let pool = try PoolFile(at: folder.pool)
            try pool.add(contentsOf: Self.records)
            var tally = PoolTally(pool.entries)
            for (id, change) in [("p1", RecordChange.instances([Instance(input: "", output: "")])), ("a1", .isClassification(true))] {
                let before = try #require(pool.entry(id))
                try pool.edit(id, change)
                tally.remove(before)
                tally.add(try #require(pool.entry(id)))
            }
            #expect(tally.stats == PoolStats(pool))
            #expect(tally.stats.defects.first { $0.label == "empty-output" }?.count == 1)
        }
    }
}
