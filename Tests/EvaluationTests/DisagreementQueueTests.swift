import Evaluation
import Foundation
import RatingScreen
import Terminal
import TestSupport
import Testing

/// Three tasks answered by "x" and "y": ann and bob agree on two responses and disagree on
/// four; cy graded one of those four too.
private func makeEvaluation(in folder: TemporaryFolder) throws -> EvaluationFolder {
    let evaluation = try EvaluationFolder(path: folder.file("eval").path, creating: true, blindSeed: 3)
    let tasks = (1...3).map { EvaluationTask(id: "t\($0)", instruction: "Say \($0).", input: "", reference: "\($0)") }
    try evaluation.add(tasks: tasks)
    for system in ["x-secret", "y-secret"] {
        try evaluation.add(responses: tasks.map { SystemResponse(taskID: $0.id, system: system, text: "answer \($0.id)", provenance: .null) })
    }
    let ann: [Grade] = [.a, .b, .c, .d, .a, .b], bob: [Grade] = [.a, .c, .c, .a, .b, .d]
    for (index, task) in ["t1", "t2", "t3", "t1", "t2", "t3"].enumerated() {
        let system = index < 3 ? "x-secret" : "y-secret"
        try evaluation.add(rating: Rating(taskID: task, system: system, rater: "ann", grade: ann[index], time: "now"))
        try evaluation.add(rating: Rating(taskID: task, system: system, rater: "bob", grade: bob[index], time: "now"))
    }
    try evaluation.add(rating: Rating(taskID: "t3", system: "x-secret", rater: "cy", grade: .d, time: "now"))
    return evaluation
}

@Suite(.serialized) struct DisagreementQueueTests {
    init() { setlocale(LC_ALL, "C.UTF-8") }

    @Test func theBookListsEveryResponseWhoseRatersGradedItDifferently() throws {
        try withTemporaryFolder { folder in
            let evaluation = try makeEvaluation(in: folder)
            let disagreements = RatingBook(evaluation.ratingRecords).disagreements
            // ann and bob differ on x·t2, y·t1, y·t2, y·t3; cy's D makes x·t3 one too.
            #expect(Set(disagreements.keys) == [
                RatedItem(taskID: "t2", system: "x-secret"), RatedItem(taskID: "t3", system: "x-secret"),
                RatedItem(taskID: "t1", system: "y-secret"), RatedItem(taskID: "t2", system: "y-secret"),
                RatedItem(taskID: "t3", system: "y-secret"),
            ])
            #expect(disagreements[RatedItem(taskID: "t3", system: "x-secret")] == ["ann": .c, "bob": .c, "cy": .d])
            #expect(EvaluationSummary(evaluation).disagreements == 5)
        }
    }

    @Test func theQueueShowsTheOthersGradesBlindAndARegradeThatAgreesSettlesIt() throws {
        try withTemporaryFolder { folder in
            let evaluation = try makeEvaluation(in: folder)
            var state = RatingState(folder: evaluation, rater: "ann", size: Size(width: 80, height: 24), disagreementsOnly: true)
            #expect(state.items.count == 5)
            #expect(state.items == BlindOrder.items(of: evaluation).filter { Set(state.items).contains($0) })
            #expect(state.progress == "0 of 5 settled")
            let item = try #require(state.item)
            let bobs = try #require(RatingBook(evaluation.ratingRecords).disagreements[item]?["bob"])
            let text = state.render().lines().joined(separator: "\n")
            #expect(text.contains("graded \(bobs.rawValue) by bob"), "\(text)")
            #expect(!text.contains("secret"))
            state.handle(.character(Character(bobs.rawValue.lowercased())), storingIn: evaluation) { "now" }
            #expect(state.current == 1)
            let records = try jsonLines(folder.file("eval/ratings/ann.jsonl"))
            #expect(records.last?["grade"]?.stringValue == bobs.rawValue)
            let reopened = RatingState(folder: try EvaluationFolder(path: evaluation.path, creating: false), rater: "ann",
                                       size: state.size, disagreementsOnly: true)
            // Settled between ann and bob, it leaves the queue unless cy still differs.
            #expect(reopened.items.contains(item) == (item == RatedItem(taskID: "t3", system: "x-secret")))
        }
    }
}
