import Foundation
import Pool
import TestSupport
import Terminal
import Testing
@testable import Workbench

@Suite("Workbench on a pool it cannot write")
struct ReadOnlyPoolTests {
    @Test func aLockedPoolOpensReadOnlyForBrowsingAndExportAndRefusesChangesWithTheReason() async throws {
        try await withTemporaryFolder { folder in
            let url = try Fixture.makePool(in: folder)
            let writer = try Fixture.whileLockLingers { try PoolFile(at: url) }  // another writer holds the lock
            defer { try? writer.close() }
            let before = try String(contentsOf: url, encoding: .utf8)

            let backend = try PoolCurationBackend(poolAt: url, readOnlyIfUnwritable: true)
            let reason = try #require(backend.readOnlyReason)
            #expect(reason.contains("is open for writing by process \(getpid())"))
            var harness = await Harness(backend: backend)
            harness.state.readOnlyReason = reason
            #expect(Workbench.render(harness.state).lines()[0].hasSuffix("read-only"))

            for key in ["a", "x", "e", "u"] {
                await harness.press(key)
                #expect(harness.state.message?.isError == true)
                #expect(harness.state.message?.text.contains("read-only") == true)
                #expect(harness.state.edit == nil)
            }
            #expect(!harness.commands.contains { if case .decide = $0 { true } else if case .edit = $0 { true } else { false } })
            await harness.press("2j/ocean{enter}")
            #expect(harness.state.selectedRecordID == "r1-4")

            let out = folder.file("out.jsonl").path
            await harness.press(":export alpaca \(out){enter}")
            #expect(harness.state.message?.isError == false)
            #expect(FileManager.default.fileExists(atPath: out))
            await backend.shutDown()
            #expect(try String(contentsOf: url, encoding: .utf8) == before)
        }
    }

    @Test func withoutTheFallbackALockedPoolIsAnError() throws {
        try withTemporaryFolder { folder in
            let url = try Fixture.makePool(in: folder)
            let writer = try Fixture.whileLockLingers { try PoolFile(at: url) }
            defer { try? writer.close() }
            #expect(throws: PoolError.self) { try PoolCurationBackend(poolAt: url) }
        }
    }
}
