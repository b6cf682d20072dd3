import Evaluation
import Foundation
import TestSupport
import Testing

@Suite struct BlindOrderTests {
    @Test func theOrderIsAPermutationFixedBySeedAndTaskAndVariesBetweenTasks() {
        let systems = ["a", "b", "c", "d", "e", "f"]
        let orders = (0..<50).map { BlindOrder.systems(systems, for: "task-\($0)", seed: 7) }
        #expect(orders.allSatisfy { $0.sorted() == systems })
        #expect(orders == (0..<50).map { BlindOrder.systems(systems.reversed(), for: "task-\($0)", seed: 7) })
        #expect(Set(orders).count > 10)
        #expect(Set(orders.map(\.first)).count == systems.count)
        #expect(orders != (0..<50).map { BlindOrder.systems(systems, for: "task-\($0)", seed: 8) })
    }

    @Test func theSeedIsStoredOnceAndRatingsLandInTheRatersFile() throws {
        try withTemporaryEvaluation { folder in
            let again = try EvaluationFolder(path: folder.path, creating: true)
            #expect(again.blindSeed == folder.blindSeed)
            #expect(BlindOrder.items(of: folder).count == 4)
            try folder.add(rating: Rating(taskID: "t1", system: "x", rater: "ann", grade: .b, note: "terse", time: "2026-01-01T00:00:00Z"))
            try folder.add(rating: Rating(taskID: "t1", system: "x", rater: "ann", grade: nil, time: "2026-01-01T00:00:01Z"))
            let lines = try jsonLines(URL(fileURLWithPath: folder.path + "/ratings/ann.jsonl"))
            #expect(lines.map { $0.jsonText } == [
                #"{"task": "t1", "system": "x", "rater": "ann", "grade": "B", "note": "terse", "time": "2026-01-01T00:00:00Z"}"#,
                #"{"task": "t1", "system": "x", "rater": "ann", "grade": null, "time": "2026-01-01T00:00:01Z"}"#,
            ])
            #expect(throws: EvaluationError.self) {
                try folder.add(rating: Rating(taskID: "t1", system: "x", rater: "../evil", grade: .a, time: ""))
            }
        }
    }

    @Test func aLineTornByACrashStaysABadLineOfItsOwn() throws {
        try withTemporaryEvaluation { folder in
            let path = folder.path + "/ratings/ann.jsonl"
            try Data(#"{"task": "t1", "system": "x", "rat"#.utf8).write(to: URL(fileURLWithPath: path))
            let reopened = try EvaluationFolder(path: folder.path, creating: false)
            try reopened.add(rating: Rating(taskID: "t2", system: "x", rater: "ann", grade: .a, time: "now"))
            let loaded = try EvaluationFolder(path: folder.path, creating: false)
            #expect(loaded.ratingRecords.map(\.taskID) == ["t2"])
            #expect(loaded.problems.map(\.location) == [path + ":1"])
        }
    }
}
