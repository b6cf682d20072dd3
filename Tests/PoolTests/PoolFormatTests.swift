import Foundation
import TestSupport
import Testing
@testable import Pool

/// The record format over time: instance reasons, `most_similar` order on disk, and lines
/// written by older or newer versions.
@Suite struct PoolFormatTests {
    static let reasons = InstanceReasons(
        task: InstanceReasons.Reason(name: "all-dropped", detail: "every parsed instance was dropped (1 duplicate, 1 empty-output)"),
        dropped: [
            InstanceReasons.Dropped(input: "a", output: "", reason: InstanceReasons.Reason(name: "empty-output", detail: "empty output")),
            InstanceReasons.Dropped(input: "b", output: "x", reason: InstanceReasons.Reason(name: "duplicate", detail: "duplicate of an earlier instance")),
        ])

    @Test func instanceReasonsSurviveReopenCompactionAndImport() throws {
        try withTemporaryFolder { folder in
            var record = Fixture.record("a", instances: [])
            record.instancesWhy = Self.reasons
            do {
                let pool = try PoolFile(at: folder.pool)
                try pool.add(record)
                try pool.decide("a", status: .accepted, why: .human(note: nil))
                try pool.compact()
                try pool.close()
            }
            let reopened = try PoolFile(at: folder.pool, access: .readOnly)
            #expect(reopened.problems.isEmpty)
            #expect(try reopened.record("a").instancesWhy == Self.reasons)
            #expect(reopened.entry("a")?.instancesWhy == "all-dropped")
            #expect(reopened.entry("a")?.droppedInstances == ["empty-output": 1, "duplicate": 1])

            let other = try PoolFile(at: folder.file("other.jsonl"))
            let report = try other.importFile(folder.pool)
            #expect(report.added == 1 && report.problems.isEmpty)
            #expect(try other.record("a").instancesWhy == Self.reasons)
        }
    }

    @Test func statsCountTasksWithoutInstancesAndDroppedInstancesByReason() throws {
        try withTemporaryFolder { folder in
            let pool = try PoolFile(at: folder.pool)
            var none = Fixture.record("a", instances: [])
            none.instancesWhy = Self.reasons
            var conflicting = Fixture.record("b", instances: [])
            conflicting.instancesWhy = InstanceReasons(task: InstanceReasons.Reason(name: "conflicting-outputs", detail: "…"))
            var some = Fixture.record("c")
            some.instancesWhy = InstanceReasons(dropped: [Self.reasons.dropped[1]])
            try pool.add(contentsOf: [none, conflicting, some, Fixture.record("d")])
            let stats = PoolStats(pool)
            #expect(stats.noInstancesByReason == ["all-dropped": 1, "conflicting-outputs": 1])
            #expect(stats.droppedInstancesByReason == ["duplicate": 2, "empty-output": 1])
            #expect(stats.text.contains("\ntasks without instances by reason: 1 all-dropped, 1 conflicting-outputs\n"))
            #expect(stats.text.contains("\ninstances dropped by reason: 2 duplicate, 1 empty-output\n"))
        }
    }

    @Test func versionOneLinesWithoutInstanceReasonsStillLoad() throws {
        try withTemporaryFolder { folder in
            try folder.write("pool.jsonl", #"{"format_version":1,"id":"a","instances":[],"instruction":"Do a.","most_similar":{"b":0.2,"c":0.5},"revision":1,"status":"accepted"}"# + "\n")
            let pool = try PoolFile(at: folder.pool)
            #expect(pool.problems.isEmpty)
            let record = try pool.record("a")
            #expect(record.instancesWhy == nil && record.formatVersion == 1)
            #expect(record.mostSimilar.map(\.text) == ["c", "b"])
            try pool.decide("a", status: .rejected, why: .human(note: nil))
            #expect(try pool.record("a").formatVersion == PoolRecord.currentFormatVersion)
        }
    }

    @Test func mostSimilarIsWrittenFromTheHighestScoreDown() throws {
        try withTemporaryFolder { folder in
            let pool = try PoolFile(at: folder.pool)
            var record = Fixture.record("a")
            record.mostSimilar = [
                SimilarInstruction(text: "Zebra \"quoted\" / slash", score: 0.61),
                SimilarInstruction(text: "Apple\nnewline", score: 0.30000000000000004),
                SimilarInstruction(text: "Middle", score: 0.3),
                SimilarInstruction(text: "Ünïcode", score: 0.1),
            ]
            record.provenance = Provenance(importedFrom: ImportSource(file: "f", position: 1, format: "x"))
            try pool.add(record)
            try pool.close()
            let line = try folder.read("pool.jsonl")
            #expect(line.contains(#""most_similar":{"Zebra \"quoted\" / slash":0.61,"Apple\nnewline":0.30000000000000004,"Middle":0.3,"Ünïcode":0.1},"#))
            // The rest stays in sorted key order, and the fast open path still reads the line.
            #expect(line.range(of: #""instruction""#)!.lowerBound < line.range(of: #""most_similar""#)!.lowerBound)
            #expect(line.range(of: #""most_similar""#)!.lowerBound < line.range(of: #""provenance""#)!.lowerBound)
            let reopened = try PoolFile(at: folder.pool, access: .readOnly)
            #expect(reopened.problems.isEmpty)
            #expect(reopened.entry("a")?.nearestSimilarity == 0.61)
            #expect(try reopened.record("a") == { var r = record; r.formatVersion = PoolRecord.currentFormatVersion; return r }())
        }
    }

    @Test func writerRefusesAPoolWithALineFromANewerVersionAndLeavesItIntact() throws {
        try withTemporaryFolder { folder in
            let newer = #"{"format_version":99,"id":"b","instances":[],"instruction":"Do b.","revision":1,"shiny_new_field":1,"status":"accepted"}"#
            let text = Fixture.line("a") + "\n" + newer + "\n" + Fixture.line("c") + "\n"
            try folder.write("pool.jsonl", text)
            #expect {
                try PoolFile(at: folder.pool)
            } throws: { error in
                "\(error)".hasPrefix("\(folder.pool.path):2: written by a newer selfinstruct (format 99 > \(PoolRecord.currentFormatVersion)); upgrade")
            }
            #expect(try folder.read("pool.jsonl") == text)
            #expect(!FileManager.default.fileExists(atPath: folder.pool.path + ".quarantine"))

            let reader = try PoolFile(at: folder.pool, access: .readOnly)
            #expect(reader.entries.map(\.id) == ["a", "c"])
            #expect(reader.problems.map(\.description) == [
                "\(folder.pool.path):2: newer format: written by a newer selfinstruct (format 99 > \(PoolRecord.currentFormatVersion)); upgrade selfinstruct to read it",
            ])
        }
    }

    @Test func aNewerLastLineIsNotTakenForATornOne() throws {
        try withTemporaryFolder { folder in
            let newer = #"{"format_version":\#(PoolRecord.currentFormatVersion + 1),"id":"b","instances":[],"instruction":"Do b.","revision":1,"status":"accepted"}"#
            try folder.write("pool.jsonl", Fixture.line("a") + "\n" + newer)
            let reader = try PoolFile(at: folder.pool, access: .readOnly)
            #expect(reader.problems.map(\.kind) == [.newerFormat])
        }
    }

    @Test func importReportsLinesFromANewerVersion() throws {
        try withTemporaryFolder { folder in
            let file = try folder.write("in.jsonl", #"{"format_version":7,"id":"b","instances":[],"instruction":"Do b.","revision":1,"status":"accepted"}"# + "\n")
            let batch = try UpstreamFormats.read(contentsOf: file)
            #expect(batch.records.isEmpty)
            #expect(batch.problems.map(\.message) == ["written by a newer selfinstruct (format 7 > \(PoolRecord.currentFormatVersion)); upgrade selfinstruct to read it"])
        }
    }
}
