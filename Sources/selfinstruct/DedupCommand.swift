import ArgumentParser
import Dispatch
import JSONLines
import Similarity

/// `selfinstruct dedup`: replays the upstream ROUGE-L near-duplicate filter over a stream.
struct DedupCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "dedup",
        abstract: "Replay the Self-Instruct ROUGE-L filter over a stream of instructions.",
        discussion: """
            Each instruction of INPUT, in order, is scored as the target against the seed \
            instructions plus every instruction kept so far, and kept iff its highest ROUGE-L F \
            is at most the threshold. Writes one JSON line per input instruction: \
            {"instruction", "kept", "max_similarity", "avg_similarity_score", "most_similar"}. \
            INPUT is JSONL with an "instruction" field (seed_tasks.jsonl, \
            machine_generated_instructions.jsonl) or a JSON array of such records (Alpaca). \
            With --no-mean, only the instruction lengths that could rank are scored (an exact bound, \
            so kept, max_similarity and most_similar are unchanged) and avg_similarity_score is null.
            """
    )

    @Argument(help: "Instructions to filter, in order (JSONL or a JSON array; - for standard input).")
    var input: String

    @Option(help: "Seed tasks to compare against (JSONL or JSON array with \"instruction\").")
    var seeds: String?

    @Option(help: "Reject an instruction whose highest ROUGE-L F is strictly above this.")
    var threshold: Double = 0.7

    @Option(help: "How many most similar instructions to record.")
    var top: Int = 10

    @Option(name: [.short, .customLong("output")], help: "Where to write the results (default: standard output).")
    var output: String?

    @Option(help: "Threads for scoring (default: every core).")
    var threads: Int?

    @Flag(help: "Skip the mean over every pair (avg_similarity_score: null) and score only the instructions that could rank: far faster on large streams.")
    var noMean = false

    func validate() throws {
        guard (0...1).contains(threshold) else { throw ValidationError("--threshold must be between 0 and 1") }
        guard top >= 1 else { throw ValidationError("--top must be at least 1") }
    }

    func run() throws {
        let seedTexts = try seeds.map { try instructionsOrExit($0) } ?? []
        let candidates = try instructionsOrExit(input)

        let started = DispatchTime.now()
        let index = NearestNeighbourIndex(threads: threads)
        for (i, seed) in seedTexts.enumerated() { index.add(seed, id: "seed:\(i + 1)") }
        // Written a chunk at a time (a million lines with their neighbours would take GBs),
        // to a file that appears only once complete.
        let file = try OutputFile(path: output)
        var kept = 0
        var pairs = 0
        var decided: [NearDuplicateFilter.Decision] = []
        func writeDecided() throws {
            for line in Self.resultLines(decided, candidates, threads: index.threadCount) { try file.write(line + "\n") }
            decided.removeAll(keepingCapacity: true)
        }
        let filter = NearDuplicateFilter(threshold: threshold, neighbourCount: top, computesMean: !noMean)
        try filter.run(candidates, into: index, id: { "input:\($0 + 1)" }) { decision in
            pairs += decision.search.comparedCount
            if decision.kept { kept += 1 }
            decided.append(decision)
            if decided.count == Self.formattingChunk { try writeDecided() }
        }
        try writeDecided()
        try file.finish()
        let seconds = Double(DispatchTime.now().uptimeNanoseconds - started.uptimeNanoseconds) / 1e9
        let rate = seconds > 0 ? Double(pairs) / seconds : 0
        printError(
            "kept \(kept) of \(candidates.count) · \(pairs) pairs in \(Self.format(seconds, digits: 2)) s · "
                + "\(Self.format(rate / 1e6, digits: 1))M pairs/s effective · \(index.threadCount) threads")
    }

    /// Decisions formatted together, spread over the threads: on one thread, writing the JSON
    /// would be the replay's longest sequential step.
    static let formattingChunk = 4096

    /// The JSON lines of `decisions`, in order, formatted on `threads` threads.
    static func resultLines(_ decisions: [NearDuplicateFilter.Decision], _ candidates: [String], threads: Int) -> [String] {
        var lines = [String](repeating: "", count: decisions.count)
        let workers = max(1, min(threads, decisions.count / 256))
        lines.withUnsafeMutableBufferPointer { buffer in
            // Each worker fills its own contiguous share of the lines.
            let slots = UnsafeSendable(buffer)
            DispatchQueue.concurrentPerform(iterations: workers) { worker in
                let share = (decisions.count + workers - 1) / workers
                for i in worker * share..<min(decisions.count, (worker + 1) * share) {
                    slots.value[i] = resultLine(candidates[decisions[i].position], decisions[i]).jsonText
                }
            }
        }
        return lines
    }

    static func resultLine(_ instruction: String, _ decision: NearDuplicateFilter.Decision) -> JSONValue {
        var mostSimilar: [(key: String, value: JSONValue)] = []
        for neighbour in decision.search.neighbours where !mostSimilar.contains(where: { $0.key == neighbour.text }) {
            mostSimilar.append((neighbour.text, .number(neighbour.fmeasure)))
        }
        return .object([
            ("instruction", .string(instruction)),
            ("kept", .bool(decision.kept)),
            ("max_similarity", .number(decision.search.maxFMeasure)),
            ("avg_similarity_score", decision.search.meanFMeasure.map(JSONValue.number) ?? .null),
            ("most_similar", .object(mostSimilar)),
        ])
    }

    static func format(_ value: Double, digits: Int) -> String {
        var scale = 1.0
        for _ in 0..<digits { scale *= 10 }
        let rounded = (value * scale).rounded() / scale
        return "\(rounded)"
    }
}

/// Hands a buffer that threads fill in disjoint parts to a `@Sendable` closure.
private struct UnsafeSendable<Value>: @unchecked Sendable {
    let value: Value
    init(_ value: Value) { self.value = value }
}
