import Foundation
import TestSupport
import Testing
@testable import Pool

/// Opening a pool reads no instances; their summaries are read when first asked for, and
/// agree with those of the records as written.
@Suite struct InstanceSummaryReadingTests {
    private let records = [
        PoolRecord(id: "a", instruction: "Describe the image.", instances: [Instance(input: "N/A", output: "")], status: .accepted),
        PoolRecord(id: "b", instruction: "Greet.", instances: [Instance(input: "Ann", output: "Hello, Ann."), Instance(input: "", output: "Hi")], status: .seed),
        PoolRecord(id: "c", instruction: "Name a colour.", status: .pending),
    ]

    @Test func entriesWrittenInASessionHaveTheirSummaryAndReopenedOnesGetItWhenAsked() throws {
        try withTemporaryFolder { folder in
            let pool = try PoolFile(at: folder.pool)
            let written = try pool.add(contentsOf: records)
            #expect(written.allSatisfy { $0.instanceSummary != nil })
            try pool.close()

            let reopened = try PoolFile(at: folder.pool, access: .readOnly)
            #expect(reopened.entries.allSatisfy { $0.instanceSummary == nil })
            #expect(PoolStats(reopened).unsummarized == 3)
            try reopened.summarizeInstances()
            #expect(reopened.entries.map(\.instanceSummary) == written.map(\.instanceSummary))
            #expect(reopened.entry("b")?.instanceSummary?.lengths == [.init(inputWords: 1, outputWords: 2), .init(inputWords: 0, outputWords: 1)])
            #expect(PoolStats(reopened).unsummarized == 0)
            #expect(PoolStats(reopened) == PoolStats(entries: written))
        }
    }

    @Test func aReaderOfTheFileSummarisesTheEntriesWhoseLinesStillHoldThem() throws {
        try withTemporaryFolder { folder in
            let pool = try PoolFile(at: folder.pool)
            try pool.add(contentsOf: records)
            try pool.close()
            let loaded = try PoolFile(at: folder.pool, access: .readOnly).entries

            // A later revision of "a" and a compaction move the lines the loaded entries point at.
            let writer = try PoolFile(at: folder.pool)
            try writer.decide("a", status: .rejected, why: .human())
            try writer.compact()
            try writer.close()

            let summarized = try PoolFile.summarizingInstances(of: loaded, poolAt: folder.pool.path)
            #expect(summarized.map(\.id) == ["a", "b", "c"])
            #expect(summarized[0].instanceSummary == nil, "a line that no longer holds the entry's revision gives no summary")
            #expect(summarized.allSatisfy { entry in
                entry.instanceSummary == nil || entry.instanceSummary == PoolEntry(summarizing: records.first { $0.id == entry.id }!, line: 1).instanceSummary
            })
        }
    }

    @Test func instanceObjectsThatAreNotInstancesCountWithoutWordsOrFlags() throws {
        let line = #"{"id":"x","instruction":"X","status":"seed","instances":[{"input":"a"},{"input":"b","output":"c","status":"maybe"},{"input":"d","output":""}]}"#
        try withTemporaryFolder { folder in
            try folder.write("pool.jsonl", line + "\n")
            let pool = try PoolFile(at: folder.pool, access: .readOnly)
            try pool.summarizeInstances()
            let summary = try #require(pool.entry("x")?.instanceSummary)
            #expect(summary.lengths == [.init(inputWords: 0, outputWords: 0), .init(inputWords: 0, outputWords: 0), .init(inputWords: 1, outputWords: 0)])
            #expect(summary.flags.flags == [.emptyOutput])
        }
    }
}
