import Evaluation
import Foundation
import TestSupport
import Testing

@Suite struct FiguresTests {
    @Test func exactMatchCountsOnlyClassificationLikeTasks() throws {
        try withTemporaryFolder { folder in
            let evaluation = try EvaluationFolder(path: folder.file("eval").path, creating: true)
            try evaluation.add(tasks: [
                EvaluationTask(id: "label", instruction: "Is it spam?", input: "Win money", reference: "Spam"),
                EvaluationTask(id: "marked", instruction: "Pick one.", input: "", reference: "a much longer label than three words", isClassification: true),
                EvaluationTask(id: "open", instruction: "Write a poem.", input: "", reference: "Roses are red, violets are blue."),
                EvaluationTask(id: "unmarked", instruction: "Name it.", input: "", reference: "Paris", isClassification: false),
            ])
            try evaluation.add(responses: [
                SystemResponse(taskID: "label", system: "s", text: " spam\n", provenance: .null),
                SystemResponse(taskID: "marked", system: "s", text: "another label", provenance: .null),
                SystemResponse(taskID: "open", system: "s", text: "Roses are red, violets are blue.", provenance: .null),
                SystemResponse(taskID: "unmarked", system: "s", text: "Paris", provenance: .null),
            ])
            let system = try #require(EvaluationSummary(try EvaluationFolder(path: evaluation.path, creating: false)).systems.first)
            #expect(system.classificationLike == 2)
            #expect(system.exactMatch == 0.5)
            let stored = try String(contentsOf: folder.file("eval/tasks.jsonl"), encoding: .utf8)
            #expect(stored.contains(#""is_classification": true"#) && stored.contains(#""is_classification": false"#))
        }
    }

    @Test func gradeBarsFillTheirWidthByLargestRemainders() {
        let widths = GradeBar.widths([.a: 1, .b: 1, .c: 1], width: 10)
        #expect(widths.map(\.width) == [4, 3, 3, 0])
        #expect(GradeBar.text([.a: 2, .b: 1, .c: 0, .d: 1], width: 8) == "████▓▓░░")
        #expect(GradeBar.text([:], width: 5) == "     ")
        for total in 1...30 {
            let counts: [Grade: Int] = [.a: total % 7, .b: total % 5, .c: total % 3 + 1, .d: total]
            #expect(GradeBar.widths(counts, width: 23).map(\.width).reduce(0, +) == 23)
        }
    }
}
