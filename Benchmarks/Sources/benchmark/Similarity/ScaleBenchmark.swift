import ArgumentParser
import Foundation
import Similarity

/// Figures for similarity at a million: the near-duplicate filter without the mean (the
/// search that skips the lengths that cannot rank) over STREAM with SEEDS, then an index of all of STREAM and the latency of
/// top-10 queries against it, with the index's memory. Given rouge-score's rate from the same
/// run (`scripts/bench/similarity` measures it), prints each figure's ratio to it.
struct ScaleBenchmark: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "scale", abstract: "The filter replay without the mean and top-10 queries at a million, and the index's memory.")

    @Argument(help: "The instructions (JSONL with an \"instruction\" member), e.g. make_instructions.py 1000000.")
    var stream: String

    @Argument(help: "The seed tasks (JSONL).")
    var seeds: String

    @Option(help: "rouge-score's pairs per second, measured in the same run, for the ratios.")
    var referenceRate: Double?

    @Option(help: "Top-10 queries timed against the large index.")
    var queries = 200

    @Option(help: "Replay only the first N instructions (default: all); the index still holds all of STREAM.")
    var replayCount: Int?

    func run() throws {
        let stream = try SimilarityBenchmark.instructions(self.stream)
        let seeds = try SimilarityBenchmark.instructions(self.seeds)
        let threads = ProcessInfo.processInfo.activeProcessorCount

        // 1. The filter replay without the mean: kept, max and top-10 exact.
        let replayed = Array(stream.prefix(replayCount ?? stream.count))
        let index = NearestNeighbourIndex(threads: threads)
        for (i, seed) in seeds.enumerated() { index.add(seed, id: "seed\(i)") }
        var kept = 0, pairs = 0
        let cpuBefore = cpuSeconds()
        let elapsed = seconds {
            NearDuplicateFilter(computesMean: false).run(replayed, into: index, id: { "s\($0)" }) { decision in
                pairs += decision.search.comparedCount
                if decision.kept { kept += 1 }
            }
        }
        let cpu = cpuSeconds() - cpuBefore
        let rate = Double(pairs) / elapsed
        print("replay without the mean (dedup --no-mean): \(replayed.count) instructions, \(seeds.count) seeds, \(threads) threads"
            + " · CPU: \(CPUName.current) · LCS kernel: \(index.kernel)")
        print("  kept \(kept) · \(fixed(elapsed, 1)) s wall · \(fixed(cpu, 1)) s CPU (\(fixed(cpu / elapsed * 100, 0))% of one core)"
            + (replayed.count >= 1_000_000 ? " · goal ≤ 300 s on 2 cores: \(verdict(elapsed <= 300))" : ""))
        print("  \(pairs) pairs a brute force would score · \(fixed(rate / 1e6, 1))M pairs/s effective"
            + ratio(rate) + " · \(fixed(Double(pairs) / cpu / 1e6, 1))M pairs per CPU second")

        // 2. Top-10 queries against an index of the whole stream, and its memory.
        let probes = Array(stream.suffix(min(queries, stream.count / 2)))
        let pool = stream.dropLast(probes.count)
        let residentBefore = ProcessMemory.residentMiB
        let large = NearestNeighbourIndex(threads: 1)
        let buildSeconds = seconds {
            for (i, text) in pool.enumerated() { large.add(text, id: "i\(i)") }
        }
        let indexMiB = ProcessMemory.residentMiB - residentBefore
        print("index of \(large.count) instructions: built in \(fixed(buildSeconds, 1)) s · resident +\(fixed(indexMiB, 0)) MiB"
            + " (texts and ids included) · goal ≤ 400 MiB: \(verdict(indexMiB <= 400))")
        var latencies: [Double] = []
        var comparedPerSecond = 0.0
        for query in probes {
            let took = seconds { _ = large.nearest(query, k: 10) }
            latencies.append(took * 1000)
            comparedPerSecond += Double(large.count) / took
        }
        let p99 = percentile(latencies, 0.99)
        print("top-10 query (nearest, 1 thread), \(probes.count) queries: p50 \(fixed(percentile(latencies, 0.5), 2)) ms"
            + " · p99 \(fixed(p99, 2)) ms · max \(fixed(latencies.max() ?? 0, 2)) ms · goal ≤ 20 ms: \(verdict(p99 <= 20))"
            + ratio(comparedPerSecond / Double(probes.count)))
        let fullSeconds = seconds { for query in probes.prefix(5) { _ = large.search(query, k: 10) } } / 5
        print("  the complete search (every pair, for the mean) takes \(fixed(fullSeconds * 1000, 1)) ms per query on \(large.threadCount) thread")
        print("peak resident \(fixed(ProcessMemory.peakResidentMiB, 0)) MiB")
    }

    /// " · N× rouge-score" when its rate was given.
    private func ratio(_ pairsPerSecond: Double) -> String {
        guard let referenceRate, referenceRate > 0 else { return "" }
        return " · \(fixed(pairsPerSecond / referenceRate, 0))× rouge-score"
    }
}
