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
        try withTemporaryFolder { folder in
            try folder.write("pool.jsonl", lines.joined(separator: "\n") + "\n")
            let pool = try PoolFile(at: folder.pool)
            #expect(pool.entries.map(\.id) == ["a", "b", "c"])
            #expect(throws: PoolError.self) { try pool.record("a") }

            #expect(try pool.repairUnreadableRevision("a") == RecordRepair(dropped: ["provenance"]))
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
            #expect(try pool.repairUnreadableRevision("c").isEmpty)
            #expect(throws: PoolError.self) { try pool.repairUnreadableRevision("b") }
            #expect(pool.entry("b")?.revision == 1)
            #expect(try folder.read("pool.jsonl.quarantine") == quarantine)
            try pool.close()

            let reopened = try PoolFile(at: folder.pool, access: .readOnly)
            #expect(try reopened.record("a").revision == 2)
            #expect(reopened.problems.isEmpty)
        }
    }
}

/// A pool line with every stored field filled, and the same line with invalid UTF-8 (the
/// bytes C3 28, an unfinished two-byte sequence) in place of one string of it.
enum InvalidUTF8Fixture {
    /// Each string of `line` by the field it sits in: the top-level key a repair names.
    static let fields: [(marker: String, field: String)] = [
        ("ID", "id"), ("NAME", "name"), ("INSTRUCTION", "instruction"), ("INPUT", "instances"), ("OUTPUT", "instances"),
        ("TASKDETAIL", "instances_why"), ("DROPPEDINPUT", "instances_why"), ("NEIGHBOUR", "why"), ("NOTE", "why"),
        ("SIMILAR", "most_similar"), ("COMPLETION", "provenance"), ("BEFORE", "edits"), ("AFTER", "edits"),
    ]

    /// A record line whose strings are the markers, each made unique by `id`.
    static func line(_ id: String) -> String {
        let text = #"{"format_version":2,"id":"ID","revision":1,"name":"NAME","instruction":"INSTRUCTION","instances":[{"input":"INPUT","output":"OUTPUT","status":"accepted"}],"instances_why":{"task":{"name":"none-parsed","detail":"TASKDETAIL"},"dropped":[{"input":"DROPPEDINPUT","output":"o","reason":{"name":"duplicate","detail":"d"}}]},"is_classification":false,"status":"rejected","why":{"kind":"similarity","value":0.8,"neighbour":"NEIGHBOUR","note":"NOTE"},"most_similar":{"SIMILAR":0.8},"avg_similarity_score":0.1,"round":1,"provenance":{"instruction_generation":{"raw_completion":"COMPLETION"}},"edits":[{"field":"instruction","before":"BEFORE","after":"AFTER","at":"2025-01-01T00:00:00.000Z"}]}"#
        return fields.reduce(text) { $0.replacingOccurrences(of: "\"\($1.marker)", with: "\"\($1.marker)-\(id)") }
    }

    /// `line(id)` with invalid UTF-8 in the string that starts with `marker`.
    static func corrupted(_ id: String, at marker: String) -> [UInt8] {
        let text = line(id)
        let range = text.range(of: "\"\(marker)-\(id)")!
        return Array(text[..<range.upperBound].utf8) + [0xC3, 0x28] + Array(text[range.upperBound...].utf8)
    }
}

@Suite struct InvalidUTF8RepairTests {
    @Test(arguments: InvalidUTF8Fixture.fields.map(\.marker))
    func invalidUTF8InAnyStoredFieldIsRepairedKeepingTheRecordTheLineAndTheBytes(marker: String) throws {
        let field = InvalidUTF8Fixture.fields.first { $0.marker == marker }!.field
        try withTemporaryFolder { folder in
            let corrupted = InvalidUTF8Fixture.corrupted("x", at: marker)
            try folder.write("pool.jsonl", Array((Fixture.line("a") + "\n").utf8) + corrupted + Array(("\n" + Fixture.line("b") + "\n").utf8))
            let id = marker == "ID" ? "ID-x\u{FFFD}(" : "ID-x"

            // Opening for writing salvages a line that does not load; a repair, one that
            // loads but does not read whole.
            let pool = try PoolFile(at: folder.pool)
            #expect(try !pool.repairUnreadableRevision(id).dropped.contains(field))
            var read: [PoolRecord] = []
            try pool.forEachRecord { read.append($0) }
            #expect(Set(read.map(\.id)) == ["a", "b", id])
            let record = try pool.record(id)
            let edit = try #require(record.edits.last)
            #expect(edit.field == field)
            #expect(edit.before.jsonText.contains(#"\\xC3("#))
            #expect(edit.after.jsonText.contains("\u{FFFD}("))
            #expect(record.edits.count == 2, "the earlier history is kept")
            try pool.close()

            let quarantine = Array(try Data(contentsOf: folder.file("pool.jsonl.quarantine")))
            #expect(quarantine.firstRange(of: corrupted) != nil, "the original line is kept byte for byte")
            let reopened = try PoolFile(at: folder.pool, access: .readOnly)
            #expect(reopened.problems.isEmpty)
            try reopened.forEachRecord { _ in }
        }
    }

    @Test func aLineThatIsNotTheLatestRevisionIsOnlyQuarantined() throws {
        let older = InvalidUTF8Fixture.corrupted("x", at: "INSTRUCTION")
        let newer = InvalidUTF8Fixture.line("x").replacingOccurrences(of: #""revision":1"#, with: #""revision":2"#)
        try withTemporaryFolder { folder in
            try folder.write("pool.jsonl", older + Array(("\n" + newer + "\n").utf8))
            let pool = try PoolFile(at: folder.pool)
            #expect(pool.entries.map(\.revision) == [2])
            #expect(try pool.record("ID-x").instruction == "INSTRUCTION-x")
            #expect(pool.problems.map(\.message) == ["not valid UTF-8 (byte 89 of the line)"])
        }
    }
}
