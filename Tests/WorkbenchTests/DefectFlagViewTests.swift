import Foundation
import Pool
import Similarity
import Terminal
import TestSupport
import Testing
@testable import Workbench

/// Defect flags in the workbench: `:filter flag=NAME` lists exactly the flagged records,
/// rows carry a badge, and the Stats view's quality page counts them.
@Suite struct DefectFlagViewTests {
    private static let records = [
        PoolRecord(id: "seed-0", instruction: "Give the antonym of the word.", instances: [Instance(input: "hot", output: "cold")], status: .seed),
        PoolRecord(id: "e1", instruction: "Name a colour of the sky.", instances: [Instance(input: "", output: "")], status: .pending),
        PoolRecord(id: "ok", instruction: "Name a fruit that is red.", instances: [Instance(input: "", output: "0")], status: .pending),
        PoolRecord(id: "e2", instruction: "Give the antonym of the word please.",
                   instances: [Instance(input: "up", output: "down"), Instance(input: "in", output: " ")], status: .accepted),
        PoolRecord(id: "img", instruction: "Describe the image in detail.", instances: [Instance(input: "", output: "A cat.")], status: .pending),
    ]

    private func session(_ body: (inout Harness) async throws -> Void) async throws {
        setlocale(LC_ALL, "C.UTF-8")  // the frames drawn here hold · and ⚑
        try await withTemporaryFolder { folder in
            let pool = try PoolFile(at: folder.pool)
            try pool.add(contentsOf: Self.records)
            try pool.close()
            let backend = try Fixture.openBackend(folder.pool)
            var harness = await Harness(backend: backend, size: Size(width: 120, height: 40))
            try await body(&harness)
            await backend.shutDown()
        }
    }

    @Test func filterByFlagListsExactlyTheFlaggedRecords() async throws {
        var listed: [String: [String]] = [:]
        var refusal: String?
        var screen = ""
        try await session { harness in
            for filter in ["flag=empty-output", "flag=cannot-do", "flag=any", "flag=empty-output status=accepted"] {
                await harness.press(":filter \(filter){enter}")
                listed[filter] = harness.state.browser.rows.map { harness.state.pool.entries[$0].id }
            }
            await harness.press("2")
            screen = Workbench.render(harness.state).lines().joined(separator: "\n")
            await harness.press(":filter flag=blurry{enter}")
            refusal = harness.state.message?.text
        }
        #expect(listed["flag=empty-output"] == ["e1", "e2"])
        #expect(listed["flag=cannot-do"] == ["img"])
        #expect(listed["flag=any"] == ["e1", "e2", "img"])
        #expect(listed["flag=empty-output status=accepted"] == ["e2"])
        #expect(screen.contains("⚑empty-output"), "\(screen)")
        #expect(refusal?.hasPrefix("flag is any or one of empty-output, output-in-input") == true)
    }

    @Test func rejectingEverythingAFlagFilterShowsRejectsExactlyTheFlaggedRecords() async throws {
        try await withTemporaryFolder { folder in
            let pool = try PoolFile(at: folder.pool)
            try pool.add(contentsOf: Self.records)
            try pool.close()
            let backend = try Fixture.openBackend(folder.pool)
            var harness = await Harness(backend: backend)
            await harness.press(":filter flag=empty-output{enter}")
            await harness.press("X")
            #expect(harness.state.confirmation?.question == "reject 2 records matching flag=empty-output? (y/n)")
            await harness.press("y")
            await backend.shutDown()
            let reopened = try PoolFile(at: folder.pool, access: .readOnly)
            #expect(reopened.entries.filter { $0.status == .rejected }.map(\.id) == ["e1", "e2"])
            #expect(reopened.entries.filter { $0.revision > 1 }.map(\.id) == ["e1", "e2"], "a flag alone changes nothing")
        }
    }

    @Test func theQualityPageCountsFlagsAndShowsTableOne() async throws {
        var screen = ""
        var seedScores: [String: Double] = [:]
        try await session { harness in
            await harness.press("5p")
            screen = Workbench.render(harness.state).lines().joined(separator: "\n")
            for id in ["e1", "e2", "img"] { seedScores[id] = harness.state.pool.seedSimilarity?.score(of: id) }
        }
        #expect(screen.contains("Tasks and instances by status (Table 1)"), "\(screen)")
        #expect(screen.contains("mean words of instruction"))
        #expect(screen.contains("empty-output"))
        #expect(seedScores["e2"] == RougeL.score(target: "Give the antonym of the word please.", prediction: "Give the antonym of the word.").fmeasure)
        #expect(seedScores["img"] != nil && seedScores.count == 3)
    }
}
