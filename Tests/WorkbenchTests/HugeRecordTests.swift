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

    @Test func rendersItsFirstScreenfulsInEveryView() async throws {
        setlocale(LC_ALL, "C.UTF-8")
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let url = folder.file("pool.jsonl")
        let pool = try PoolFile(at: url)
        try pool.add(contentsOf: Fixture.records() + [PoolRecord(id: "huge", instruction: Self.huge, status: .pending, round: 2)])
        try pool.close()
        let backend = try Fixture.openBackend(url)
        var harness = await Harness(backend: backend, size: Size(width: 160, height: 48))
        await harness.press("G")
        #expect(harness.state.selectedRecordID == "huge")
        for view in ["1", "2", "4", "5", "6"] {
            await harness.press(view + "G")
            let lines = Workbench.render(harness.state).lines()
            if view == "1" || view == "2" {
                #expect(lines.contains { $0.contains("Summarise this enormous document in one paragraph.") })
            }
        }
        await backend.shutDown()
    }
}
