import Foundation
import JSONLines
import Pool
import TestSupport
import Terminal
import Testing
@testable import Workbench

/// The Review view in the workbench: `:review NAME` draws and stores the sample beside the
/// pool, y/n/u answer and undo in the review file (not in the pool), and the screen shows
/// the questions, the answers and the table.
@Suite("Workbench Review view")
struct ReviewViewTests {
    init() {
        setlocale(LC_ALL, "C.UTF-8")
    }

    /// A pool of three accepted tasks with instances, one hostile, and a seed.
    static func makePool(in folder: TemporaryFolder) throws -> URL {
        let pool = try PoolFile(at: folder.pool)
        _ = try pool.add(contentsOf: [
            PoolRecord(id: "seed_task_0", instruction: "Write a poem about the ocean.", instances: [Instance(input: "", output: "Waves.")], status: .seed),
            PoolRecord(id: "r1-0", instruction: "Name the capital of the country.", instances: [Instance(input: "France", output: "Paris")], status: .accepted),
            PoolRecord(id: "r1-1", instruction: Fixture.hostile, instances: [Instance(input: "", output: "A line.\u{1B}[2J")], status: .accepted),
            PoolRecord(id: "r1-2", instruction: "Add the two numbers.", instances: [Instance(input: "2, 3", output: "5")], status: .accepted),
        ])
        try pool.close()
        return folder.pool
    }

    @Test func answersAndAnUndoLandInTheReviewFileAndThePoolStaysAsItWas() async throws {
        try await withTemporaryFolder { folder in
            let url = try Self.makePool(in: folder)
            let backend = try Fixture.openBackend(url)
            var harness = await Harness(backend: backend, size: Size(width: 100, height: 30))
            await harness.press(":review ann{enter}")
            #expect(harness.state.view == ReviewView.view)
            let screen = try #require(harness.state[ReviewView.self].screen)
            #expect(screen.sample.items.count == 3)
            #expect(Set(screen.sample.items.map(\.recordID)) == ["r1-0", "r1-1", "r1-2"])
            // y n y answers the first item; u takes back its output answer (not a pool action);
            // n answers it again; y on the second item's instruction.
            await harness.press("ynyuny")
            await backend.shutDown()

            let lines = try String(contentsOf: folder.file("pool.review.jsonl"), encoding: .utf8).split(separator: "\n").map { try JSONParser.parse($0) }
            #expect(lines.count == 1 + 3 + 6)
            let answers = lines[4...].map { "\($0["reviewer"]?.stringValue ?? "") \($0["item"]?.intValue ?? -1) \($0["question"]?.stringValue ?? "") \($0["answer"]?.jsonText ?? "")" }
            #expect(answers == [
                "ann 0 instruction true", "ann 0 input false", "ann 0 output true", "ann 0 output null", "ann 0 output false", "ann 1 instruction true",
            ])
            let pool = try PoolFile(at: url, access: .readOnly)
            #expect(pool.entries.allSatisfy { $0.revision == 1 })
            #expect(harness.commands.contains(.undo) == false)

            let after = try #require(harness.state[ReviewView.self].screen)
            #expect(after.current == 1 && after.question == .input && after.completed == 1)
            let frame = Workbench.render(harness.state).lines()
            #expect(frame.contains { $0.contains("review as ann") && $0.contains("1 of 3 answered") })
            #expect(frame.contains { $0.contains("yes   1. Does the instruction describe a valid task?") })
            #expect(frame.contains { $0.contains(" —  ▸ 2. Is the input appropriate for the instruction?") })
        }
    }

    @Test func theTableAndControlBytesShowVisiblyAndASecondOpeningKeepsTheSample() async throws {
        try await withTemporaryFolder { folder in
            let url = try Self.makePool(in: folder)
            let backend = try Fixture.openBackend(url)
            var harness = await Harness(backend: backend, size: Size(width: 100, height: 30))
            await harness.press(":review ann{enter}")
            let sample = try #require(harness.state[ReviewView.self].screen?.sample)
            // Move to the hostile record's item and look at it.
            let hostile = try #require(sample.items.firstIndex { $0.recordID == "r1-1" })
            for _ in 0..<hostile { await harness.send(.key(.right)) }
            let frame = Workbench.render(harness.state)
            #expect(frame.lines().contains { $0.contains("Summarise ␛]0;pwned␇this ␛[2J␛[31mtext") })
            #expect(frame.lines().contains { $0.contains("A line.␛[2J") })
            #expect(!frame.cells.contains { $0.text.unicodeScalars.contains { $0.value < 0x20 || (0x7F...0x9F).contains($0.value) } })
            await harness.press("yyy")
            await harness.press("t")
            let table = Workbench.render(harness.state).lines()
            #expect(table.contains { $0.contains("All fields are valid") && $0.contains("100.0% (20.7–100.0)  1/1") })

            // Bob opens the same review: the stored sample, not a new one.
            await harness.press(":review bob{enter}")
            #expect(harness.state[ReviewView.self].screen?.sample == sample)
            #expect(harness.state[ReviewView.self].screen?.reviewer == "bob")
            await backend.shutDown()
            let text = try String(contentsOf: folder.file("pool.review.jsonl"), encoding: .utf8)
            #expect(text.components(separatedBy: "\"type\": \"sample\"").count == 2)
        }
    }

    @Test func aPoolWithoutAcceptedInstancesHasNothingToReviewAndStoresNoSample() async throws {
        try await withTemporaryFolder { folder in
            let backend = try Fixture.openBackend(try Fixture.makePool(in: folder))
            var harness = await Harness(backend: backend, size: Size(width: 100, height: 30))
            await harness.press("7")
            #expect(harness.state.view == ReviewView.view)
            #expect(harness.commands.filter { if case .openReview = $0 { true } else { false } }.count == 1)
            let frame = Workbench.render(harness.state).lines()
            #expect(frame.contains { $0.contains("No accepted task has instances yet, so there is nothing to review") })
            // Showing the view again asks nothing more until the pool changes.
            await harness.press("17")
            #expect(harness.commands.filter { if case .openReview = $0 { true } else { false } }.count == 1)
            await backend.shutDown()
            #expect(!FileManager.default.fileExists(atPath: folder.file("pool.review.jsonl").path))
        }
    }

    /// The workbench stores answers off the screen's thread: keys typed before an answer is
    /// stored wait, and each answers the question the one before moved on to.
    @Test func keysTypedWhileAnAnswerIsStoredAnswerTheNextQuestions() async throws {
        try await withTemporaryFolder { folder in
            let backend = try Fixture.openBackend(try Self.makePool(in: folder))
            var harness = await Harness(backend: backend, size: Size(width: 100, height: 30))
            await harness.press(":review ann{enter}")
            var state = harness.state
            let first = Workbench.update(&state, .key(.character("y")))
            #expect(Workbench.update(&state, .key(.character("n"))).isEmpty)
            #expect(Workbench.update(&state, .key(.character("n"))).isEmpty)
            var commands = first, stored: [String] = []
            while let command = commands.first {
                guard case .storeReview(let answer, _) = command, let event = await harness.runner.perform(command) else { break }
                stored.append("\(answer.question.rawValue) \(answer.answer.map(String.init) ?? "null")")
                commands = Workbench.update(&state, event)
            }
            #expect(stored == ["instruction true", "input false", "output false"])
            #expect(state[ReviewView.self].screen?.current == 1)
            await backend.shutDown()
            let lines = try String(contentsOf: folder.file("pool.review.jsonl"), encoding: .utf8).split(separator: "\n")
            #expect(lines.count == 1 + 3 + 3)
            #expect(lines.last?.contains(#""question": "output", "answer": false"#) == true)
        }
    }
}
