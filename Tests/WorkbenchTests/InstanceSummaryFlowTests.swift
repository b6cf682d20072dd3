import Engine
import Foundation
import Pool
import Terminal
import TestSupport
import Testing
@testable import Workbench

/// The workbench reads the instances' summaries (opening leaves them out) once, when a view
/// first needs them, off the screen's thread, and takes them in without losing a change
/// that arrived meanwhile.
@Suite struct InstanceSummaryFlowTests {
    private static func isSummarize(_ command: WorkbenchCommand) -> Bool {
        if case .summarizeInstances = command { return true }
        return false
    }

    @Test func summariesAreAskedForOnceWhenNeededAndTakenInAroundAChange() throws {
        try withTemporaryFolder { folder in
            let url = try Fixture.makePool(in: folder)
            let pool = try PoolFile(at: url)
            defer { try? pool.close() }
            let loaded = pool.entries
            try #require(loaded.allSatisfy { $0.instanceSummary == nil })
            var state = WorkbenchState(size: Size(width: 100, height: 30), poolName: "pool.jsonl")
            #expect(!Workbench.update(&state, .entriesLoaded(loaded)).contains(where: Self.isSummarize), "not at load")
            _ = Workbench.update(&state, .poolTallied(PoolTally(loaded), SeedSimilarity(loaded)))
            #expect(!Workbench.update(&state, .key(.character("5"))).contains(where: Self.isSummarize), "not for the Stats overview")
            #expect(state.stats?.unsummarized == loaded.count)

            // The quality page needs them: asked for once.
            #expect(Workbench.update(&state, .key(.character("p"))) == [.summarizeInstances(loaded)])
            #expect(!Workbench.update(&state, .key(.character("2"))).contains(where: Self.isSummarize))

            // A decision lands while they are read; its entry has its summary already.
            try pool.decide("r1-0", status: .rejected, why: .human())
            let changed = try #require(pool.entry("r1-0"))
            _ = Workbench.update(&state, .recordsChanged([changed], note: "rejected r1-0"))

            let read = try PoolFile.summarizingInstances(of: loaded, poolAt: url.path)
            let commands = Workbench.update(&state, .instancesSummarized(read))
            let counted = state.pool.entries
            #expect(commands.filter { if case .tallyPool = $0 { true } else { Self.isSummarize($0) } }
                    == [.tallyPool(counted, DefectCheck(), scoringSeeds: false)], "a count afresh that keeps the seed scores")
            #expect(state.pool.entry("r1-0") == changed, "the change is not overwritten by the older revision's summary")
            #expect(counted.allSatisfy { $0.instanceSummary != nil })

            _ = Workbench.update(&state, .poolTallied(PoolTally(counted), nil))
            try pool.summarizeInstances()
            #expect(state.pool.seedSimilarity != nil)
            _ = Workbench.update(&state, .key(.character("5")))
            #expect(state.stats == PoolStats(pool))
            #expect(state.stats?.unsummarized == 0)
        }
    }
}
