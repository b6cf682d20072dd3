import Foundation
import Testing
@testable import Engine
import LLM
import Pool
import TestSupport

@Suite struct RunLifecycleTests {
    @Test func supervisedRunWaitsAtMaxPendingAndContinuesAfterADecision() async throws {
        let h = try await RunnerHarness()
        h.server.enqueue(
            .completion(text: " Describe the water cycle in simple words.\n5. Name three famous painters from Spain."),
            .completion(text: " Explain why the sky looks blue during the day."))
        let engine = try h.engine(mode: .supervised(maxPending: 2))
        let run = Task { try await engine.run(.rounds(2)) }
        while await engine.state != .waitingForReview { await Task.yield() }
        #expect(await engine.pendingCount == 2)
        #expect(h.server.requests.count == 1)
        // Pending candidates count as comparisons and demonstrations wait for a decision.
        try await engine.decide(["r1-0-1"], status: .rejected)
        try await run.value
        try await engine.close()
        let records = try h.generated()
        #expect(records.map(\.id) == ["r1-0-0", "r1-0-1", "r2-0-0"])
        #expect(records.map(\.status) == [.pending, .rejected, .pending])
        #expect(records[1].why?.kind == .human)
        #expect(h.events.contains { if case .stateChanged(.waitingForReview) = $0 { true } else { false } })
        await h.finish()
    }

    @Test func pauseHoldsTheNextRoundUntilResume() async throws {
        let h = try await RunnerHarness()
        let engine = try h.engine()
        await engine.pause()
        let run = Task { try await engine.run(.rounds(1)) }
        while await engine.state != .paused { await Task.yield() }
        #expect(h.server.requests.isEmpty)
        await engine.resume()
        try await run.value
        try await engine.close()
        #expect(h.server.requests.count == 1)
        await h.finish()
    }

    @Test func stopEndsAnUntilStoppedRunAfterTheRound() async throws {
        let h = try await RunnerHarness()
        let engine = try h.engine()
        let run = Task { try await engine.run(.untilStopped) }
        while (try h.records().filter { $0.round != nil }).isEmpty { await Task.yield() }
        await engine.stop()
        try await run.value
        try await engine.close()
        let rounds = Set(try h.generated().compactMap(\.round))
        #expect(rounds.count == rounds.max())
        await h.finish()
    }

    @Test func aRoundKilledMidwayLeavesNothingAndIsGeneratedAgainWithTheSamePrompts() async throws {
        let h = try await RunnerHarness()
        h.server.enqueue(
            .completion(text: " Describe the water cycle in simple words."),
            .completion(text: " Name three famous painters from Spain."),
            .delayed(.seconds(60), .completion(text: " never sent")))
        let first = try h.engine(promptsPerRound: 2)
        let killed = Task { try await first.run(.rounds(2)) }
        await h.server.waitForRequests(3)
        killed.cancel()
        await #expect(throws: CancellationError.self) { try await killed.value }
        try await first.close()
        // Only round 1 is in the pool, whole.
        #expect(try h.generated().map(\.round) == [1, 1])
        let killedPrompts = h.server.requests[2...].compactMap { $0.json?["prompt"] as? String }

        h.server.enqueue(
            .completion(text: " Explain why the sky looks blue during the day."),
            .completion(text: " List the planets of the solar system in order."))
        let engine = try h.engine(promptsPerRound: 2)
        try await engine.run(.rounds(1))
        try await engine.close()
        let records = try h.generated()
        #expect(records.map(\.id) == ["r1-0-0", "r1-1-0", "r2-0-0", "r2-1-0"])
        let retriedPrompts = h.server.requests.suffix(2).compactMap { $0.json?["prompt"] as? String }
        #expect(Set(killedPrompts).isSubset(of: Set(retriedPrompts)))
        await h.finish()
    }

    @Test func theSameSeedAndAnswersWriteTheSamePool() async throws {
        var files: [String] = []
        for _ in 0..<2 {
            let h = try await RunnerHarness()
            h.server.enqueue(
                .completion(text: " Describe the water cycle in simple words.\n5. Name three famous painters from Spain."),
                .completion(text: " Explain why the sky looks blue during the day.\n5. Describe the water cycle in simple words."),
                .completion(text: " List the planets of the solar system in order."))
            let engine = try h.engine()
            try await engine.run(.rounds(3))
            try await engine.close()
            files.append(try String(contentsOf: h.poolURL, encoding: .utf8)
                .replacingOccurrences(of: h.server.baseURL, with: "ENDPOINT"))
            await h.finish()
        }
        #expect(files[0] == files[1])
        #expect(files[0].contains("r3-0-0"))
    }

    @Test func inOrderReleaseHoldsResultsUntilTheirPredecessorsArrive() {
        var release = InOrderRelease()
        #expect(release.arrive(2).isEmpty)
        #expect(release.arrive(1).isEmpty)
        #expect(release.arrive(0) == 0..<3)
        #expect(release.arrive(3) == 3..<4)
    }
}

@Suite struct StageTests {
    @Test func classificationAndInstancesUpdateAcceptedRecords() async throws {
        let h = try await RunnerHarness()
        h.server.enqueue(.completion(text: " Describe the water cycle in simple words.\n5. Is this email spam or not spam?\n6. Name three famous painters from Spain."))
        let engine = try h.engine()
        try await engine.run(.rounds(1))
        h.server.enqueue(.completion(text: " No"), .completion(text: " Yes"), .completion(text: " no"))
        let classified = try await engine.classify()
        #expect(classified == StageSummary(asked: 3, updated: 3, classification: 1))
        h.server.enqueue(
            .completion(text: "Output: Water evaporates, condenses into clouds and falls as rain."),
            .completion(text: "Class label: Spam\nEmail: You won a prize!\nClass label: Not spam\nEmail: Lunch at noon?"),
            .completion(text: "Sure, here are some painters."))
        let instances = try await engine.generateInstances()
        #expect(instances == StageSummary(asked: 3, updated: 3, withInstances: 2, withoutInstances: ["none-parsed": 1]))
        // Asked once: a second pass has nothing to do.
        #expect(try await engine.generateInstances() == StageSummary())
        try await engine.close()

        let records = try h.generated()
        #expect(records.map(\.isClassification) == [false, true, false])
        #expect(records[0].instances == [Instance(input: "", output: "Water evaporates, condenses into clouds and falls as rain.")])
        #expect(records[1].instances == [Instance(input: "Email: You won a prize!", output: "Spam"), Instance(input: "Email: Lunch at noon?", output: "Not spam")])
        #expect(records[2].instances.isEmpty)
        #expect(records[1].provenance?.classification?.rawCompletion == " Yes")
        #expect(records[1].provenance?.instanceGeneration?.parameters?["max_tokens"] == .number(300))
        let none = try #require(GenerationEngine.instanceSelection(for: records[2], configuration: EngineConfiguration(seed: 7)))
        #expect(none.taskRejection == .noneParsed)
        #expect(records[2].instancesWhy == InstanceReasons(task: InstanceReasons.Reason(name: "none-parsed", detail: "no instances in the expected layout")))
        #expect(records[0].instancesWhy == nil)
        await h.finish()
    }

    @Test func instanceStageRecordsWhyTasksHaveNoOrFewerInstances() async throws {
        let h = try await RunnerHarness()
        h.server.enqueue(.completion(text: " Is this email spam or not spam?\n5. Classify the animal as a mammal or a bird.\n6. Is the number odd or even?"))
        let engine = try h.engine()
        try await engine.run(.rounds(1))
        h.server.enqueue(.completion(text: " Yes"), .completion(text: " Yes"), .completion(text: " Yes"))
        _ = try await engine.classify()
        h.server.enqueue(
            .completion(text: "Class label: Spam\nEmail: Win now\nClass label: Not spam\nEmail: Win now"),
            .completion(text: "Class label: Bird\nAnimal:\nClass label: Mammal\nMammal"),
            .completion(text: "Class label: Odd\nNumber: 3\nClass label: Odd\nNumber: 3\nClass label: Even\nNumber: 4"))
        #expect(try await engine.generateInstances()
                == StageSummary(asked: 3, updated: 3, withInstances: 1, withoutInstances: ["conflicting-outputs": 1, "all-dropped": 1]))
        try await engine.close()

        let records = try h.generated()
        #expect(records[0].instancesWhy?.task?.name == "conflicting-outputs")
        #expect(records[0].instancesWhy?.dropped.map(\.reason.name) == ["conflicting-outputs", "conflicting-outputs"])
        #expect(records[1].instances.isEmpty)
        #expect(records[1].instancesWhy?.task == InstanceReasons.Reason(
            name: "all-dropped", detail: "every parsed instance was dropped (1 ends-with-colon, 1 input-equals-output)"))
        #expect(records[2].instances == [Instance(input: "Number: 3", output: "Odd"), Instance(input: "Number: 4", output: "Even")])
        #expect(records[2].instancesWhy == InstanceReasons(dropped: [
            InstanceReasons.Dropped(input: "Number: 3", output: "Odd", reason: InstanceReasons.Reason(name: "duplicate", detail: "duplicate of an earlier instance")),
        ]))
        let stats = PoolStats(try PoolFile(at: h.poolURL, access: .readOnly))
        #expect(stats.noInstancesByReason == ["conflicting-outputs": 1, "all-dropped": 1])
        #expect(stats.droppedInstancesByReason == ["conflicting-outputs": 2, "ends-with-colon": 1, "input-equals-output": 1, "duplicate": 1])
        await h.finish()
    }

    @Test func failedClassificationLeavesTheTaskToAskAgain() async throws {
        let h = try await RunnerHarness()
        h.server.enqueue(.completion(text: " Describe the water cycle in simple words."))
        let engine = try h.engine()
        try await engine.run(.rounds(1))
        h.server.enqueue(.serverError(503), .serverError(503))
        #expect(try await engine.classify() == StageSummary(asked: 1, failed: 1, failedByCause: ["serverError": 1]))
        #expect(try await engine.generateInstances() == StageSummary(skipped: 1))
        try await engine.close()
        #expect(try h.generated()[0].isClassification == nil)
        await h.finish()
    }
}
