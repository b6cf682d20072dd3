import Foundation
import Similarity
import Testing
@testable import Engine
import LLM
import Pool
import TestSupport

/// Text that would drive a terminal is refused by a filter of its own, and instruction
/// casing never changes a similarity decision.
@Suite struct ControlCharacterRoundTests {
    @Test func aCandidateWithAnEscapeSequenceEndsRejectedAsControlCharactersInThePool() async throws {
        let h = try await RunnerHarness()
        h.server.enqueue(.completion(text: " Describe the water cycle in simple words.\n5. Retitle the window \u{1B}]0;pwned\u{07} for the user please."))
        let engine = try h.engine()
        try await engine.run(.rounds(1))
        try await engine.close()

        let records = try h.generated()
        #expect(records.map(\.verdict) == ["accepted similarity 0.14", "rejected control-characters \"U+001B\""])
        #expect(records[1].instruction == "Retitle the window \u{1B}]0;pwned\u{07} for the user please.", "kept as written, for review")
        let file = try String(contentsOf: h.poolURL, encoding: .utf8)
        #expect(file.contains(#""kind":"control-characters""#), "the reason is on disk")
        let summary = await h.allEvents().compactMap { if case .roundFinished(let summary) = $0 { summary } else { nil } }.first
        #expect(summary?.rejectedByReason == ["control-characters": 1])
        await h.finish()
    }

    @Test func anAlpacaOutputWithAControlCharacterRejectsTheCandidate() async throws {
        let h = try await RunnerHarness()
        let reply = """
         Convert the temperature to Fahrenheit.
        4. Input:
        25 degrees Celsius
        4. Output:
        77 degrees\u{9B}2J Fahrenheit
        """
        h.server.enqueue(.chat(text: reply))
        let engine = try h.engine(recipe: .alpaca(), api: .chat)
        try await engine.run(.rounds(1))
        try await engine.close()
        #expect(try h.generated().map(\.verdict) == ["rejected control-characters \"U+009B\""])
        await h.finish()
    }

    @Test func anInstanceWithAControlCharacterIsDroppedWithItsReason() async throws {
        let h = try await RunnerHarness()
        h.server.enqueue(.completion(text: " Describe the water cycle in simple words."))
        let engine = try h.engine()
        try await engine.run(.rounds(1))
        h.server.enqueue(.completion(text: " No"))
        _ = try await engine.classify()
        h.server.enqueue(.completion(text: "Example 1\nInput: rain\nOutput: It falls.\u{07}\u{07}\nExample 2\nInput: snow\nOutput: It melts in spring."))
        _ = try await engine.generateInstances()
        try await engine.close()

        let record = try #require(try h.generated().first)
        #expect(record.instances == [Instance(input: "snow", output: "It melts in spring.")])
        #expect(record.instancesWhy?.dropped.map(\.reason.name) == ["control-characters"])
        #expect(record.instancesWhy?.dropped.first?.reason.detail == "output contains the control character U+0007")
        await h.finish()
    }
}

@Suite struct InstructionCasingTests {
    /// Instructions whose letters differ in case from the pool's, mid-sentence.
    private let completion = " give three TIPS for staying healthy.\n5. sort the NUMBERS from smallest to largest quickly.\n6. describe the BBC's role in British TV news."

    @Test func bothNormalisationsGiveTheSameSimilarityDecisions() throws {
        var outcomes: [[String]] = []
        for normalization in InstructionNormalization.allCases {
            let recipe = Recipe.selfInstruct(normalization: normalization)
            let index = NearestNeighbourIndex()
            index.add("Give three tips for staying healthy.", id: "seed_task_0")
            index.add("Sort the numbers from smallest to largest.", id: "seed_task_1")
            let candidates = CompletionParser(recipe: recipe).parse(completion, firstNumber: 5, cutOffByLength: false)
            let screened = CandidateScreening(recipe: recipe, index: index).screen(candidates) { "c\($0)" }
            outcomes.append(screened.map { "\($0.rejection?.name ?? "kept") \($0.search?.maxFMeasure ?? -1)" })
        }
        #expect(outcomes[0] == outcomes[1])
        #expect(outcomes[0].map { $0.split(separator: " ")[0] } == ["similarity", "similarity", "kept"])
    }

    @Test func theDefaultKeepsNamesAndAcronymsWhileUpstreamLowerCasesThem() {
        let first = CompletionParser(recipe: .selfInstruct()).parse(completion, firstNumber: 5, cutOffByLength: false)
        let upstream = CompletionParser(recipe: .selfInstruct(normalization: .upstream)).parse(completion, firstNumber: 5, cutOffByLength: false)
        #expect(first[2].instruction == "Describe the BBC's role in British TV news.")
        #expect(upstream[2].instruction == "Describe the bbc's role in british tv news.")
    }
}
