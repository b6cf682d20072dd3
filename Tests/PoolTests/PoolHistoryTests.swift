import Foundation
import TestSupport
import Testing
@testable import Pool

/// Undo and redo by a person's action, written to the pool file and rebuilt from it: every
/// test reads back what landed in the file.
@Suite struct PoolHistoryTests {
    /// Fifteen records a bulk decision can change: pending ones without a reason, and
    /// rejected ones with the filter's reason.
    private static func fifteen() -> [PoolRecord] {
        (0..<15).map { n in
            var record = Fixture.record("r3-\(n)", status: n % 3 == 0 ? .rejected : .pending)
            if n % 3 == 0 { record.why = .keyword("image") }
            return record
        }
    }

    private static let ids = fifteen().map(\.id)

    /// The records as a fresh read of the file has them.
    private static func reread(_ url: URL) throws -> [String: PoolRecord] {
        let pool = try PoolFile(at: url, access: .readOnly)
        return try Dictionary(uniqueKeysWithValues: pool.entries.map { ($0.id, try pool.record($0.id)) })
    }

    @Test func aBulkDecisionIsOneActionAndOneUndoRestoresEveryRecord() throws {
        try withTemporaryFolder { folder in
            let pool = try PoolFile(at: folder.pool)
            defer { try? pool.close() }
            try pool.add(contentsOf: Self.fifteen())
            try pool.decide(Self.ids, status: .accepted, why: .human(note: "bulk accept"))
            #expect(pool.undoableActions.map(\.name) == ["accept 15 records"])
            #expect(pool.undoableActions.first?.recordIDs == Self.ids)

            let step = try #require(try pool.undoLastAction())
            #expect(step.action.name == "accept 15 records" && step.records.count == 15)
            #expect(pool.undoableActions.isEmpty && pool.redoableActions.map(\.name) == ["accept 15 records"])
            #expect(try pool.undoLastAction() == nil)

            let onDisk = try Self.reread(folder.pool)
            for original in Self.fifteen() {
                let record = try #require(onDisk[original.id])
                #expect(record.status == original.status && record.why == original.why, "\(original.id)")
                #expect(record.revision == 3 && record.restores == 1)
                #expect(record.edits.map(\.field) == ["undo"])
                #expect(record.action?.undoes == step.action.id)
            }
            // One line per record for the action, one per record for its undo.
            #expect(try folder.read("pool.jsonl").split(separator: "\n").count == 45)
        }
    }

    @Test func redoWritesTheUndoneActionAgain() throws {
        try withTemporaryFolder { folder in
            let pool = try PoolFile(at: folder.pool)
            defer { try? pool.close() }
            try pool.add(contentsOf: Self.fifteen())
            try pool.decide(Self.ids, status: .accepted, why: .human(note: "bulk accept"))
            try pool.undoLastAction()
            let step = try #require(try pool.redoLastAction())
            #expect(step.action.name == "accept 15 records")
            #expect(pool.undoableActions.map(\.name) == ["accept 15 records"] && pool.redoableActions.isEmpty)
            #expect(try pool.redoLastAction() == nil)

            for record in try Self.reread(folder.pool).values {
                #expect(record.status == .accepted && record.why == .human(note: "bulk accept"))
                #expect(record.revision == 4 && record.restores == 2)
                #expect(record.edits.map(\.field) == ["status", "redo"])
                #expect(record.action?.redoes == step.action.id)
            }
        }
    }

    @Test func aNewActionAfterAnUndoClearsWhatCouldBeRedone() throws {
        try withTemporaryFolder { folder in
            let pool = try PoolFile(at: folder.pool)
            defer { try? pool.close() }
            try pool.add(contentsOf: Self.fifteen())
            try pool.decide(Self.ids, status: .accepted, why: .human())
            try pool.undoLastAction()
            try pool.edit("r3-1", .instruction("Summarise the paragraph in two sentences."))
            #expect(pool.redoableActions.isEmpty)
            #expect(pool.undoableActions.map(\.name) == ["edit r3-1"])
            #expect(try pool.redoLastAction() == nil)
            let onDisk = try Self.reread(folder.pool)
            #expect(onDisk["r3-2"]?.status == .pending && onDisk["r3-1"]?.instruction == "Summarise the paragraph in two sentences.")
        }
    }

    @Test func anUndoOfARecordChangedSinceIsRefusedByNameAndWritesNothing() throws {
        try withTemporaryFolder { folder in
            let pool = try PoolFile(at: folder.pool)
            defer { try? pool.close() }
            try pool.add(contentsOf: Self.fifteen())
            try pool.decide(Self.ids, status: .accepted, why: .human())
            // Generation's classification stage writes a revision no person made.
            try pool.update("r3-7") { $0.isClassification = true }
            let before = try folder.read("pool.jsonl")

            let error = try #require(throws: PoolError.self) { try pool.undoLastAction() }
            #expect(error.isHistoryBlocked)
            #expect(error.description == #"cannot undo "accept 15 records": r3-7 changed since (revision 3, written by generation or a repair, not by a person); nothing was changed"#)
            #expect(try folder.read("pool.jsonl") == before)
            #expect(pool.undoableActions.map(\.name) == ["accept 15 records"] && pool.redoableActions.isEmpty)
            #expect(try Self.reread(folder.pool).values.allSatisfy { $0.status == .accepted })
        }
    }

    @Test func undoingALaterActionLeavesTheEarlierOneUndoable() throws {
        try withTemporaryFolder { folder in
            let pool = try PoolFile(at: folder.pool)
            defer { try? pool.close() }
            try pool.add(contentsOf: Self.fifteen())
            try pool.decide(Self.ids, status: .accepted, why: .human())
            try pool.edit("r3-4", .instruction("Summarise it in one line."))
            #expect(try pool.undoLastAction()?.action.name == "edit r3-4")
            // r3-4 is back to the content the bulk accept left, so that action undoes whole.
            #expect(try pool.undoLastAction()?.action.name == "accept 15 records")
            #expect(pool.redoableActions.map(\.name) == ["edit r3-4", "accept 15 records"])
            let r34 = try #require(try Self.reread(folder.pool)["r3-4"])
            #expect(r34.status == .pending && r34.instruction == Fixture.record("r3-4").instruction)
            // Redo in the reverse order of the undos.
            #expect(try pool.redoLastAction()?.action.name == "accept 15 records")
            #expect(try pool.redoLastAction()?.action.name == "edit r3-4")
            let redone = try #require(try Self.reread(folder.pool)["r3-4"])
            #expect(redone.status == .accepted && redone.instruction == "Summarise it in one line.")
        }
    }

    @Test func theHistoryRebuiltFromTheFileIsTheOneWritten() throws {
        try withTemporaryFolder { folder in
            let undoable: [PoolAction], redoable: [PoolAction]
            do {
                let pool = try PoolFile(at: folder.pool)
                try pool.add(contentsOf: Self.fifteen())
                try pool.decide(Self.ids, status: .accepted, why: .human())
                try pool.edit("r3-1", .instruction("Summarise the paragraph in two sentences."))
                try pool.decide("r3-2", status: .rejected, why: .human())
                try pool.undoLastAction()
                try pool.undoLastAction()
                try pool.decide(["r3-5", "r3-6"], status: .rejected, why: .human())
                try pool.undoLastAction()
                (undoable, redoable) = (pool.undoableActions, pool.redoableActions)
                #expect(undoable.map(\.name) == ["accept 15 records"])
                #expect(redoable.map(\.name) == ["reject 2 records"])
                try pool.close()
            }
            let pool = try PoolFile(at: folder.pool)
            defer { try? pool.close() }
            #expect(pool.undoableActions == undoable && pool.redoableActions == redoable)
            // Undo after the restart takes back the last action made before it, once.
            #expect(try pool.undoLastAction()?.action.name == "accept 15 records")
            #expect(try pool.undoLastAction() == nil)
            #expect(try Self.reread(folder.pool).values.allSatisfy { $0.status != .accepted })
            #expect(try pool.redoLastAction()?.action.name == "accept 15 records")
            #expect(try Self.reread(folder.pool)["r3-0"]?.status == .accepted)
        }
    }

    @Test func aFailedWriteIsNotAnActionToUndo() throws {
        try withTemporaryFolder { folder in
            let pool = try PoolFile(at: folder.pool)
            defer { try? pool.close() }
            try pool.add(contentsOf: Self.fifteen())
            let before = try folder.read("pool.jsonl")
            // The pool's file, open without write access: the append fails as a full disk would.
            let writable = pool.descriptor
            pool.descriptor = open(folder.pool.path, O_RDONLY)
            #expect(throws: (any Error).self) { try pool.decide(Self.ids, status: .accepted, why: .human()) }
            close(pool.descriptor)
            pool.descriptor = writable
            #expect(pool.undoableActions.isEmpty)
            #expect(try pool.undoLastAction() == nil)
            #expect(try folder.read("pool.jsonl") == before)
        }
    }

    @Test func compactionStartsTheHistoryAnew() throws {
        try withTemporaryFolder { folder in
            let pool = try PoolFile(at: folder.pool)
            try pool.add(contentsOf: Self.fifteen())
            try pool.decide(Self.ids, status: .accepted, why: .human())
            try pool.compact()
            #expect(try pool.undoableActions.isEmpty && pool.undoLastAction() == nil)
            try pool.close()
            let reopened = try PoolFile(at: folder.pool)
            defer { try? reopened.close() }
            #expect(reopened.undoableActions.isEmpty)
            try reopened.decide("r3-0", status: .rejected, why: .human())
            #expect(reopened.undoableActions.map(\.name) == ["reject r3-0"])
        }
    }

    @Test func aPoolWrittenByFormatTwoLoadsAndItsRecordsCanBeUndoneOnceChanged() throws {
        try withTemporaryFolder { folder in
            let lines = [
                #"{"format_version":2,"id":"a","instances":[],"instruction":"Do a.","revision":1,"status":"pending"}"#,
                #"{"format_version":2,"id":"b","instances":[],"instruction":"Do b.","revision":1,"status":"pending"}"#,
                #"{"edits":[{"after":"accepted","at":"2025-01-01T00:00:00.000Z","before":"pending","field":"status"}],"#
                    + #""format_version":2,"id":"a","instances":[],"instruction":"Do a.","revision":2,"status":"accepted","why":{"kind":"human"}}"#,
                #"{"format_version":2,"id":"a","instances":[],"instruction":"Do a.","restores":1,"revision":3,"status":"pending"}"#,
            ]
            try folder.write("pool.jsonl", lines.joined(separator: "\n") + "\n")
            let pool = try PoolFile(at: folder.pool)
            defer { try? pool.close() }
            #expect(pool.problems.isEmpty)
            #expect(pool.entries.map(\.id) == ["a", "b"] && pool.entry("a")?.status == .pending)
            // Unstamped revisions are nobody's action: nothing to undo.
            #expect(try pool.undoableActions.isEmpty && pool.undoLastAction() == nil)

            try pool.decide(["a", "b"], status: .rejected, why: .human())
            #expect(try pool.undoLastAction()?.action.name == "reject 2 records")
            let onDisk = try Self.reread(folder.pool)
            #expect(onDisk["a"]?.status == .pending && onDisk["a"]?.restores == 1 && onDisk["a"]?.formatVersion == 3)
            #expect(onDisk["b"]?.status == .pending && onDisk["b"]?.revision == 3)
        }
    }
}
