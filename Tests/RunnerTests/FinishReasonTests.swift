import Foundation
import Testing
@testable import Engine
import LLM
import Pool
import TestSupport

/// Upstream reads only `finish_reason == "length"` as cut off: an endpoint that sends no
/// finish reason is whole, and only a stream that closed before `[DONE]` (without one) may
/// have lost its tail. Checked on what lands in the pool.
@Suite struct FinishReasonTests {
    static let twoInstructions = " Describe the water cycle in simple words.\n5. Name three famous painters from Spain."

    @Test func aWholeAnswerWithoutFinishReasonIsNotCutOff() async throws {
        let h = try await RunnerHarness()
        h.server.enqueue(.completion(text: Self.twoInstructions, finishReason: nil))
        let engine = try h.engine()
        try await engine.run(.rounds(1))
        try await engine.close()
        let records = try h.generated()
        #expect(records.map(\.status) == [.accepted, .accepted])
        #expect(records.allSatisfy { $0.provenance?.instructionGeneration?.finishReason == nil })
        #expect(try String(contentsOf: h.poolURL, encoding: .utf8).contains("finish_reason") == false)
        await h.finish()
    }

    @Test func aStreamReachingDoneWithoutFinishReasonIsNotCutOff() async throws {
        let h = try await RunnerHarness()
        h.server.enqueue(.stream(.init(body: FakeLLMServer.StreamScript.completion([Self.twoInstructions], finishReason: nil))))
        let engine = try h.engine(stream: true)
        try await engine.run(.rounds(1))
        try await engine.close()
        let records = try h.generated()
        #expect(records.map(\.status) == [.accepted, .accepted])
        #expect(records.allSatisfy { $0.provenance?.instructionGeneration?.finishReason == nil })
        await h.finish()
    }

    @Test func aStreamEndingWithoutDoneIsCutOff() async throws {
        let h = try await RunnerHarness()
        h.server.enqueue(.stream(.init(body: FakeLLMServer.StreamScript.completion([Self.twoInstructions], finishReason: nil, done: false))))
        let engine = try h.engine(stream: true)
        try await engine.run(.rounds(1))
        try await engine.close()
        let records = try h.generated()
        #expect(records.map(\.verdict) == ["rejected cut_off -", "rejected cut_off -"])
        #expect(records.allSatisfy { $0.provenance?.instructionGeneration?.finishReason == "cut_off" })
        await h.finish()
    }

    @Test func instancesOfAnAnswerWithoutFinishReasonKeepTheirLastInstance() async throws {
        let h = try await RunnerHarness()
        h.server.enqueue(.completion(text: " Is this email spam or not spam?"))
        let engine = try h.engine()
        try await engine.run(.rounds(1))
        h.server.enqueue(.completion(text: " Yes"),
                         .completion(text: "Class label: Spam\nEmail: You won a prize!\nClass label: Not spam\nEmail: Lunch at noon?", finishReason: nil))
        _ = try await engine.classify()
        _ = try await engine.generateInstances()
        try await engine.close()
        let record = try #require(try h.generated().first)
        #expect(record.instances.map(\.output) == ["Spam", "Not spam"])
        #expect(record.provenance?.instanceGeneration?.finishReason == nil)
        #expect(record.instancesWhy == nil)
        await h.finish()
    }
}
