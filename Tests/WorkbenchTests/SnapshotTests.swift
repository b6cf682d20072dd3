import Foundation
import Pool
import TestSupport
import Terminal
import Testing
@testable import Workbench

/// Views rendered into the cell grid and compared with text files under Snapshots/. Set
/// SNAPSHOT_RECORD=1 to write the current frames instead (then review the diff).
@Suite("Workbench screen snapshots", .serialized)
struct SnapshotTests {
    static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Snapshots")

    init() {
        setlocale(LC_ALL, "C.UTF-8")
    }

    private func check(_ grid: CellGrid, _ name: String) throws {
        let actual = grid.lines().joined(separator: "\n") + "\n"
        let url = Self.directory.appendingPathComponent(name + ".txt")
        if ProcessInfo.processInfo.environment["SNAPSHOT_RECORD"] == "1" {
            try actual.write(to: url, atomically: true, encoding: .utf8)
        }
        let expected = try String(contentsOf: url, encoding: .utf8)
        #expect(actual == expected, "snapshot \(name) differs; SNAPSHOT_RECORD=1 re-records it\n\(actual)")
        // Nothing from model text may reach the grid as a control character.
        for cell in grid.cells {
            #expect(!cell.text.unicodeScalars.contains { $0.value < 0x20 || (0x7F...0x9F).contains($0.value) }, "control character in \(name)")
        }
    }

    /// A state on the hostile fixture pool after `keys`, at `size`; with `guidelines`, the
    /// pool has those beside it, and `edited` replaces a record of the pool.
    private func state(
        after keys: String, size: Size, events: [WorkbenchEvent] = [], guidelines: String? = nil, edited: PoolRecord? = nil
    ) async throws -> WorkbenchState {
        return try await withTemporaryFolder { folder in
            let url = try Fixture.makePool(in: folder, hostile: true, replacing: edited)
            if let guidelines { try guidelines.write(to: folder.file("pool.guidelines.md"), atomically: true, encoding: .utf8) }
            let backend = try Fixture.openBackend(url)
            var harness = await Harness(backend: backend, size: size, timeZone: TimeZone(identifier: "UTC")!)
            for event in events { await harness.send(event) }
            await harness.press(keys)
            await backend.shutDown()
            return harness.state
        }
    }

    private static let generating: [WorkbenchEvent] = [
        .curation(.phase(.generating), at: 1),
        .curation(.health(.healthy), at: 1),
        .curation(.roundStarted(round: 2, requests: 4), at: 1),
        .curation(.inFlight(3), at: 1),
        .curation(.streamed(request: "instructions 2.1", delta: "9. Write a limerick about a cat who\n10. \u{1B}[31mList\u{1B}[0m three 东京 sights"), at: 2),
        .curation(.candidate(CandidateSummary(
            key: "2.1#9", recordID: nil, round: 2, instruction: "Write a limerick about a cat who learns to swim.", status: .rejected,
            bestScore: 0.82, reason: .similarity(0.82, to: "Write a poem about the ocean."),
            neighbours: [ScoredNeighbour(text: "Write a poem about the ocean.", score: 0.82)])), at: 2),
        .curation(.usage(promptTokens: 400, completionTokens: 100, cost: 0.02), at: 2),
        .curation(.usage(promptTokens: 800, completionTokens: 182, cost: 0.04), at: 4),
    ]

    @Test(arguments: [Size(width: 80, height: 24), Size(width: 160, height: 48)])
    func liveViewWithCJKAndHostileCandidates(size: Size) async throws {
        try check(Workbench.render(try await state(after: "", size: size)), "live-\(size)")
        try check(Workbench.render(try await state(after: "j", size: size)), "live-hostile-\(size)")
        try check(Workbench.render(try await state(after: "jj", size: size)), "live-cjk-\(size)")
    }

    @Test(arguments: [Size(width: 80, height: 24), Size(width: 160, height: 48)])
    func liveViewWhileGenerating(size: Size) async throws {
        try check(Workbench.render(try await state(after: "G", size: size, events: Self.generating)), "live-generating-\(size)")
    }

    /// The Live view mid-round as the engine reports it, through the event translator.
    @Test(arguments: [Size(width: 80, height: 24), Size(width: 160, height: 48)])
    func liveViewMidRoundFromEngineEvents(size: Size) async throws {
        var translator = EngineEventTranslator(costKnown: false)
        let events = EngineEventTranslatorTests.midRound.flatMap { translator.translate($0) }.map { WorkbenchEvent.curation($0, at: 2) }
        try check(Workbench.render(try await state(after: "G", size: size, events: events)), "live-mid-round-\(size)")
    }

    @Test(arguments: [Size(width: 80, height: 24), Size(width: 160, height: 48)])
    func otherViews(size: Size) async throws {
        try check(Workbench.render(try await state(after: "2", size: size)), "pool-\(size)")
        try check(Workbench.render(try await state(after: "2s", size: size)), "pool-sorted-\(size)")
        try check(Workbench.render(try await state(after: "3", size: size)), "rejections-\(size)")
        try check(Workbench.render(try await state(after: "4{tab}", size: size)), "instances-\(size)")
        try check(Workbench.render(try await state(after: "5", size: size, events: Self.generating)), "stats-\(size)")
        try check(Workbench.render(try await state(after: "6", size: size)), "log-\(size)")
    }

    @Test(arguments: [Size(width: 80, height: 24), Size(width: 160, height: 48)])
    func overlaysAndPrompts(size: Size) async throws {
        try check(Workbench.render(try await state(after: "?", size: size)), "help-\(size)")
        try check(Workbench.render(try await state(after: "e{end} at dusk", size: size)), "edit-\(size)")
        try check(Workbench.render(try await state(after: ":export openai-chat out.jsonl", size: size)), "command-line-\(size)")
        try check(Workbench.render(try await state(after: ":filter status=pending{enter}A", size: size)), "confirm-bulk-\(size)")
    }

    /// Escape sequences in a record are drawn as what they are, `␛]0;pwned␇`, not obeyed
    /// and not dropped, in the list and in the detail pane.
    @Test func aHostileRecordShowsItsControlsVisiblyInThePoolDetail() async throws {
        let size = Size(width: 160, height: 48)
        let state = try await state(after: "2jjj", size: size)
        #expect(state.selectedRecordID == "r1-1")
        let grid = Workbench.render(state)
        try check(grid, "pool-hostile-\(size)")
        let detail = grid.lines().filter { $0.contains("Summarise") }
        #expect(detail.count >= 2, "the row and the detail pane: \(detail)")
        #expect(detail.allSatisfy { $0.contains("Summarise ␛]0;pwned␇this ␛[2J␛[31mtext") })
    }

    /// `d` on a record whose stored score predates its text (it shows both), Ctrl-N on an
    /// edit's second live neighbour, `h` on a record with changes (one of them hostile), and
    /// guidelines shown at the first start.
    @Test(arguments: [Size(width: 80, height: 24), Size(width: 160, height: 48)])
    func reviewOverlays(size: Size) async throws {
        try check(Workbench.render(try await state(after: "d", size: size)), "compare-\(size)")
        try check(Workbench.render(try await state(after: "e{end} at dusk{ctrl-n}J", size: size)), "compare-edit-\(size)")
        try check(Workbench.render(try await state(after: "h", size: size, edited: ReviewFixture.editedHaiku)), "history-\(size)")
        try check(Workbench.render(try await state(after: "", size: size, guidelines: ReviewFixture.guidelines)), "guidelines-\(size)")
    }

    @Test func tooSmallTerminalShowsANotice() async throws {
        try check(Workbench.render(try await state(after: "", size: Size(width: 60, height: 20))), "too-small-60x20")
    }
}
