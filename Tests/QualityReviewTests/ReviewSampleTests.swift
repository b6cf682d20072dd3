import Foundation
import Pool
import QualityReview
import Testing
import TestSupport

/// A pool with every kind of record a sample must tell apart: seeds, accepted tasks with and
/// without instances, pending and rejected ones.
enum ReviewPool {
    static func make(in folder: TemporaryFolder, accepted: Int = 6) throws -> PoolFile {
        let pool = try PoolFile(at: folder.pool)
        var records = [
            PoolRecord(id: "seed_task_0", instruction: "Write a poem about the ocean.",
                       instances: [Instance(input: "", output: "The sea is wide.")], status: .seed),
            PoolRecord(id: "r1-0-9", instruction: "Name a colour.", instances: [], status: .accepted),
            PoolRecord(id: "r1-0-8", instruction: "Name a fruit.", instances: [Instance(input: "", output: "Apple")], status: .pending),
            PoolRecord(id: "r1-0-7", instruction: "Name a tree.", instances: [Instance(input: "", output: "Oak")], status: .rejected),
        ]
        records += (0..<accepted).map { index in
            PoolRecord(id: "r2-0-\(index)", instruction: "Task number \(index).",
                       instances: (0...index % 3).map { Instance(input: "input \(index).\($0)", output: "output \(index).\($0)") },
                       status: .accepted)
        }
        _ = try pool.add(contentsOf: records)
        return pool
    }
}

@Suite struct ReviewSampleTests {
    @Test func drawsOnlyAcceptedTasksWithInstancesNeverSeeds() throws {
        try withTemporaryFolder { folder in
            let pool = try ReviewPool.make(in: folder)
            let sample = try ReviewSample.draw(from: pool, size: 200, seed: 7, time: "t")
            #expect(sample.eligible == 6)
            #expect(Set(sample.items.map(\.recordID)) == Set((0..<6).map { "r2-0-\($0)" }))
            #expect(sample.items.map(\.number) == Array(0..<6))
            for item in sample.items {
                let record = try pool.record(item.recordID)
                #expect(record.instances.indices.contains(item.instance))
                #expect(item.input == record.instances[item.instance].input)
                #expect(item.output == record.instances[item.instance].output)
                #expect(item.instruction == record.instruction)
            }
        }
    }

    @Test func theSameSeedDrawsTheSameSampleAndAnotherSeedAnother() {
        let candidates = (0..<50).map { ReviewSample.Candidate(recordID: "r\($0)", instances: 5) }
        let first = ReviewSample.choose(from: candidates, size: 10, seed: 1)
        #expect(first == ReviewSample.choose(from: candidates, size: 10, seed: 1))
        #expect(first != ReviewSample.choose(from: candidates, size: 10, seed: 2))
        #expect(first.count == 10)
        #expect(Set(first.map(\.recordID)).count == 10)
        #expect(first.allSatisfy { (0..<5).contains($0.instance) })
    }

    @Test func aStoredSampleStaysWhenRecordsAreAddedLater() throws {
        try withTemporaryFolder { folder in
            let pool = try ReviewPool.make(in: folder, accepted: 4)
            let file = ReviewFile(besidePool: folder.pool.path)
            #expect(file.path == folder.file("pool.review.jsonl").path)
            let stored = try file.store(try ReviewSample.draw(from: pool, size: 3, seed: 5, time: "t"))
            _ = try pool.add(contentsOf: (10..<40).map {
                PoolRecord(id: "r3-0-\($0)", instruction: "Later task \($0).", instances: [Instance(input: "", output: "x")], status: .accepted)
            })
            let redrawn = try ReviewSample.draw(from: pool, size: 3, seed: 5, time: "later")
            #expect(redrawn.items != stored.items)
            // Storing again keeps the first sample: the file holds it, whole.
            #expect(try file.store(redrawn) == stored)
            let loaded = try file.load()
            #expect(loaded.sample == stored)
            #expect(loaded.problems.isEmpty)
            let lines = try folder.read("pool.review.jsonl").split(separator: "\n")
            #expect(lines.count == 4)
            #expect(lines[0].hasPrefix(#"{"type": "sample", "seed": 5, "requested": 3, "eligible": 4, "items": 3"#))
        }
    }

    @Test func answersAreAppendedAndABadLineIsReportedWhereItIs() throws {
        try withTemporaryFolder { folder in
            let pool = try ReviewPool.make(in: folder, accepted: 2)
            let file = ReviewFile(besidePool: folder.pool.path)
            let sample = try file.store(try ReviewSample.draw(from: pool, size: 2, seed: 1, time: "t"))
            try file.append(ReviewAnswer(reviewer: "ann", item: 0, recordID: sample.items[0].recordID, question: .instruction, answer: true, time: "t1"))
            try "{not json\n".appendOrCreate(at: file.path)
            try ReviewFile(besidePool: folder.pool.path).append(
                ReviewAnswer(reviewer: "ann", item: 1, recordID: sample.items[1].recordID, question: .output, answer: nil, time: "t2"))
            let loaded = try ReviewFile(besidePool: folder.pool.path).load()
            #expect(loaded.answers.map(\.item) == [0, 1])
            #expect(loaded.answers[0].answer == true)
            #expect(loaded.answers[1].answer == nil)
            #expect(loaded.problems.map(\.location) == ["\(file.path):5"])
            let text = try folder.read("pool.review.jsonl")
            #expect(text.contains(#"{"type": "answer", "reviewer": "ann", "item": 1, "id": "\#(sample.items[1].recordID)", "question": "output", "answer": null, "time": "t2"}"#))
        }
    }

    @Test func aSampleCutShortIsReportedAndItsItemsStillCount() throws {
        try withTemporaryFolder { folder in
            let pool = try ReviewPool.make(in: folder, accepted: 4)
            let file = ReviewFile(besidePool: folder.pool.path)
            _ = try file.store(try ReviewSample.draw(from: pool, size: 3, seed: 5, time: "t"))
            let lines = try folder.read("pool.review.jsonl").split(separator: "\n")
            try folder.write("pool.review.jsonl", lines.dropLast().joined(separator: "\n") + "\n" + lines.last!.prefix(20))
            let loaded = try file.load()
            #expect(loaded.sample?.items.count == 2)
            #expect(loaded.problems.map(\.location) == ["\(file.path):4", "\(file.path):1"])
            #expect(loaded.problems.last?.message == "the sample has 3 items but 2 were read; the review goes on with those")
        }
    }
}

extension String {
    /// Appends the text to the file at `path`, as a person or a crash might.
    func appendOrCreate(at path: String) throws {
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: path))
        defer { try? handle.close() }
        try handle.seekToEnd()
        try handle.write(contentsOf: Data(utf8))
    }
}
