import Engine
import Pool
import Similarity
import TestSupport
import Testing

/// Similarity to the seeds equals `RougeL.score` against the best seed, computed the slow way.
@Suite struct SeedSimilarityTests {
    /// The paper's seeds as seed entries, and generated instructions as entries of other statuses.
    private func entries(generated: [String]) throws -> [PoolEntry] {
        let seeds = try PaperSeeds.load().map { PoolRecord(id: $0.id, instruction: $0.instruction, status: .seed) }
        let statuses: [RecordStatus] = [.accepted, .pending, .rejected]
        let records = seeds + generated.enumerated().map { PoolRecord(id: "g\($0.offset)", instruction: $0.element, status: statuses[$0.offset % 3]) }
        return records.enumerated().map { PoolEntry(summarizing: $0.element, line: $0.offset + 1) }
    }

    private func slowBest(_ instruction: String, seeds: [PoolEntry]) -> Double {
        seeds.map { RougeL.score(target: instruction, prediction: $0.instruction).fmeasure }.max()!
    }

    private static let generated = [
        "Write a haiku about the first rain of autumn.",
        "Give me a list of 5 things to pack for a beach holiday.",
        "Classify the sentiment of the review as positive or negative.",
        "Explain why the sky is blue to a five-year-old child.",
        "Suggest a name for a bakery that sells only bread.",
        "Convert the temperature from Celsius to Fahrenheit.",
        "Is the following number prime? Answer yes or no.",
        "Translate the sentence into French.",
    ] + (0..<300).map { "Describe step \($0) of making tea, and say why it matters for the taste." }

    @Test func eachGeneratedInstructionScoresItsBestSeedOverSeveralThreads() throws {
        let entries = try entries(generated: Self.generated)
        let seeds = entries.filter { $0.status == .seed }
        let similarity = SeedSimilarity(entries, threads: 2)
        #expect(similarity.scoredCount == Self.generated.count)
        let generated = entries.filter { $0.status != .seed }
        let expected = generated.map { slowBest($0.instruction, seeds: seeds) }
        for (entry, best) in zip(generated, expected) {
            #expect(similarity.score(of: entry.id) == best, "\(entry.instruction)")
        }
        #expect(similarity.bins.map(\.count).reduce(0, +) == Self.generated.count)
        let expectedMean = expected.reduce(0, +) / Double(Self.generated.count)
        #expect(abs(similarity.mean! - expectedMean) < 1e-12)
    }

    @Test func aChangedRecordIsRescoredAndAChangedSeedAsksForAFreshCount() throws {
        let entries = try entries(generated: Array(Self.generated.prefix(8)))
        let seeds = entries.filter { $0.status == .seed }
        var similarity = SeedSimilarity(entries, threads: 1)
        let rewritten = PoolEntry(summarizing: PoolRecord(id: "g0", instruction: "Generate a haiku about a dog.", status: .accepted), line: 999)
        #expect(similarity.isCurrent(with: rewritten))
        similarity.update(rewritten)
        #expect(similarity.score(of: "g0") == slowBest(rewritten.instruction, seeds: seeds))
        #expect(similarity.scoredCount == 8)
        let promoted = PoolEntry(summarizing: PoolRecord(id: "g1", instruction: Self.generated[1], status: .seed), line: 1000)
        #expect(!similarity.isCurrent(with: promoted))
        let reworded = PoolEntry(summarizing: PoolRecord(id: seeds[0].id, instruction: "Something else entirely.", status: .seed), line: 1001)
        #expect(!similarity.isCurrent(with: reworded))
    }
}
