import Foundation
import JSONLines
import Pool
import QualityReview
import TestSupport
import Testing

/// The built `selfinstruct review` in a real terminal (tmux): ann answers 6 items, quits,
/// starts again and answers the other 4; bob answers all 10 and settles one disagreement.
/// Then the review file and `review --summary --json` are checked against the figures of
/// `ReviewStatisticsTests`, worked out by hand.
@Suite("Review end to end in tmux", .serialized)
struct ReviewEndToEndTests {
    /// Who says no to which question about which item (by its place in the sample); yes to
    /// everything else. The same answers as `ReviewStatisticsTests.book()`.
    static let noes: [String: [ReviewQuestion: Set<Int>]] = [
        "ann": [.instruction: [9], .input: [8, 9], .output: [5, 8, 9]],
        "bob": [.instruction: [8, 9], .input: [8, 9], .output: []],
    ]

    /// Twelve accepted tasks with instances (their instructions carry an escape sequence),
    /// a seed, a pending and a rejected task.
    static func makePool(in folder: TemporaryFolder) throws {
        let pool = try PoolFile(at: folder.pool)
        var records = [
            PoolRecord(id: "seed_task_0", instruction: "Write a poem about the ocean.", instances: [Instance(input: "", output: "Waves.")], status: .seed),
            PoolRecord(id: "r1-0-0", instruction: "Name a fruit.", instances: [Instance(input: "", output: "Apple")], status: .pending),
            PoolRecord(id: "r1-0-1", instruction: "Name a tree.", instances: [Instance(input: "", output: "Oak")], status: .rejected),
        ]
        records += (0..<12).map { index in
            PoolRecord(id: "r2-0-\(index)", instruction: "Task \(index): \u{1B}]0;pwned\u{07}describe item \(index).",
                       instances: (0...index % 2).map { Instance(input: "input \(index).\($0)", output: "output \(index).\($0)") }, status: .accepted)
        }
        _ = try pool.add(contentsOf: records)
        try pool.close()
    }

    @Test(.enabled(if: TmuxSession.tmuxPath != nil, "tmux is not installed; scripts/test installs it"))
    func twoReviewersAnswerAcrossAQuitAndTheSummaryHasTheHandComputedTableAndKappa() async throws {
        try await withTemporaryFolder { folder in
            try Self.makePool(in: folder)
            let review = "'\(CommandRunner.executable.path)' review --pool pool.jsonl --sample 10 --seed 3 --reviewer"
            // `read` holds each next session until the test has seen the last one's exit line.
            let script = "cd '\(folder.url.path)' && \(review) ann; echo \"FIRST $?\"; read go; \(review) ann; echo \"SECOND $?\"; read go; "
                + "\(review) bob; echo \"THIRD $?\"; sleep 30"
            let session = try TmuxSession(name: "selfinstruct-review-e2e-\(getpid())", width: 100, height: 30,
                                          environment: ["XDG_CONFIG_HOME": folder.url.path], script: script)
            defer { session.kill() }
            func answer(_ items: Range<Int>, as reviewer: String) async throws {
                for item in items {
                    let screen = try await session.waitFor {
                        $0.contains("review as \(reviewer)") && $0.contains(" \(item) of 10 answered") && $0.contains("Task \(item + 1) of 10 ·")
                            && $0.contains("▸ 1. Does the instruction")
                    }
                    #expect(screen.contains("␛]0;pwned␇describe item"), "the escape sequence is not shown visibly:\n\(screen)")
                    for question in ReviewQuestion.allCases {
                        let no = Self.noes[reviewer]?[question]?.contains(item) ?? false
                        try session.send(no ? "n" : "y")
                    }
                }
            }

            try await answer(0..<6, as: "ann")
            _ = try await session.waitFor { $0.contains(" 6 of 10 answered") }
            try session.send("q")
            _ = try await session.waitFor { $0.contains("6 of 10 items answered by ann") && $0.contains("FIRST 0") }
            try session.send("Enter")
            try await answer(6..<10, as: "ann")
            _ = try await session.waitFor { $0.contains(" 10 of 10 answered") && $0.contains("all 10 items answered") }
            try session.send("q")
            _ = try await session.waitFor { $0.contains("10 of 10 items answered by ann") && $0.contains("SECOND 0") }
            try session.send("Enter")
            try await answer(0..<10, as: "bob")
            _ = try await session.waitFor { $0.contains("review as bob") && $0.contains(" 10 of 10 answered") }
            // The four disagreements, in item and question order; the first is item 5's output
            // (ann no, bob yes), settled yes.
            try session.send("D")
            _ = try await session.waitFor { $0.contains("Disagreement 1 of 4 · task 6") && $0.contains("ann: no · bob: yes") }
            try session.send("y")
            _ = try await session.waitFor { $0.contains("Disagreement 1 of 3 · task 9") }
            try session.send("q")
            _ = try await session.waitFor { $0.contains("10 of 10 items answered by bob") && $0.contains("THIRD 0") }

            // Every key is one line, in the order pressed, for the item's record.
            let text = try String(contentsOf: folder.file("pool.review.jsonl"), encoding: .utf8)
            let lines: [JSONValue] = try text.split(separator: "\n").map { try JSONParser.parse($0) }
            // The sample and its 10 items, ann's 30 answers, bob's 30 and bob's settlement.
            #expect(lines.count == 72)
            let ids: [String] = lines[1...10].map { $0["id"]?.stringValue ?? "" }
            let accepted = Set((0..<12).map { "r2-0-\($0)" })
            #expect(Set(ids).count == 10 && Set(ids).isSubset(of: accepted))
            for (index, line) in lines[11..<71].enumerated() {
                let reviewer = index < 30 ? "ann" : "bob", item = index % 30 / 3, question = ReviewQuestion.allCases[index % 3]
                let expected: Bool = !(Self.noes[reviewer]?[question]?.contains(item) ?? false)
                #expect(line["type"] == .string("answer") && line["reviewer"] == .string(reviewer))
                #expect(line["item"] == .number(item) && line["question"] == .string(question.rawValue))
                #expect(line["id"]?.stringValue == ids[item])
                #expect(line["answer"] == .bool(expected), "\(reviewer) item \(item) \(question)")
            }
            #expect(lines[71]["type"] == .string("settled") && lines[71]["item"] == .number(5))
            #expect(lines[71]["question"] == .string("output") && lines[71]["answer"] == .bool(true))

            let outcome = try await CommandRunner.run(["review", "--pool", "pool.jsonl", "--summary", "--json"], directory: folder.url)
            #expect(outcome.status == 0, "\(outcome.stderr)")
            let summary = try JSONParser.parse(Substring(outcome.stdout.trimmingCharacters(in: .whitespacesAndNewlines)))
            func row(_ table: JSONValue?, _ key: String) -> (yes: Int?, answered: Int?, share: Double, low: Double, high: Double) {
                let row = table?[key]
                return (row?["yes"]?.intValue, row?["answered"]?.intValue, row?["share"]?.doubleValue ?? -1,
                        row?["low"]?.doubleValue ?? -1, row?["high"]?.doubleValue ?? -1)
            }
            // ann: 9, 8, 7 and 7 (all fields) of 10. 9 of 10 is 90% in 0.595850 … 0.982124;
            // 7 of 10 is 70% in 0.396778 … 0.892209 (worked out in ReviewStatisticsTests).
            let ann = summary["reviewers"]?["ann"]?["table"]
            #expect(summary["reviewers"]?["ann"]?["completed"] == .number(10))
            let annInstruction = row(ann, "instruction")
            #expect(annInstruction.yes == 9 && annInstruction.answered == 10)
            #expect(abs(annInstruction.share - 0.9) < 1e-12 && abs(annInstruction.low - 0.595850) < 1e-6 && abs(annInstruction.high - 0.982124) < 1e-6)
            let annAll = row(ann, "all_fields")
            #expect(annAll.yes == 7 && annAll.answered == 10 && abs(annAll.low - 0.396778) < 1e-6 && abs(annAll.high - 0.892209) < 1e-6)
            // The agreed table, item 5's output settled yes: instruction 8 of 9 (item 8 left
            // out): centre (8/9 + z²/18) / (1 + z²/9) = 1.102304 / 1.426829 = 0.772555,
            // half-width z / 1.426829 · √(8/729 + z²/324) = 1.373650 · 0.151097 = 0.207554:
            // 0.565000 … 0.980109. Output 8 of 8 (items 8 and 9 left out); all fields 8 of 8.
            let table = summary["table"]
            let instruction = row(table, "instruction")
            #expect(instruction.yes == 8 && instruction.answered == 9)
            #expect(abs(instruction.low - 0.565000) < 1e-6 && abs(instruction.high - 0.980109) < 1e-6)
            #expect(row(table, "input").yes == 8 && row(table, "input").answered == 10)
            #expect(row(table, "output").yes == 8 && row(table, "output").answered == 8)
            #expect(row(table, "all_fields").yes == 8 && row(table, "all_fields").answered == 8)
            #expect(summary["unsettled"] == .number(3))
            // κ: instruction pₒ = 0.9, pₑ = 0.9·0.8 + 0.1·0.2 = 0.74, κ = 0.16/0.26 = 0.615385;
            // input the same answers, κ = 1; output pₒ = pₑ = 0.7, κ = 0.
            let pair = try #require(summary["agreement"]?.arrayValue?.first)
            #expect(pair["reviewers"] == .array([.string("ann"), .string("bob")]))
            #expect(abs((pair["kappa"]?["instruction"]?["kappa"]?.doubleValue ?? 0) - 0.16 / 0.26) < 1e-12)
            #expect(pair["kappa"]?["instruction"]?["items"] == .number(10))
            #expect(pair["kappa"]?["input"]?["kappa"]?.doubleValue == 1)
            #expect(pair["kappa"]?["output"]?["kappa"]?.doubleValue == 0)
            #expect(pair["disagreements"] == .number(4) && pair["unsettled"] == .number(3))

            let printed = try await CommandRunner.run(["review", "--pool", "pool.jsonl", "--summary"], directory: folder.url)
            #expect(printed.stdout.contains("88.9% (56.5–98.0)"), "\(printed.stdout)")
        }
    }
}
