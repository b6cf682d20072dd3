import Foundation
import TestSupport
import Testing
@testable import Pool

@Suite struct PoolFaultTests {
    @Test func tornLastLineIsQuarantinedAndTheFileCutBack() throws {
        try withTemporaryFolder { folder in
            let torn = "{\"id\":\"c\",\"revision\":1,\"instru"
            try folder.write("pool.jsonl", Fixture.line("a") + "\n" + Fixture.line("b") + "\n" + torn)
            let pool = try PoolFile(at: folder.pool)
            #expect(pool.entries.map(\.id) == ["a", "b"])
            let problem = try #require(pool.problems.first)
            #expect(pool.problems.count == 1)
            #expect(problem.kind == .tornLastLine && problem.line == 3)
            #expect(problem.description.hasPrefix("\(folder.pool.path):3: torn last line"))
            #expect(problem.quarantinedTo == folder.pool.path + ".quarantine")
            #expect(try folder.read("pool.jsonl.quarantine").contains("\n" + torn + "\n"))
            try pool.add(Fixture.record("d"))
            try pool.close()
            let reopened = try PoolFile(at: folder.pool)
            #expect(reopened.problems.isEmpty)
            #expect(reopened.entries.map(\.id) == ["a", "b", "d"])
        }
    }

    @Test func readOnlyOpenReportsATornEndWithoutTouchingTheFile() throws {
        try withTemporaryFolder { folder in
            let text = Fixture.line("a") + "\n{\"id\":"
            try folder.write("pool.jsonl", text)
            let pool = try PoolFile(at: folder.pool, access: .readOnly)
            #expect(pool.entries.count == 1)
            #expect(pool.problems.map(\.kind) == [.tornLastLine])
            #expect(try folder.read("pool.jsonl") == text)
            #expect(!FileManager.default.fileExists(atPath: folder.pool.path + ".quarantine"))
        }
    }

    @Test func malformedMiddleLineIsReportedWithItsLineNumberAndEveryOtherRecordLoads() throws {
        try withTemporaryFolder { folder in
            let bad = "{\"id\": \"x\", \"instruction\": 42, \"status\": \"accepted\"}"
            try folder.write("pool.jsonl", [Fixture.line("a"), bad, Fixture.line("b"), "{not json", Fixture.line("c")].joined(separator: "\n") + "\n")
            let reader = try PoolFile(at: folder.pool, access: .readOnly)
            #expect(reader.entries.map(\.id) == ["a", "b", "c"])
            #expect(reader.problems.map(\.line) == [2, 4])
            #expect(reader.problems[0].description == "\(folder.pool.path):2: malformed line: 'instruction' has the wrong type (expected String)")
            #expect(reader.problems[1].message.hasPrefix("not valid JSON"))

            let writer = try PoolFile(at: folder.pool)
            #expect(writer.entries.map(\.id) == ["a", "b", "c"])
            #expect(writer.problems.allSatisfy { $0.quarantinedTo != nil })
            let quarantine = try folder.read("pool.jsonl.quarantine")
            #expect(quarantine.contains(bad) && quarantine.contains("{not json") && quarantine.contains("pool.jsonl:2: malformed line"))
            #expect(try folder.read("pool.jsonl").split(separator: "\n").count == 3)
        }
    }

    @Test func missingKeysAreNamed() throws {
        try withTemporaryFolder { folder in
            try folder.write("pool.jsonl", "{\"id\":\"a\",\"status\":\"seed\"}\n" + Fixture.line("b") + "\n")
            let pool = try PoolFile(at: folder.pool, access: .readOnly)
            #expect(pool.problems.map(\.message) == ["missing key 'instruction'"])
        }
    }

    @Test func byteOrderMarkAndCRLFLineEndsAreAccepted() throws {
        try withTemporaryFolder { folder in
            try folder.write("pool.jsonl", [0xEF, 0xBB, 0xBF] + Array((Fixture.line("a") + "\r\n" + Fixture.line("b") + "\r\n").utf8))
            let pool = try PoolFile(at: folder.pool)
            #expect(pool.problems.isEmpty)
            #expect(pool.entries.map(\.id) == ["a", "b"])
            #expect(try pool.record("a").instruction == "Do a.")
            try pool.decide("a", status: .rejected, why: .human())
            #expect(try pool.record("a").status == .rejected)
        }
    }

    @Test func invalidUTF8IsReportedAsSuch() throws {
        try withTemporaryFolder { folder in
            let bad = Array("{\"id\":\"x\",\"instruction\":\"caf".utf8) + [0xC3, 0x28] + Array("\",\"status\":\"seed\"}".utf8)
            try folder.write("pool.jsonl", Array((Fixture.line("a") + "\n").utf8) + bad + Array(("\n" + Fixture.line("b") + "\n").utf8))
            let pool = try PoolFile(at: folder.pool, access: .readOnly)
            #expect(pool.entries.map(\.id) == ["a", "b"])
            #expect(pool.problems.count == 1)
            #expect(pool.problems.first?.message.hasPrefix("not valid UTF-8 (byte 28 of the line)") == true, "\(pool.problems)")
        }
    }

    @Test func tenMegabyteLineLoadsAndReadsBack() throws {
        try withTemporaryFolder { folder in
            let huge = String(repeating: "0123456789", count: 1_000_000)
            do {
                let pool = try PoolFile(at: folder.pool)
                try pool.add(Fixture.record("a"))
                var record = Fixture.record("big")
                record.provenance = Provenance(instructionGeneration: ModelCall(rawCompletion: huge))
                try pool.add(record)
                try pool.add(Fixture.record("c"))
            }
            let pool = try PoolFile(at: folder.pool, access: .readOnly)
            #expect(pool.problems.isEmpty)
            #expect(pool.entries.map(\.id) == ["a", "big", "c"])
            #expect(try pool.record("big").provenance?.instructionGeneration?.rawCompletion == huge)
        }
    }

    @Test func emptyFileOpensAsAnEmptyPool() throws {
        try withTemporaryFolder { folder in
            try folder.write("pool.jsonl", "")
            let pool = try PoolFile(at: folder.pool)
            #expect(pool.entries.isEmpty && pool.problems.isEmpty)
            try pool.add(Fixture.record("a"))
            #expect(try folder.read("pool.jsonl").hasSuffix("}\n"))
        }
    }

    @Test func duplicateIdsOutOfRevisionOrderAreReportedAndTheLaterLineWins() throws {
        try withTemporaryFolder { folder in
            try folder.write("pool.jsonl", [Fixture.line("a", revision: 2), Fixture.line("b"), Fixture.line("a", revision: 1, status: .rejected)].joined(separator: "\n") + "\n")
            let pool = try PoolFile(at: folder.pool)
            #expect(pool.entries.count == 2)
            #expect(pool.entry("a")?.status == .rejected)
            #expect(pool.problems.map(\.kind) == [.revisionOrder])
            #expect(pool.problems.first?.description == "\(folder.pool.path):3: revision order: id 'a' has revision 1 here after revision 2 at line 1; the later line wins")
            let next = try pool.decide("a", status: .accepted, why: .human())
            #expect(next.revision == 2)
        }
    }

    @Test func readableLastLineWithoutNewlineIsKeptAndTerminated() throws {
        try withTemporaryFolder { folder in
            try folder.write("pool.jsonl", Fixture.line("a") + "\n" + Fixture.line("b"))
            let pool = try PoolFile(at: folder.pool)
            #expect(pool.problems.isEmpty && pool.entries.count == 2)
            try pool.add(Fixture.record("c"))
            try pool.close()
            #expect(try PoolFile(at: folder.pool, access: .readOnly).entries.map(\.id) == ["a", "b", "c"])
        }
    }

    @Test func blankLinesAreSkipped() throws {
        try withTemporaryFolder { folder in
            try folder.write("pool.jsonl", Fixture.line("a") + "\n\n  \n" + Fixture.line("b") + "\n")
            let pool = try PoolFile(at: folder.pool, access: .readOnly)
            #expect(pool.problems.isEmpty && pool.entries.map(\.line) == [1, 4])
        }
    }
}

@Suite struct PoolCompactionFaultTests {
    @Test func aCompactionThatFailsMidwayLeavesThePoolAsItWasAndNoTemporaryFile() throws {
        try withTemporaryPool(lines: [Fixture.line("a"), Fixture.line("b"), Fixture.line("c")]) { folder in
            let pool = try PoolFile(at: folder.pool)
            // Another program cuts the file short: the compaction cannot read record c.
            let cut = Array(try folder.read("pool.jsonl").utf8.prefix(Fixture.line("a").utf8.count + 10))
            try Data(cut).write(to: folder.pool)
            let error = try #require(throws: PoolError.self) { try pool.compact() }
            #expect(error.description.contains("the file ended early"))
            #expect(try Array(Data(contentsOf: folder.pool)) == cut)
            #expect(try folder.fileNames() == ["pool.jsonl", "pool.jsonl.lock"])
        }
    }
}
