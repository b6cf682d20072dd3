import Foundation
@testable import Engine
import Pool
import Synchronization
import TestSupport
import Terminal
import Testing
@testable import Workbench

/// A round's completion continuing a three-demonstration prompt at 4: four candidates that
/// pass (the second a classification task) and one refused for its keyword.
let stageRoundPieces = [
    " Describe the water cycle in simple words.\n5. Decide whether a movie review is positive or negative.",
    "\n6. Name three famous painters from Spain and their works.\n7. Explain how a rainbow forms after a storm.",
    "\n8. Plot the sales of the last year in a chart.",
]

/// Answers the stages' prompts as a model would, streamed: the movie review is a
/// classification task (two labelled inputs), the others get one input-first instance each;
/// the painters' instance request fails (HTTP 503) `paintersFailures` times first.
/// Instruction prompts are answered after a minute, so a round after the scripted one stays
/// in flight until the test quits.
func stageResponder(paintersFailures: Int = 0) -> @Sendable (FakeLLMServer.RecordedRequest) -> FakeLLMServer.Reply {
    let failuresLeft = Mutex(paintersFailures)
    return { request in
        let prompt = request.json?["prompt"] as? String ?? ""
        let task = prompt.split(separator: "\n").last { $0.hasPrefix("Task: ") }.map { String($0.dropFirst("Task: ".count)) } ?? ""
        func streamed(_ text: String) -> FakeLLMServer.Reply {
            .stream(.init(body: FakeLLMServer.StreamScript.completion([text])))
        }
        if prompt.hasSuffix("Is it classification?") { return streamed(task.contains("review") ? " Yes" : " No") }
        guard prompt.hasSuffix("\n"), !task.isEmpty else { return .delayed(.seconds(60), streamed(" ")) }
        if task.contains("review") {
            return streamed("Class label: Positive\nReview: I loved every minute.\nClass label: Negative\nReview: Two hours I will not get back.")
        }
        if task.contains("painters"), failuresLeft.withLock({ left in defer { left -= 1 }; return left > 0 }) {
            return .serverError(503)
        }
        return streamed("Example 1\nInput: \(task.prefix(12))\nOutput: An answer about \(task.lowercased())")
    }
}

@Suite("Stages 2 and 3 in the workbench", .serialized, .timeLimit(.minutes(5)))
struct WorkbenchStageTests {
    init() {
        setlocale(LC_ALL, "C.UTF-8")
    }

    @Test func iRunsClassificationAndInstancesOnAcceptedTasksAndTheInstancesViewMendsThem() async throws {
        // One pending candidate is enough to wait for review: the run waits with the fourth.
        var session = try await LiveSession(maxPending: 1, responder: stageResponder(paintersFailures: 2))
        session.server.enqueue(.stream(.init(body: FakeLLMServer.StreamScript.completion(stageRoundPieces))))
        await session.backend.start()
        await session.pump { $0.generation.phase == .waitingForReview && $0.entry("r1-0-3") != nil }
        await session.harness.press("aaa")
        #expect(session.harness.state.counts[.accepted] == 3)

        await session.harness.press("I")
        await session.pump { state in state.log.contains { $0.text.hasPrefix("instances: 3 asked") } }
        let state = session.harness.state
        #expect(state.log.contains { $0.text == "classification: 3 asked, 3 classified (1 classification, 2 not), 0 failed" })
        #expect(state.log.contains { $0.text == "instances: 3 asked, 2 with instances, 1 failed (1 serverError)" })
        #expect(state.live.stream?.request.hasPrefix("instances") == true, "the stage's text streams in the Live view")
        #expect(state.context.pool.pipeline.classified == 3 && state.context.pool.pipeline.withInstances == 2)
        #expect(state.stages.failures["r1-0-2"]?.stage == .instances)
        #expect(Workbench.render(state).lines().last?.contains("3 accepted (3 classified · 2 with instances, 1.5 each)") == true)

        // The Instances view lists each accepted task with where it stands.
        await session.harness.press("4")
        let screen = Workbench.render(session.harness.state).lines()
        #expect(screen.contains { $0.contains("no  1 instance") && $0.contains("Describe the water") })
        #expect(screen.contains { $0.contains("yes 2 instances") && $0.contains("Decide whether") })
        #expect(screen.contains { $0.contains("no  failed") && $0.contains("Name three famous") })

        // c flips the water cycle's classification; r asks again for the painters alone.
        await session.harness.press("c")
        #expect(session.harness.state.entry("r1-0-0")?.isClassification == true)
        await session.harness.press("jj")
        let failed = Workbench.render(session.harness.state).lines()
        #expect(failed.contains { $0.contains("Instance generation failed:") } && failed.contains { $0.contains("HTTP 503 (after 2 attempts)") })
        await session.harness.press("t")
        await session.pump { $0.entry("r1-0-2")?.instanceCount == 1 }
        #expect(session.harness.state.stages.failures.isEmpty)

        // i edits the input of the movie review's first instance.
        await session.harness.press("k{tab}i{ctrl-u}A film I would watch again.{alt-enter}")
        #expect(session.harness.state.detail?.instances.first?.input == "A film I would watch again.")

        await session.harness.press("qy")
        await session.pump { _ in false }
        let pool = try session.poolOnDisk()
        let water = try pool.record("r1-0-0"), review = try pool.record("r1-0-1"), painters = try pool.record("r1-0-2")
        #expect([water, review, painters].allSatisfy { $0.provenance?.classification != nil && $0.provenance?.instanceGeneration != nil })
        #expect(water.isClassification == true && water.edits.last?.field == "is_classification")
        #expect(water.instances == [Instance(input: "Describe the", output: "An answer about describe the water cycle in simple words.")])
        #expect(review.isClassification == true)
        #expect(review.instances.first?.input == "A film I would watch again.")
        #expect(review.instances.map(\.output).sorted() == ["Negative", "Positive"])
        #expect(review.instances.map(\.input).sorted().last?.hasPrefix("Review: ") == true)
        #expect(painters.isClassification == false && painters.instances.map(\.output) == ["An answer about name three famous painters from spain and their works."])
        #expect(try pool.record("r1-0-3").isClassification == nil, "a pending candidate is not asked about")
        await session.finish()
    }

    @Test func inAutoModeEachRoundsAcceptedTasksGetClassifiedAndTheirInstancesWithoutAKey() async throws {
        var session = try await LiveSession(auto: true, responder: stageResponder())
        session.server.enqueue(.stream(.init(body: FakeLLMServer.StreamScript.completion(stageRoundPieces))))
        await session.backend.start()
        await session.pump { state in state.log.contains { $0.text.hasPrefix("instances: 4 asked") } }
        #expect(session.harness.state.context.pool.pipeline.withInstances == 4)
        #expect(session.harness.commands.allSatisfy { if case .runStages = $0 { false } else { true } }, "no key asked for them")
        await session.harness.press("I")
        #expect(session.harness.state.message?.text.hasPrefix("every accepted task has had its instances asked for") == true)
        #expect(session.harness.state.log.contains { $0.text == "instances: 4 asked, 4 with instances, 0 failed" })
        await session.harness.press("qy")
        await session.pump { _ in false }

        let accepted = try session.poolOnDisk().entries.filter { $0.status == .accepted }
        #expect(accepted.map(\.id) == ["r1-0-0", "r1-0-1", "r1-0-2", "r1-0-3"])
        #expect(accepted.map(\.isClassification) == [false, true, false, false])
        #expect(accepted.map(\.instanceCount) == [1, 2, 1, 1])
        await session.finish()
    }
}

/// The Instances view and the stage keys over a pool, without a model.
@Suite("Stage state in the Instances view")
struct StageViewTests {
    init() {
        setlocale(LC_ALL, "C.UTF-8")
    }

    /// The fixture pool plus accepted tasks in each stage state.
    static func poolWithStagedTasks(in folder: TemporaryFolder) throws -> URL {
        let url = try Fixture.makePool(in: folder)
        let pool = try PoolFile(at: url)
        try pool.add(contentsOf: [
            PoolRecord(id: "r2-0-0", instruction: "List three uses of a paperclip.", isClassification: false, status: .accepted, round: 2),
            PoolRecord(id: "r2-0-1", instruction: "Tell whether the number is prime.",
                       instancesWhy: InstanceReasons(task: .init(name: "none-parsed", detail: "no Class label: in the answer, so nothing could be read")),
                       isClassification: true, status: .accepted, round: 2),
            PoolRecord(id: "r2-0-2", instruction: "Name the capital of the country.", instances: [Instance(input: "France", output: "Paris")],
                       isClassification: false, status: .accepted, round: 2),
            PoolRecord(id: "r2-0-3", instruction: "Suggest a name for a cat.", status: .accepted, round: 2),
        ])
        try pool.close()
        return url
    }

    @Test func aTaskWithoutInstancesIsListedWithItsInstancesWhyReason() async throws {
        try await withTemporaryFolder { folder in
            let backend = try Fixture.openBackend(try Self.poolWithStagedTasks(in: folder))
            var harness = await Harness(backend: backend)
            await harness.press("4")
            var screen = Workbench.render(harness.state).lines()
            #expect(screen.contains { $0.contains("Accepted tasks (4) · seeds (2)") })
            #expect(screen.contains { $0.contains("no  pending") && $0.contains("List three uses") })
            #expect(screen.contains { $0.contains("yes none-parsed") && $0.contains("Tell whether") })
            #expect(screen.contains { $0.contains("no  1 instance") && $0.contains("Name the capital") })
            #expect(screen.contains { $0.contains("—   not classified") && $0.contains("Suggest a name") })
            #expect(Workbench.render(harness.state).lines().last?.contains("4 accepted (3 classified · 1 with instances, 1.0 each · 1 none)") == true)

            await harness.press("j")
            screen = Workbench.render(harness.state).lines()
            #expect(screen.joined().contains("No instances: no Class label: in the answer"))
            // The Stats view counts the accepted tasks by stage.
            await harness.press("5")
            let stats = Workbench.render(harness.state).lines()
            #expect(stats.contains { $0.contains("stage 2: 3 of 4 accepted tasks classified") })
            #expect(stats.contains { $0.contains("stage 3: 1 instances on 1 tasks (1.0 per task)") })
            #expect(stats.contains { $0.contains("1 without (1 none-parsed) · 1 to ask") })
            await harness.press("4")
            // No model in this session: t and I say so, and the pool is as it was.
            await harness.press("t")
            #expect(harness.state.message?.text.contains("no generation runs in this session") == true)
            await backend.shutDown()
            let pool = try PoolFile(at: folder.file("pool.jsonl"), access: .readOnly)
            #expect(try pool.record("r2-0-1").instancesWhy?.task?.name == "none-parsed")
            #expect(try pool.record("r2-0-1").instances.isEmpty)
        }
    }

    @Test func stageKeysAndCommandsAskForTheRightTasks() async throws {
        try await withTemporaryFolder { folder in
            let backend = ScriptedGenerationBackend(pool: try Fixture.openBackend(try Self.poolWithStagedTasks(in: folder)))
            var harness = await Harness(backend: backend)
            await harness.press("I:classify{enter}:instances retry{enter}4jjjtF")
            #expect(await backend.stageRequests == [
                .instances(), .classification(), .instances(StageSelection(retryWithoutInstances: true)),
                .instances(StageSelection(tasks: ["r2-0-3"])), .instances(StageSelection(retryWithoutInstances: true)),
            ])
            // c flips, and u takes the flip back: both in the pool.
            await harness.press("kc")
            #expect(harness.state.entry("r2-0-2")?.isClassification == true)
            await harness.press("u")
            #expect(harness.state.entry("r2-0-2")?.isClassification == false)
            await harness.press(":instances all{enter}")
            #expect(harness.state.message?.text == "usage: :instances, or :instances retry")
            await backend.shutDown()
            let flipped = try PoolFile(at: folder.file("pool.jsonl"), access: .readOnly).record("r2-0-2")
            #expect(flipped.isClassification == false && flipped.revision == 3)
        }
    }
}
