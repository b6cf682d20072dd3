import Evaluation
import Foundation
import JSONLines
import TestSupport
import Testing

/// The workbench's Eval view in a real terminal (tmux): `:eval` opens the evaluation on the
/// rating screen inside the workbench, every grade key goes to it (none to the pool), no
/// system's name shows while rating, `q` shows the figures and a second `q` quits.
@Suite("Rating in the workbench end to end in tmux", .serialized)
struct WorkbenchRatingEndToEndTests {
    @Test(.enabled(if: TmuxSession.tmuxPath != nil, "tmux is not installed; scripts/test installs it"))
    func theEvalViewGradesBlindThroughTheBuiltWorkbenchAndShowsTheFigures() async throws {
        try await withTemporaryFolder { folder in
            let evaluation = try EvaluationFolder(path: folder.file("eval").path, creating: true, blindSeed: 9)
            let tasks = (1...3).map { EvaluationTask(id: "t\($0)", instruction: "Answer question \($0).", input: "", reference: "\($0)") }
            try evaluation.add(tasks: tasks)
            let text = { (item: RatedItem) in "reply \(item.taskID)-\(item.system == "zebra-secret" ? "P" : "Q")" }
            for system in ["zebra-secret", "okapi-hidden"] {
                try evaluation.add(responses: tasks.map {
                    SystemResponse(taskID: $0.id, system: system, text: text(RatedItem(taskID: $0.id, system: system)), provenance: .null)
                })
            }
            let items = BlindOrder.items(of: evaluation)
            let grades: [Grade] = [.a, .b, .c, .d, .a, .b]
            let script = "cd '\(folder.url.path)' && '\(CommandRunner.executable.path)' tui --no-generate; echo \"DONE $?\"; sleep 30"
            let session = try TmuxSession(name: "selfinstruct-eval-view-e2e-\(getpid())", width: 80, height: 24,
                                          environment: ["XDG_CONFIG_HOME": folder.url.path], script: script)
            defer { session.kill() }
            func see(blind: Bool = true, _ condition: @escaping (String) -> Bool) async throws -> String {
                let screen = try await session.waitFor(condition)
                if blind { #expect(!screen.contains("zebra") && !screen.contains("okapi"), "a system's name is on screen:\n\(screen)") }
                return screen
            }
            _ = try await see { $0.contains("8 Eval") }
            try session.send(":eval eval --rater ann", "Enter")
            for (index, item) in items.enumerated() {
                _ = try await see { $0.contains("rating as ann") && $0.contains(" \(index) of 6 graded") && $0.contains(text(item)) }
                try session.send(grades[index].rawValue.lowercased())
            }
            _ = try await see { $0.contains(" 6 of 6 graded") && $0.contains("every response is graded") }
            try session.send("q")
            // A pane caught mid-frame may not show it all yet: wait for the names too.
            _ = try await see(blind: false) { $0.contains("Evaluation · eval · 2 systems") && $0.contains("zebra-secret") && $0.contains("okapi-hidden") }
            try session.send("q")
            _ = try await see(blind: false) { $0.contains("DONE 0") }

            let records = try jsonLines(folder.file("eval/ratings/ann.jsonl"))
            #expect(records.map { RatedItem(taskID: $0["task"]?.stringValue ?? "", system: $0["system"]?.stringValue ?? "") } == items)
            #expect(records.map { $0["grade"]?.stringValue } == grades.map(\.rawValue))
            // Grade keys went to the rating screen, not to the pool: nothing was decided.
            let pool = try String(contentsOf: folder.file("pool.jsonl"), encoding: .utf8)
            #expect(!pool.contains(#""status": "accepted""#) && !pool.contains(#""status": "rejected""#))
        }
    }
}
