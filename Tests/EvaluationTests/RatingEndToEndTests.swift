import Evaluation
import Foundation
import JSONLines
import TestSupport
import Testing

/// The built `selfinstruct eval rate` in a real terminal (tmux): ann grades 12 of 18
/// responses, quits, starts again and grades the other 6; bob grades the first 12. Every
/// pane the test waits on is checked for the systems' names; then the rating files and
/// `eval summary --json` are checked against figures worked out by hand.
@Suite("Rating end to end in tmux", .serialized)
struct RatingEndToEndTests {
    /// Grades by rater, system and task (t1…t9): ann grades all nine tasks, bob the first
    /// six, the first twelve responses of the blind order.
    static let grades: [String: [String: [Grade]]] = [
        "ann": ["zebra-secret": [.a, .a, .a, .b, .b, .c, .d, .a, .b], "okapi-hidden": [.c, .d, .b, .a, .c, .d, .d, .c, .b]],
        "bob": ["zebra-secret": [.a, .a, .b, .b, .c, .c], "okapi-hidden": [.c, .d, .b, .b, .c, .d]],
    ]

    /// What a response says: a marker the test finds on screen, never the system's name.
    static func text(_ item: RatedItem) -> String { "reply \(item.taskID)-\(item.system == "zebra-secret" ? "P" : "Q")" }

    /// Nine tasks, each answered by both systems with its marker text.
    static func makeEvaluation(in folder: TemporaryFolder) throws -> EvaluationFolder {
        let evaluation = try EvaluationFolder(path: folder.file("eval").path, creating: true, blindSeed: 5)
        let tasks = (1...9).map { EvaluationTask(id: "t\($0)", instruction: "Answer question \($0).", input: "", reference: "\($0)") }
        try evaluation.add(tasks: tasks)
        for system in ["zebra-secret", "okapi-hidden"] {
            try evaluation.add(responses: tasks.map {
                SystemResponse(taskID: $0.id, system: system, text: Self.text(RatedItem(taskID: $0.id, system: system)), provenance: .null)
            })
        }
        return evaluation
    }

    @Test(.enabled(if: TmuxSession.tmuxPath != nil, "tmux is not installed; scripts/test installs it"))
    func twoRatersGradeAcrossAQuitAndTheSummaryHasTheHandComputedSharesAndKappa() async throws {
        try await withTemporaryFolder { folder in
            let evaluation = try Self.makeEvaluation(in: folder)
            let items = BlindOrder.items(of: evaluation)
            #expect(items.count == 18)

            let rate = "'\(CommandRunner.executable.path)' eval rate --eval eval --rater"
            // `read` holds each next session until the test has seen the last one's exit line.
            let script = "cd '\(folder.url.path)' && \(rate) ann; echo \"FIRST $?\"; read go; \(rate) ann; echo \"SECOND $?\"; read go; "
                + "\(rate) bob; echo \"THIRD $?\"; sleep 30"
            let session = try TmuxSession(name: "selfinstruct-rate-e2e-\(getpid())", width: 80, height: 24,
                                          environment: ["XDG_CONFIG_HOME": folder.url.path], script: script)
            defer { session.kill() }
            /// Waits for `condition`, and checks that the pane names no system.
            func see(_ condition: @escaping (String) -> Bool) async throws -> String {
                let screen = try await session.waitFor(condition)
                #expect(!screen.contains("zebra") && !screen.contains("okapi"), "a system's name is on screen:\n\(screen)")
                return screen
            }
            func grade(_ range: Range<Int>, as rater: String) async throws {
                for index in range {
                    let item = items[index]
                    _ = try await see { $0.contains("rating as \(rater)") && $0.contains(" \(index) of 18 graded") && $0.contains(Self.text(item)) }
                    let number = Int(item.taskID.dropFirst())! - 1
                    try session.send(Self.grades[rater]![item.system]![number].rawValue.lowercased())
                }
            }

            try await grade(0..<12, as: "ann")
            _ = try await see { $0.contains(" 12 of 18 graded") }
            try session.send("q")
            _ = try await see { $0.contains("12 of 18 responses graded by ann") && $0.contains("FIRST 0") }
            try session.send("Enter")
            try await grade(12..<18, as: "ann")
            _ = try await see { $0.contains(" 18 of 18 graded") && $0.contains("every response is graded") }
            try session.send("q")
            _ = try await see { $0.contains("18 of 18 responses graded by ann") && $0.contains("SECOND 0") }
            try session.send("Enter")
            try await grade(0..<12, as: "bob")
            _ = try await see { $0.contains("rating as bob") && $0.contains(" 12 of 18 graded") }
            try session.send("q")
            _ = try await see { $0.contains("12 of 18 responses graded by bob") && $0.contains("THIRD 0") }

            // Each grade is one line in its rater's file, as given.
            for (rater, count) in [("ann", 18), ("bob", 12)] {
                let records = try jsonLines(folder.file("eval/ratings/\(rater).jsonl"))
                #expect(records.count == count)
                for record in records {
                    let task = try #require(record["task"]?.stringValue), system = try #require(record["system"]?.stringValue)
                    let expected = Self.grades[rater]?[system]?[Int(task.dropFirst())! - 1]
                    #expect(record["grade"]?.stringValue == expected?.rawValue, "\(rater) \(task) \(system)")
                }
            }

            let outcome = try await runCommand(["eval", "summary", "--json", "--eval", "eval"], in: folder)
            #expect(outcome.status == 0, "\(outcome.stderr)")
            let summary = try JSONParser.parse(Substring(outcome.stdout.trimmingCharacters(in: .whitespacesAndNewlines)))
            // zebra, pooled: ann A4 B3 C1 D1, bob A2 B2 C2: A6 B5 C3 D1, 11 of 15 acceptable.
            // okapi, pooled: ann A1 B2 C3 D3, bob B2 C2 D2: A1 B4 C5 D5, 5 of 15 acceptable.
            let zebra = summary["systems"]?["zebra-secret"], okapi = summary["systems"]?["okapi-hidden"]
            #expect(zebra?["ratings"] == .object(["A": .number(6), "B": .number(5), "C": .number(3), "D": .number(1)]))
            #expect(okapi?["ratings"] == .object(["A": .number(1), "B": .number(4), "C": .number(5), "D": .number(5)]))
            #expect(abs((zebra?["acceptable"]?["share"]?.doubleValue ?? 0) - 11.0 / 15.0) < 1e-12)
            #expect(abs((okapi?["acceptable"]?["share"]?.doubleValue ?? 0) - 5.0 / 15.0) < 1e-12)
            // ann and bob share 12 responses and agree on 9: pₒ = 0.75. ann gave A4 B3 C3 D2,
            // bob A2 B4 C4 D2, so pₑ = (8 + 12 + 12 + 4)/144 = 0.25 and κ = 0.5/0.75 = 2/3.
            // Acceptable or not: they differ only on zebra's t5 (B against C): pₒ = 11/12;
            // ann 7 of 12 acceptable, bob 6: pₑ = (7·6 + 5·6)/144 = 0.5 and κ = 5/6.
            let pair = try #require(summary["agreement"]?["pairs"]?.arrayValue?.first)
            #expect(pair["raters"] == .array([.string("ann"), .string("bob")]))
            #expect(pair["items"] == .number(12))
            #expect(abs((pair["kappa"]?.doubleValue ?? 0) - 2.0 / 3.0) < 1e-12)
            #expect(abs((pair["kappa_acceptable"]?.doubleValue ?? 0) - 5.0 / 6.0) < 1e-12)

            // The report carries the same hand-worked figures.
            #expect(try await runCommand(["eval", "report", "--eval", "eval", "-o", "out"], in: folder).status == 0)
            let rows = try folder.read("out/systems.csv").split(separator: "\n").map { $0.split(separator: ",", omittingEmptySubsequences: false) }
            let zebraRow = try #require(rows.first { $0.first == "zebra-secret" }), okapiRow = try #require(rows.first { $0.first == "okapi-hidden" })
            // A, B, C, D and rated follow system, tasks, the ROUGE-L mean and quartiles, exact and its count.
            #expect(zebraRow[8...12].map(String.init) == ["6", "5", "3", "1", "15"])
            #expect(okapiRow[8...12].map(String.init) == ["1", "4", "5", "5", "15"])
            #expect(Double(zebraRow[13]) == 11.0 / 15.0 && Double(okapiRow[13]) == 5.0 / 15.0)
            let markdown = try folder.read("out/report.md")
            #expect(markdown.contains("| ann · bob | 12 | 0.667 | 0.833 |"), "\(markdown)")
            #expect(markdown.contains("3 responses have grades that differ between raters"))
        }
    }

    /// `eval rate --pairwise`: cat judges five tasks, quits, and judges the other four in a
    /// new session, pressing 1 or 2 for the side the test finds its winner's text on.
    @Test(.enabled(if: TmuxSession.tmuxPath != nil, "tmux is not installed; scripts/test installs it"))
    func pairwiseChoicesSurviveAQuitAndTheSummaryHasTheHandComputedSignTest() async throws {
        try await withTemporaryFolder { folder in
            _ = try Self.makeEvaluation(in: folder)
            let rate = "'\(CommandRunner.executable.path)' eval rate --eval eval --rater cat --pairwise zebra-secret,okapi-hidden"
            let script = "cd '\(folder.url.path)' && \(rate); echo \"FIRST $?\"; read go; \(rate); echo \"SECOND $?\"; sleep 30"
            let session = try TmuxSession(name: "selfinstruct-pairwise-e2e-\(getpid())", width: 80, height: 24,
                                          environment: ["XDG_CONFIG_HOME": folder.url.path], script: script)
            defer { session.kill() }
            // okapi wins t1–t7, zebra t8, t9 is a tie.
            func judge(_ range: ClosedRange<Int>) async throws {
                for number in range {
                    let task = "t\(number)"
                    let screen = try await session.waitFor {
                        $0.contains(" \(number - 1) of 9 judged") && $0.contains("reply \(task)-P") && $0.contains("reply \(task)-Q")
                    }
                    #expect(!screen.contains("zebra") && !screen.contains("okapi"), "a system's name is on screen:\n\(screen)")
                    let winner = number == 8 ? "reply \(task)-P" : "reply \(task)-Q", loser = number == 8 ? "reply \(task)-Q" : "reply \(task)-P"
                    let winnerFirst = try #require(screen.range(of: winner)).lowerBound < (try #require(screen.range(of: loser))).lowerBound
                    try session.send(number == 9 ? "=" : winnerFirst ? "1" : "2")
                }
            }
            try await judge(1...5)
            _ = try await session.waitFor { $0.contains(" 5 of 9 judged") }
            try session.send("q")
            _ = try await session.waitFor { $0.contains("5 of 9 tasks judged by cat") && $0.contains("FIRST 0") }
            try session.send("Enter")
            try await judge(6...9)
            _ = try await session.waitFor { $0.contains(" 9 of 9 judged") && $0.contains("every task is judged") }
            try session.send("q")
            _ = try await session.waitFor { $0.contains("9 of 9 tasks judged by cat") && $0.contains("SECOND 0") }

            let records = try jsonLines(folder.file("eval/pairwise/cat.jsonl"))
            #expect(records.count == 9)
            #expect(!FileManager.default.fileExists(atPath: folder.file("eval/ratings/cat.jsonl").path))
            let outcome = try await runCommand(["eval", "summary", "--json", "--eval", "eval"], in: folder)
            #expect(outcome.status == 0, "\(outcome.stderr)")
            let summary = try JSONParser.parse(Substring(outcome.stdout.trimmingCharacters(in: .whitespacesAndNewlines)))
            let tally = try #require(summary["pairwise"]?.arrayValue?.first)
            #expect(tally["systems"] == .array([.string("okapi-hidden"), .string("zebra-secret")]))
            #expect(tally["wins"] == .number(7) && tally["ties"] == .number(1) && tally["losses"] == .number(1))
            // 7 to 1, the tie left out: 2·(C(8,0) + C(8,1))/2⁸ = 18/256.
            #expect(abs((tally["sign_test_p"]?.doubleValue ?? 0) - 0.0703125) < 1e-12)
        }
    }
}
