import Foundation
import Pool
import TestSupport
import Testing
@testable import Workbench

/// u and Ctrl-R through the reducer, the effect runner and the pool backend: each takes
/// back or brings back a person's whole action, across restarts (a new backend over the
/// same file), and each test reads what landed in the pool file.
@Suite("Workbench undo and redo by action, over the pool file")
struct UndoRedoTests {
    /// The fixture pool with twelve more pending candidates: fifteen pending in all.
    private static func makePoolOfFifteenPending(in folder: TemporaryFolder) throws -> URL {
        let url = try Fixture.makePool(in: folder)
        let pool = try PoolFile(at: url)
        try pool.add(contentsOf: (0..<12).map { PoolRecord(id: "r2-\($0)", instruction: "Name \($0 + 2) rivers of Europe.", status: .pending, round: 2) })
        try pool.close()
        return url
    }

    /// The status of every record but the seeds, as a fresh read of the file has it.
    private static func statuses(_ url: URL) throws -> [String: RecordStatus] {
        let pool = try PoolFile(at: url, access: .readOnly)
        return Dictionary(uniqueKeysWithValues: pool.entries.filter { $0.status != .seed }.map { ($0.id, $0.status) })
    }

    @Test func oneUndoTakesBackAWholeBulkAcceptAndCtrlRBringsItBack() async throws {
        try await withTemporaryFolder { folder in
            let url = try Self.makePoolOfFifteenPending(in: folder)
            let pending = try Self.statuses(url).filter { $0.value == .pending }.keys.sorted()
            #expect(pending.count == 15)
            let backend = try Fixture.openBackend(url)
            var harness = await Harness(backend: backend)
            await harness.press(":filter status=pending{enter}Ay")
            #expect(try pending.allSatisfy { try Self.statuses(url)[$0] == .accepted })

            await harness.press("u")
            #expect(harness.state.message?.text == "undone: accept 15 records")
            #expect(harness.state.counts[.pending] == 15)
            let undone = try PoolFile(at: url, access: .readOnly)
            for id in pending {
                #expect(undone.entry(id)?.status == .pending && undone.entry(id)?.why == nil, "\(id)")
            }
            #expect(try Self.statuses(url)["r1-3"] == .rejected)

            await harness.press("{ctrl-r}")
            #expect(harness.state.message?.text == "redone: accept 15 records")
            #expect(try pending.allSatisfy { try Self.statuses(url)[$0] == .accepted })
            await backend.shutDown()
        }
    }

    @Test func afterARestartUndoTakesBackTheActionsMadeBeforeItOneByOneAndRedoBringsThemBack() async throws {
        try await withTemporaryFolder { folder in
            let url = try Fixture.makePool(in: folder)
            do {
                let backend = try Fixture.openBackend(url)
                var harness = await Harness(backend: backend)
                await harness.press("ax")
                await backend.shutDown()
            }
            #expect(try Self.statuses(url)["r1-0"] == .accepted && Self.statuses(url)["r1-1"] == .rejected)
            do {
                let backend = try Fixture.openBackend(url)
                var harness = await Harness(backend: backend)
                await harness.press("u")
                #expect(harness.state.message?.text == "undone: reject r1-1")
                #expect(try Self.statuses(url)["r1-1"] == .pending && Self.statuses(url)["r1-0"] == .accepted)
                await harness.press("u")
                #expect(harness.state.message?.text == "undone: accept r1-0")
                #expect(try Self.statuses(url)["r1-0"] == .pending)
                let before = try String(contentsOf: url, encoding: .utf8)
                await harness.press("u")
                #expect(harness.state.message == StatusMessage(text: "nothing to undo", isError: false))
                #expect(try String(contentsOf: url, encoding: .utf8) == before)
                // Said once in the status line; the log keeps only what was done, and no error.
                #expect(harness.state.log.map(\.text).filter { $0.contains("undo") } == ["undone: reject r1-1", "undone: accept r1-0"])
                #expect(!harness.state.log.contains { $0.isError })
                await backend.shutDown()
            }
            let backend = try Fixture.openBackend(url)
            var harness = await Harness(backend: backend)
            await harness.press("{ctrl-r}")
            #expect(harness.state.message?.text == "redone: accept r1-0")
            #expect(try Self.statuses(url)["r1-0"] == .accepted && Self.statuses(url)["r1-1"] == .pending)
            await harness.press("{ctrl-r}")
            #expect(harness.state.message?.text == "redone: reject r1-1")
            #expect(try Self.statuses(url)["r1-1"] == .rejected)
            await harness.press("{ctrl-r}")
            #expect(harness.state.message?.text == "nothing to redo")
            await backend.shutDown()
        }
    }

    @Test func anUndoBlockedByALaterChangeSaysWhatIsInTheWayAndWritesNothing() async throws {
        try await withTemporaryFolder { folder in
            let url = try Fixture.makePool(in: folder)
            do {
                let backend = try Fixture.openBackend(url)
                var harness = await Harness(backend: backend)
                await harness.press("a")
                await backend.shutDown()
            }
            // Generation's classification stage revises the record: not a person's action.
            try Fixture.whileLockLingers { try PoolFile(at: url) }.update("r1-0") { $0.isClassification = false }
            let before = try String(contentsOf: url, encoding: .utf8)

            let backend = try Fixture.openBackend(url)
            var harness = await Harness(backend: backend)
            await harness.press("u")
            let refusal = #"cannot undo "accept r1-0": r1-0 changed since (revision 3, written by generation or a repair, not by a person); nothing was changed"#
            #expect(harness.state.message == StatusMessage(text: refusal, isError: true))
            #expect(harness.state.log.last?.text == refusal && harness.state.log.last?.isError == false)
            #expect(try String(contentsOf: url, encoding: .utf8) == before)
            await backend.shutDown()
        }
    }
}
