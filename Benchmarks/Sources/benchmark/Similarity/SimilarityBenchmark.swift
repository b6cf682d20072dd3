import ArgumentParser
import Dispatch
import Foundation
import JSONLines
import Similarity

/// Figures for the ROUGE-L hot path: replays the near-duplicate filter over STREAM with
/// SEEDS, on one thread with each LCS kernel the CPU runs and on every core with the best
/// (pairs/s, ns per pair and per token step, the bit-parallel update); then builds an index of the first N instructions of STREAM and
/// prints its memory and the latency of single searches against it.
struct SimilarityBenchmark: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "similarity", abstract: "The near-duplicate filter's replay speed, and index memory and search latency.")

    @Argument(help: "The instructions to replay (JSONL with an \"instruction\" member).")
    var stream: String

    @Argument(help: "The seed tasks (JSONL).")
    var seeds: String

    @Option(help: "Instructions in the large index.")
    var indexSize = 100_000

    func run() throws {
        let stream = try Self.instructions(self.stream)
        let seeds = try Self.instructions(self.seeds)

        // 1. The filter replay.
        let tokenCounts = stream.map { RougeTokenizer.tokens(of: $0).count }
        let coreCount = ProcessInfo.processInfo.activeProcessorCount
        print("replay: \(stream.count) instructions against \(seeds.count) seeds + kept, top 10, threshold 0.7")
        print("  CPU: \(CPUName.current)")
        let runs = LCSKernel.available.map { ($0, 1) } + (coreCount > 1 ? [(LCSKernel.best, coreCount)] : [])
        var scalarSeconds: Double?
        for (kernel, threads) in runs {
            let index = NearestNeighbourIndex(threads: threads, kernel: kernel)
            for (i, seed) in seeds.enumerated() { index.add(seed, id: "seed\(i)") }
            var pairs = 0, tokenSteps = 0, kept = 0
            var keptLengths = seeds.reduce(0) { $0 + RougeTokenizer.tokens(of: $1).count }
            let elapsed = seconds {
                NearDuplicateFilter().run(stream, into: index, id: { "s\($0)" }) { decision in
                    pairs += decision.search.comparedCount
                    tokenSteps += keptLengths
                    if decision.kept {
                        kept += 1
                        keptLengths += tokenCounts[decision.position]
                    }
                }
            }
            if kernel == .scalar && threads == 1 { scalarSeconds = elapsed }
            let speedup = scalarSeconds.map { " · \(fixed($0 / elapsed, 2))× the scalar kernel" } ?? ""
            print("  \(kernel), \(threads) thread(s): kept \(kept) · \(fixed(elapsed, 2)) s · \(fixed(Double(pairs) / elapsed / 1e6, 1))M pairs/s"
                + " · \(fixed(elapsed * 1e9 * Double(threads) / Double(pairs), 2)) ns/pair/thread"
                + " · \(fixed(elapsed * 1e9 * Double(threads) / Double(tokenSteps), 3)) ns/token step/thread"
                + "\(speedup) (\(pairs) pairs, \(tokenSteps) token steps)")
        }

        // 2. A large index: memory and single-search latency.
        var big = stream
        while big.count < indexSize { big += stream.map { $0 + " again" } }
        big = Array(big.prefix(indexSize))
        let before = ProcessMemory.residentMiB
        let index = NearestNeighbourIndex()
        let buildSeconds = seconds {
            for (i, text) in big.enumerated() { index.add(text, id: "i\(i)") }
        }
        let after = ProcessMemory.residentMiB
        print("index of \(index.count) instructions: built in \(fixed(buildSeconds, 2)) s · resident +\(fixed(after - before, 1)) MB (texts included)")
        let latencies = stream.suffix(200).map { query in seconds { _ = index.search(query, k: 10) } * 1000 }.sorted()
        print("single search on \(index.count): p50 \(fixed(latencies[latencies.count / 2], 2)) ms · p99 \(fixed(latencies[latencies.count * 99 / 100], 2)) ms · max \(fixed(latencies.last!, 2)) ms")
        var batchCount = 0
        let batchSeconds = seconds { batchCount = index.search(Array(stream.suffix(64)), k: 10).count }
        print("batch of \(batchCount) searches on \(index.count), \(index.threadCount) threads: \(fixed(batchSeconds * 1000 / Double(batchCount), 2)) ms per search")
    }

    /// The "instruction" members of the records in the file at `path`.
    static func instructions(_ path: String) throws -> [String] {
        let (records, problems) = try JSONRecords.read(path: path)
        if let problem = problems.first { throw ValidationError("\(problem)") }
        return records.compactMap { $0.value["instruction"]?.stringValue }
    }
}
