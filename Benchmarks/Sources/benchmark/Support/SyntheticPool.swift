import Foundation
import Pool

/// Deterministic pool records shaped like a long run's: an instruction, two instances, ten
/// neighbours, and a generation call with an 8-instruction prompt and a raw completion.
struct SyntheticPool {
    private var random: SplitMix64
    private let status: (Int) -> RecordStatus
    private var prompt = ""
    private static let words = [
        "write", "a", "short", "poem", "about", "the", "sea", "classify", "sentence", "given", "list", "of",
        "numbers", "explain", "why", "summarise", "paragraph", "translate", "into", "french", "find", "odd",
        "one", "out", "plan", "trip",
    ]

    /// Records drawn from `seed`, the n-th with status `status(n)`.
    init(seed: UInt64, status: @escaping (Int) -> RecordStatus) {
        random = SplitMix64(seed: seed)
        self.status = status
        prompt = "Come up with a series of tasks:\n"
            + (1...8).map { "\($0). \(sentence(12))" }.joined(separator: "\n") + "\n9."
    }

    /// A capitalised sentence of `count` words.
    mutating func sentence(_ count: Int) -> String {
        (0..<count).map { _ in Self.words[Int(random.next() % UInt64(Self.words.count))] }
            .joined(separator: " ").capitalized + "."
    }

    /// The `index`-th record.
    mutating func record(_ index: Int) -> PoolRecord {
        let status = status(index)
        return PoolRecord(
            id: "r\(index / 35)-\(index % 35)", instruction: sentence(8 + index % 10),
            instances: [Instance(input: sentence(15), output: sentence(20)), Instance(input: "", output: sentence(25))],
            isClassification: index % 5 == 0, status: status,
            why: .similarity(status == .rejected ? 0.75 : 0.3, to: sentence(10)),
            mostSimilar: (0..<10).map { SimilarInstruction(text: sentence(10), score: 0.7 - Double($0) * 0.05) },
            avgSimilarityScore: 0.08, round: index / 35,
            provenance: Provenance(instructionGeneration: ModelCall(
                endpoint: "http://127.0.0.1:8077/v1", model: "smollm2-135m-instruct",
                parameters: ["temperature": .number(0.7), "top_p": .number(0.5), "max_tokens": .number(1024)],
                demonstrationIDs: (0..<8).map { "seed_task_\($0 * 7 + index % 7)" }, prompt: prompt,
                rawCompletion: (9...15).map { "\($0). \(sentence(12))" }.joined(separator: "\n"), finishReason: "stop",
                usage: TokenUsage(promptTokens: 180, completionTokens: 120), requestedAt: Date(), completedAt: Date())))
    }

    /// Writes `count` records to a new pool at `url`, a thousand per durable append.
    mutating func write(_ count: Int, to url: URL) throws {
        let pool = try PoolFile(at: url)
        var index = 0
        while index < count {
            var batch: [PoolRecord] = []
            for n in index..<min(count, index + 1000) { batch.append(record(n)) }
            try pool.add(contentsOf: batch)
            index += batch.count
        }
        try pool.close()
    }
}
