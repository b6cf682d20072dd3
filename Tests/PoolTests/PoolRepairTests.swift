import Foundation
import JSONLines
import TestSupport
import Testing
@testable import Pool

@Suite struct PoolRepairTests {
    private let lines = [
        #"{"id":"a","instruction":"Do a.","instances":[{"input":"","output":"x"}],"status":"accepted","provenance":{"instruction_generation":5}}"#,
        #"{"id":"b","instruction":"Do b.","instances":[5],"status":"accepted","provenance":{"instruction_generation":5}}"#,
        #"{"id":"c","instruction":"Do c.","instances":[],"status":"seed"}"#,
    ]

    @Test func aRecordWithUnreadableProvenanceIsRewrittenWithoutItAndNothingIsLost() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        try folder.write("pool.jsonl", lines.joined(separator: "\n") + "\n")
        let pool = try PoolFile(at: folder.pool)
        #expect(pool.entries.map(\.id) == ["a", "b", "c"])
        #expect(throws: PoolError.self) { try pool.record("a") }

        #expect(try pool.repairUnreadableRevision("a") == ["provenance"])
        let repaired = try pool.record("a")
        #expect(repaired.revision == 2 && repaired.instruction == "Do a." && repaired.instances.count == 1)
        #expect(repaired.provenance == nil)
        #expect(repaired.edits.last?.field == "provenance")
        #expect(repaired.edits.last?.before == .object(["instruction_generation": .number(5)]))
        let quarantine = try folder.read("pool.jsonl.quarantine")
        #expect(quarantine.contains(lines[0]))
        #expect(quarantine.contains("rewritten without provenance"))

        // A record that reads whole is left alone; one that does not read even without its
        // provenance is reported and left as it is.
        #expect(try pool.repairUnreadableRevision("c") == [])
        #expect(throws: PoolError.self) { try pool.repairUnreadableRevision("b") }
        #expect(pool.entry("b")?.revision == 1)
        #expect(try folder.read("pool.jsonl.quarantine") == quarantine)
        try pool.close()

        let reopened = try PoolFile(at: folder.pool, access: .readOnly)
        #expect(try reopened.record("a").revision == 2)
        #expect(reopened.problems.isEmpty)
    }
}
