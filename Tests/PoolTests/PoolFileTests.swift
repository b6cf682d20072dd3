import Foundation
import TestSupport
import Testing
@testable import Pool

@Suite struct PoolFileTests {
    @Test func fullRecordRoundTripsThroughReopen() throws {
        try withTemporaryFolder { folder in
            let time = Date(timeIntervalSince1970: 1_700_000_000)
            var record = PoolRecord(
                id: "r1-0", instruction: "Write a haiku about the first rain of autumn.",
                instances: [Instance(input: "", output: "Grey sky lets go\nfirst drops", status: .accepted)],
                isClassification: false, status: .accepted, why: .similarity(0.41, to: "Write a poem about the ocean."),
                mostSimilar: [SimilarInstruction(text: "Write a poem about the ocean.", score: 0.41), SimilarInstruction(text: "Compose a limerick.", score: 0.33)],
                avgSimilarityScore: 0.08, round: 1,
                provenance: Provenance(instructionGeneration: ModelCall(
                    endpoint: "http://127.0.0.1:8077/v1", model: "smollm2-135m", parameters: ["temperature": .number(0.7), "stop": .array([.string("\n\n")])],
                    demonstrationIDs: ["seed_task_1", "seed_task_9"], prompt: "Come up with a series of tasks:\n1. …\n9.",
                    rawCompletion: " Write a haiku about the first rain of autumn.\n10. …", finishReason: "stop",
                    usage: TokenUsage(promptTokens: 120, completionTokens: 40), requestedAt: time, completedAt: time.addingTimeInterval(2))))
            record.edits = [Edit(field: "instruction", before: .string("Write a haiku."), after: .string(record.instruction), at: time)]
            do {
                let pool = try PoolFile(at: folder.pool)
                try pool.add(record)
                try pool.close()
            }
            let reopened = try PoolFile(at: folder.pool, access: .readOnly)
            #expect(reopened.problems.isEmpty)
            #expect(try reopened.record("r1-0") == record)
            let entry = try #require(reopened.entry("r1-0"))
            #expect(entry.nearestSimilarity == 0.41)
            #expect(entry.instanceCount == 1)
            #expect(entry.why?.description == "similarity 0.41 to \"Write a poem about the ocean.\"")
        }
    }

    /// Parameters and edit values are open-ended JSON: integers must stay integers and
    /// doubles keep their shortest text when a record is read and written again.
    @Test func openEndedNumbersReadAndWriteTheSameBytes() throws {
        try withTemporaryFolder { folder in
            let parameters = #"{"max_tokens":1024,"stop":["\n\n"],"temperature":0.7,"top_p":0.5}"#
            let edit = #"{"after":2,"at":"2023-11-14T22:13:20.000Z","before":3,"field":"undo"}"#
            try folder.write("pool.jsonl", #"{"edits":["# + edit + #"],"format_version":1,"id":"a","instances":[],"instruction":"Do a.","#
                + #""provenance":{"instruction_generation":{"parameters":"# + parameters + #"}},"revision":1,"status":"accepted"}"# + "\n")
            let pool = try PoolFile(at: folder.pool)
            let record = try pool.record("a")
            #expect(record.provenance?.instructionGeneration?.parameters?["max_tokens"] == .number("1024"))
            #expect(record.provenance?.instructionGeneration?.parameters?["temperature"] == .number("0.7"))
            try pool.update("a") { $0.instruction = "Do a, again." }
            try pool.close()
            let lines = try folder.read("pool.jsonl").split(separator: "\n")
            #expect(lines.count == 2)
            #expect(lines[1].contains(#""parameters":"# + parameters))
            #expect(lines[1].contains(#""edits":["# + edit))
        }
    }

    @Test func linesAreSnakeCaseJSONWithUpstreamSimilarityNames() throws {
        try withTemporaryFolder { folder in
            let pool = try PoolFile(at: folder.pool)
            var record = Fixture.record("a")
            record.isClassification = true
            record.mostSimilar = [SimilarInstruction(text: "Other.", score: 0.5)]
            record.avgSimilarityScore = 0.1
            try pool.add(record)
            let line = try folder.read("pool.jsonl")
            let object = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
            #expect(Set(object.keys) == ["format_version", "id", "revision", "instruction", "instances", "is_classification", "status", "most_similar", "avg_similarity_score"])
            #expect((object["most_similar"] as? [String: Double]) == ["Other.": 0.5])
            #expect(line.hasSuffix("}\n") && line.filter { $0 == "\n" }.count == 1)
        }
    }

    @Test func latestRevisionWinsAfterReopen() throws {
        try withTemporaryFolder { folder in
            do {
                let pool = try PoolFile(at: folder.pool)
                try pool.add(Fixture.record("a", status: .pending))
                try pool.add(Fixture.record("b", status: .pending))
                try pool.decide("a", status: .rejected, why: .keyword("image"))
                try pool.decide("a", status: .accepted, why: .human(note: "fine after all"))
            }
            let pool = try PoolFile(at: folder.pool, access: .readOnly)
            #expect(pool.lineCount == 4)
            #expect(pool.entries.map(\.id) == ["a", "b"])
            let a = try pool.record("a")
            #expect(a.status == .accepted && a.revision == 3)
            #expect(a.why == .human(note: "fine after all"))
            #expect(a.edits.map(\.after) == [.string("rejected"), .string("accepted")])
        }
    }

    @Test func editsRecordBeforeAndAfter() throws {
        try withTemporaryFolder { folder in
            let pool = try PoolFile(at: folder.pool)
            try pool.add(Fixture.record("a", instances: [Instance(input: "x", output: "y"), Instance(input: "p", output: "q")]))
            try pool.edit("a", .instanceStatus(index: 1, .rejected))
            try pool.edit("a", .isClassification(true))
            let record = try pool.record("a")
            #expect(record.usableInstances == [Instance(input: "x", output: "y")])
            #expect(record.edits.map(\.field) == ["instances[1].status", "is_classification"])
            #expect(record.edits[1].before == .null && record.edits[1].after == .bool(true))
            #expect(throws: PoolError.self) { try pool.edit("a", .instanceStatus(index: 5, .accepted)) }
        }
    }

    @Test func addingATakenIdIsRefusedAndNothingIsWritten() throws {
        try withTemporaryFolder { folder in
            let pool = try PoolFile(at: folder.pool)
            try pool.add(Fixture.record("a"))
            let error = try #require(throws: PoolError.self) { try pool.add(contentsOf: [Fixture.record("b"), Fixture.record("a")]) }
            #expect(error.description.contains("already has a record with id 'a' (line 1)"))
            #expect(pool.lineCount == 1)
        }
    }

    @Test func secondWriterIsRefusedWithTheHoldersPidButReadersAreAllowed() throws {
        try withTemporaryFolder { folder in
            let writer = try PoolFile(at: folder.pool)
            try writer.add(Fixture.record("a"))
            let error = try #require(throws: PoolError.self) { try PoolFile(at: folder.pool) }
            #expect(error.isLockedByAnotherWriter)
            #expect(error.description.contains("process \(getpid())"))
            #expect(error.description.contains(folder.pool.path))
            let reader = try PoolFile(at: folder.pool, access: .readOnly)
            #expect(reader.entries.count == 1)
            #expect(throws: PoolError.self) { try reader.add(Fixture.record("b")) }
            try writer.close()
            _ = try PoolFile(at: folder.pool)
        }
    }

    @Test func compactionKeepsOnlyTheLatestRevisions() throws {
        try withTemporaryFolder { folder in
            let pool = try PoolFile(at: folder.pool)
            for id in ["a", "b", "c"] { try pool.add(Fixture.record(id, status: .pending)) }
            try pool.decide("b", status: .rejected, why: .length(words: 2))
            try pool.decide("a", status: .accepted, why: .human())
            let before = try ["a", "b", "c"].map { try pool.record($0) }
            let report = try pool.compact()
            #expect(report.linesBefore == 5 && report.linesAfter == 3)
            #expect(try ["a", "b", "c"].map { try pool.record($0) } == before)
            try pool.add(Fixture.record("d"))
            try pool.close()
            let reopened = try PoolFile(at: folder.pool, access: .readOnly)
            #expect(reopened.lineCount == 4)
            #expect(try reopened.record("b") == before[1])
            #expect(try folder.read("pool.jsonl").split(separator: "\n").count == 4)
        }
    }

    @Test func openingCompactsWhenMostLinesAreDeadRevisions() throws {
        try withTemporaryFolder { folder in
            do {
                let pool = try PoolFile(at: folder.pool)
                var record = Fixture.record("a", status: .pending)
                try pool.add(record)
                for index in 0..<1100 {
                    record.status = index.isMultiple(of: 2) ? .accepted : .rejected
                    try pool.revise(record)
                }
                #expect(pool.needsCompaction)
            }
            let pool = try PoolFile(at: folder.pool)
            #expect(pool.lineCount == 1)
            #expect(try pool.record("a").revision == 1101)
        }
    }

    @Test func newPoolIsCreatedFromSeedTaskText() throws {
        try withTemporaryFolder { folder in
            let seeds = """
            {"id": "s1", "name": "a", "instruction": "Give an antonym of the word.", "instances": [{"input": "hot", "output": "cold"}], "is_classification": false}
            {"id": "s2", "name": "b", "instruction": "Is the sentence positive or negative?", "instances": [{"input": "I love it.", "output": "Positive"}], "is_classification": true}

            """
            let pool = try PoolFile(at: folder.pool, seedTasksIfNew: seeds)
            #expect(pool.entries.map(\.id) == ["s1", "s2"])
            #expect(pool.entries.allSatisfy { $0.status == .seed })
            try pool.close()
            // An existing pool is left alone.
            let again = try PoolFile(at: folder.pool, seedTasksIfNew: seeds)
            #expect(again.lineCount == 2)
        }
    }

    @Test func readOnlyOpenOfAMissingPoolSaysHowToCreateOne() throws {
        try withTemporaryFolder { folder in
            let error = try #require(throws: PoolError.self) { try PoolFile(at: folder.pool, access: .readOnly) }
            #expect(error.description.contains("no such pool"))
        }
    }
}
