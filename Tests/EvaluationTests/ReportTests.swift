import Evaluation
import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import TestSupport
import Testing

@Suite struct ReportTests {
    /// Four tasks answered by "x" (exactly) and "y" (not), graded by ann and bob.
    private func ratedEvaluation(_ folder: TemporaryFolder) throws {
        let evaluation = try EvaluationFolder(path: folder.file("eval").path, creating: true)
        let tasks = (1...4).map { EvaluationTask(id: "t\($0)", instruction: "Say \($0).", input: "", reference: "\($0)") }
        try evaluation.add(tasks: tasks)
        try evaluation.add(responses: tasks.map { SystemResponse(taskID: $0.id, system: "x", text: $0.reference, provenance: .null) })
        try evaluation.add(responses: tasks.map { SystemResponse(taskID: $0.id, system: "y", text: "no", provenance: .null) })
        for (task, grade) in zip(["t1", "t2", "t3", "t4"], [Grade.a, .a, .b, .c]) {
            try evaluation.add(rating: Rating(taskID: task, system: "x", rater: "ann", grade: grade, time: "now"))
            try evaluation.add(rating: Rating(taskID: task, system: "y", rater: "bob", grade: .d, time: "now"))
        }
    }

    @Test func theReportFolderHoldsTheTableTheFigureAndTheCSV() async throws {
        try await withTemporaryFolder { folder in
            try ratedEvaluation(folder)
            let outcome = try await runCommand(["eval", "report", "-o", "out"], in: folder)
            #expect(outcome.status == 0, "\(outcome.stderr)")
            #expect(try folder.fileNames() == ["eval", "out"])
            #expect(try FileManager.default.contentsOfDirectory(atPath: folder.file("out").path).sorted() == ["pairwise.csv", "ratings.svg", "report.md", "systems.csv"])
            #expect(try folder.read("out/pairwise.csv") == "first,second,wins,ties,losses,sign_test_p\n")

            let csv = try folder.read("out/systems.csv").split(separator: "\n")
            #expect(csv.count == 3)
            #expect(csv[1].hasPrefix("x,4,1.0,1.0,1.0,1.0,1.0,4,2,1,1,0,4,0.75,"))
            #expect(csv[2].hasPrefix("y,4,0.0,0.0,0.0,0.0,0.0,4,0,0,0,4,4,0.0,0.0,"))

            let markdown = try folder.read("out/report.md")
            #expect(markdown.contains("| x | 4 | 1.0000 | 1.0000 (1.0000–1.0000) | 100.0% | 2 | 1 | 1 | 0 | 75.0% (30.1%–95.4%) |"), "\(markdown)")
            #expect(markdown.contains("![Grades per system](ratings.svg)"))

            let svg = try folder.read("out/ratings.svg")
            #expect(XMLParser(data: Data(svg.utf8)).parse())
            #expect(svg.contains("<title>A: 2 of 4</title>"))
            #expect(svg.contains("<title>D: 4 of 4</title>"))
            #expect(svg.contains(">50%</text>"))
            #expect(svg.contains("A: correct and satisfying"))
            #expect(svg.contains("<title>acceptable 75%, 95% interval 30–95%</title>"))
            #expect(svg.contains("<title>acceptable 0%, 95% interval 0–49%</title>"))
        }
    }

    @Test func summaryPrintsTheJSONShapeScriptsRead() async throws {
        try await withTemporaryFolder { folder in
            try ratedEvaluation(folder)
            let outcome = try await runCommand(["eval", "summary", "--json"], in: folder)
            #expect(outcome.stdout.hasPrefix(#"{"systems": {"x": {"tasks": 4, "rougeL_mean": 1.0, "rougeL_quartiles": [1.0, 1.0, 1.0, 1.0, 1.0], "exact_match": 1.0, "classification_like": 4, "ratings": {"A": 2, "B": 1, "C": 1, "D": 0}"#), "\(outcome.stdout)")
            #expect(outcome.stdout.contains(#""agreement": {"raters": ["ann", "bob"], "pairs": [{"raters": ["ann", "bob"], "items": 0, "kappa": null"#))
        }
    }

    @Test func rougeLQuartilesAreLinearBetweenRanksAsNumpysPercentile() {
        #expect(EvaluationSummary.quartiles([4, 0, 2, 1, 3]) == [0, 1, 2, 3, 4])
        // numpy.percentile([1, 2, 3, 4], [0, 25, 50, 75, 100]) = [1, 1.75, 2.5, 3.25, 4].
        #expect(EvaluationSummary.quartiles([1, 2, 3, 4]) == [1, 1.75, 2.5, 3.25, 4])
        #expect(EvaluationSummary.quartiles([0.5]) == [0.5, 0.5, 0.5, 0.5, 0.5])
        #expect(EvaluationSummary.quartiles([]).isEmpty)
    }

    @Test func theTerminalSummaryDrawsEachSystemsGradesAsAStackedBar() async throws {
        try await withTemporaryFolder { folder in
            try ratedEvaluation(folder)
            let outcome = try await runCommand(["eval", "summary"], in: folder)
            let lines = outcome.stdout.split(separator: "\n")
            // x: A 2, B 1, C 1 of 4 over 20 cells; y: D 4 of 4.
            #expect(lines.first { $0.hasPrefix("x ") }?.contains("██████████▓▓▓▓▓▒▒▒▒▒ 75.0% (30.1–95.4)") == true, "\(outcome.stdout)")
            #expect(lines.first { $0.hasPrefix("y ") }?.contains(String(repeating: "░", count: 20)) == true)
        }
    }

    @Test func aFolderWithoutAnEvaluationSaysHowToStartOne() async throws {
        try await withTemporaryFolder { folder in
            let outcome = try await runCommand(["eval", "summary"], in: folder)
            #expect(outcome.status == 1)
            #expect(outcome.stderr.contains("error: eval: no evaluation here yet; start one with `selfinstruct eval import FILE... --eval eval`."))
            #expect(try folder.fileNames().isEmpty)
        }
    }
}
