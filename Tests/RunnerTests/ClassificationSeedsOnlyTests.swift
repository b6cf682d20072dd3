import Foundation
import Testing
@testable import Engine
import LLM
import Pool
import TestSupport

/// Upstream's `--use_clf_seed_tasks_only`: the prompt shows classification seeds only and asks
/// for classification tasks, and candidates are compared with the classification seeds plus
/// the generated instructions, never with the other seeds.
@Suite struct ClassificationSeedsOnlyTests {
    @Test func promptsAndComparisonsUseTheClassificationSeedsAlone() async throws {
        let h = try await RunnerHarness()
        // The first item repeats a non-classification seed word for word; the second nearly
        // repeats the first.
        h.server.enqueue(.completion(text: " Give three tips for staying healthy.\n5. Give three tips for staying healthy please."))
        let engine = try h.engine(recipe: .selfInstruct(demonstrations: 3, maxMachineDemonstrations: 1, classificationTasksOnly: true))
        try await engine.run(.rounds(1))
        try await engine.close()

        let prompt = try #require(h.server.requests.first?.json?["prompt"] as? String)
        #expect(prompt.hasPrefix(PromptTemplates.builtIn.text(.classificationInstructionHeader)))
        #expect(prompt.contains("Is the sentiment of the review positive or negative?"))
        #expect(!prompt.contains("Sort the numbers") && !prompt.contains("Give three tips"))

        let records = try h.generated()
        #expect(records.map(\.verdict) == ["accepted similarity 0", "rejected similarity 0.92"])
        let compared = Set(records.flatMap { $0.mostSimilar.map(\.text) })
        #expect(compared == ["Is the sentiment of the review positive or negative?", "Give three tips for staying healthy."])
        #expect(records[0].mostSimilar.map(\.text) == ["Is the sentiment of the review positive or negative?"])
        await h.finish()
    }
}
