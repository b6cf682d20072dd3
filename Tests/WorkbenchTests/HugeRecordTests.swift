import Foundation
import Pool
import TestSupport
import Terminal
import Testing
@testable import Workbench

@Suite("Workbench on a record of 10 MB")
struct HugeRecordTests {
    /// A 10 MB instruction: words, a line break now and then, and an escape sequence deep inside.
    static let huge: String = {
        var text = "Summarise this enormous document in one paragraph. "
        let words = ["alpha", "beta", "gamma", "delta", "epsilon", "zeta", "eta", "theta"]
        var index = 0
        while text.utf8.count < 10_000_000 {
            text += words[index % words.count]
            text += index % 97 == 0 ? "\n" : " "
            if index == 500_000 { text += "\u{1B}]0;pwned\u{07}" }
            index += 1
        }
        return text
    }()

    /// Renders while the record is selected in the Live and Pool views. The filters' verdict
    /// on it is left unjudged: judging runs off the screen's thread, and the frame must not
    /// wait for it.
    @Test func rendersItsFirstScreenfulsInTheLiveAndPoolViews() async throws {
        setlocale(LC_ALL, "C.UTF-8")
        try await withTemporaryFolder { folder in
            let url = folder.file("pool.jsonl")
            let pool = try PoolFile(at: url)
            try pool.add(contentsOf: Fixture.records() + [PoolRecord(id: "huge", instruction: Self.huge, status: .pending, round: 2)])
            try pool.close()
            let backend = try Fixture.openBackend(url)
            var state = WorkbenchState(size: Size(width: 160, height: 48), poolName: "pool.jsonl")
            func send(_ event: WorkbenchEvent) async throws {
                for command in Workbench.update(&state, event) {
                    if case .loadRecord(let id) = command { try await send(.recordLoaded(try await backend.record(id))) }
                }
            }
            try await send(.entriesLoaded(await backend.entries()))
            for view in ["1", "2"] {
                try await send(.key(.character(Character(view))))
                try await send(.key(.end))
                #expect(state.selectedRecordID == "huge")
                #expect(state.detail?.id == "huge")
                let lines = Workbench.render(state).lines()
                #expect(lines.contains { $0.contains("Summarise this enormous document in one paragraph.") })
                #expect(lines.contains { $0.contains("Filters: …") })
            }
            await backend.shutDown()
        }
    }

    /// d on it scores it exactly against its neighbour, marks nothing (too many tokens to
    /// align) and draws its first screenful.
    @Test func dComparesItWithItsNeighbourWithoutAligningMillionsOfTokens() async throws {
        setlocale(LC_ALL, "C.UTF-8")
        try await withTemporaryFolder { folder in
            let url = folder.file("pool.jsonl")
            let pool = try PoolFile(at: url)
            let neighbour = "Summarise this long document."
            try pool.add(contentsOf: Fixture.records() + [PoolRecord(
                id: "huge", instruction: Self.huge, status: .pending, mostSimilar: [SimilarInstruction(text: neighbour, score: 0.01)], round: 2)])
            try pool.close()
            let backend = try Fixture.openBackend(url)
            var state = WorkbenchState(size: Size(width: 160, height: 48), poolName: "pool.jsonl")
            // Only the record is loaded: the filters' verdict on 10 MB is not what this is about.
            func send(_ event: WorkbenchEvent) async throws {
                for command in Workbench.update(&state, event) {
                    if case .loadRecord(let id) = command { try await send(.recordLoaded(try await backend.record(id))) }
                }
            }
            try await send(.entriesLoaded(await backend.entries()))
            try await send(.key(.end))
            try await send(.key(.character("d")))
            guard case .comparison(let comparison)? = state.overlay else {
                Issue.record("no side by side: \(String(describing: state.message))")
                return
            }
            #expect(!comparison.alignment.isAligned)
            #expect(comparison.alignment.targetTokenCount > 1_000_000 && comparison.alignment.predictionTokenCount == 4)
            #expect(comparison.alignment.score.precision > 0)
            let lines = Workbench.render(state).lines()
            #expect(lines.contains { $0.contains("Summarise this enormous document in one paragraph.") })
            #expect(lines.contains { $0.contains("too long to mark the common tokens") })
            await backend.shutDown()
        }
    }
}
