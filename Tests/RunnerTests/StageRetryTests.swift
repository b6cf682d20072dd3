import Foundation
import Testing
@testable import Engine
import LLM
import Pool
import TestSupport

/// The stages report what the answers came to, and `retryWithoutInstances` asks again for
/// the tasks an answer left without instances, and only those (plus failed ones).
@Suite struct StageRetryTests {
    static let threeInstructions = " Describe the water cycle in simple words.\n5. Name three famous painters from Spain.\n6. Explain how a rainbow forms in the sky."

    /// The instructions the server was asked about in instance prompts, in order.
    private func askedTasks(_ h: RunnerHarness, after count: Int) -> [String] {
        h.server.requests.dropFirst(count).compactMap { $0.json?["prompt"] as? String }.map { prompt in
            ["water cycle", "painters", "rainbow"].first { prompt.hasSuffix("\n") && prompt.contains("Task: \(Self.instruction($0))") } ?? "?"
        }
    }

    private static func instruction(_ key: String) -> String {
        switch key {
        case "water cycle": "Describe the water cycle in simple words."
        case "painters": "Name three famous painters from Spain."
        default: "Explain how a rainbow forms in the sky."
        }
    }

    @Test func retryAsksAgainOnlyForTasksLeftWithoutInstances() async throws {
        let h = try await RunnerHarness()
        h.server.enqueue(.completion(text: Self.threeInstructions))
        let engine = try h.engine()
        try await engine.run(.rounds(1))
        h.server.enqueue(.completion(text: " No"), .completion(text: " No"), .completion(text: " No"))
        #expect(try await engine.classify().report(.classification) == "classification: 3 asked, 3 classified (0 classification, 3 not), 0 failed")

        var before = h.server.receivedCount
        h.server.enqueue(.completion(text: "Output: Water evaporates and falls as rain."),
                         .completion(text: "Sure, here are some painters."),
                         .serverError(503), .serverError(503))
        let first = try await engine.generateInstances()
        #expect(first.report(.instances) == "instances: 3 asked, 1 with instances (1 none-parsed), 1 failed (1 serverError)")
        #expect(askedTasks(h, after: before) == ["water cycle", "painters", "rainbow", "rainbow"])

        // Without retry, only the failed task is asked again.
        before = h.server.receivedCount
        h.server.enqueue(.completion(text: "Output: Sunlight bends in raindrops."))
        #expect(try await engine.generateInstances().report(.instances) == "instances: 1 asked, 1 with instances, 0 failed")
        #expect(askedTasks(h, after: before) == ["rainbow"])

        // With retry, the task whose answer held nothing usable is asked again, and only it.
        before = h.server.receivedCount
        h.server.enqueue(.completion(text: "Output: Velázquez, Goya and Picasso."))
        let retried = try await engine.generateInstances(StageSelection(retryWithoutInstances: true))
        #expect(retried == StageSummary(asked: 1, updated: 1, withInstances: 1))
        #expect(askedTasks(h, after: before) == ["painters"])
        #expect(try await engine.generateInstances(StageSelection(retryWithoutInstances: true)) == StageSummary())
        try await engine.close()

        let records = try h.generated()
        #expect(records.map { $0.instances.map(\.output) } == [
            ["Water evaporates and falls as rain."], ["Velázquez, Goya and Picasso."], ["Sunlight bends in raindrops."],
        ])
        #expect(records.allSatisfy { $0.instancesWhy == nil })
        // Classification, first answer, retried answer: the painters' task has three revisions.
        #expect(records.map(\.revision) == [3, 4, 3])
        await h.finish()
    }

    @Test func chosenTasksAreAskedAgainWhateverTheyHaveAndAFailureNamesItsTask() async throws {
        let h = try await RunnerHarness()
        h.server.enqueue(.completion(text: Self.threeInstructions))
        let engine = try h.engine()
        try await engine.run(.rounds(1))
        h.server.enqueue(.completion(text: " No"), .completion(text: " No"), .completion(text: " No"),
                         .completion(text: "Output: Water evaporates."), .serverError(503), .serverError(503),
                         .completion(text: "Output: Sunlight bends."))
        let all = try await engine.runStages(.instances())
        #expect(all == .finished([StageSummary(asked: 3, updated: 3), StageSummary(asked: 3, updated: 2, failed: 1, withInstances: 2, failedByCause: ["serverError": 1])]))

        // The water cycle is asked again though it has an instance, and only it; its
        // classification stands.
        let before = h.server.receivedCount
        h.server.enqueue(.completion(text: "Output: Clouds form and rain falls."))
        let chosen = try await engine.runStages(.instances(StageSelection(tasks: ["r1-0-0"])))
        #expect(chosen == .finished([StageSummary(), StageSummary(asked: 1, updated: 1, withInstances: 1)]))
        #expect(askedTasks(h, after: before) == ["water cycle"])
        try await engine.close()
        let failedTasks = await h.allEvents().compactMap { event -> String? in
            if case .taskFailed(let id, let stage, _) = event { "\(id) \(stage)" } else { nil }
        }
        #expect(failedTasks == ["r1-0-1 instances"])

        let records = try h.generated()
        #expect(records.map { $0.instances.map(\.output) } == [["Clouds form and rain falls."], [], ["Sunlight bends."]])
        await h.finish()
    }

    @Test func selectionTakesTheFirstInstructionsAndOneKindOfTask() async throws {
        let h = try await RunnerHarness()
        h.server.enqueue(.completion(text: Self.threeInstructions))
        let engine = try h.engine()
        try await engine.run(.rounds(1))
        h.server.enqueue(.completion(text: " No"), .completion(text: " Yes"))
        #expect(try await engine.classify(StageSelection(firstInstructions: 2)) == StageSummary(asked: 2, updated: 2, classification: 1))

        var before = h.server.receivedCount
        h.server.enqueue(.completion(text: "Class label: Spanish\nName: Goya"))
        let clf = try await engine.generateInstances(StageSelection(firstInstructions: 2, taskKind: .classificationOnly))
        #expect(clf == StageSummary(asked: 1, updated: 1, withInstances: 1))
        #expect(askedTasks(h, after: before) == ["painters"])

        before = h.server.receivedCount
        h.server.enqueue(.completion(text: "Output: Water evaporates and falls as rain."))
        let generation = try await engine.generateInstances(StageSelection(taskKind: .generationOnly))
        #expect(generation == StageSummary(asked: 1, updated: 1, skipped: 1, withInstances: 1))
        #expect(askedTasks(h, after: before) == ["water cycle"])
        try await engine.close()

        let records = try h.generated()
        #expect(records.map(\.isClassification) == [false, true, nil])
        #expect(records.map(\.instances.count) == [1, 1, 0])
        await h.finish()
    }
}
