// similarity-benchmark: figures for the ROUGE-L hot path.
//
// usage: similarity-benchmark STREAM.jsonl SEEDS.jsonl [--index-size N]
//   1. replays the near-duplicate filter over STREAM with SEEDS, on 1 thread and on every core,
//      and prints pairs/s, ns per pair and ns per token step (the bit-parallel update);
//   2. builds an index of the first N (default 100,000) instructions of STREAM, and prints
//      its memory and the latency of single searches against it.
import BenchmarkSupport
import Dispatch
import Foundation
import JSONLines
import Similarity

func instructions(_ path: String) -> [String] {
    let (records, problems) = try! JSONRecords.read(path: path)
    precondition(problems.isEmpty, "\(problems.first!)")
    return records.compactMap { $0.value["instruction"]?.stringValue }
}

func seconds(since start: DispatchTime) -> Double {
    Double(DispatchTime.now().uptimeNanoseconds - start.uptimeNanoseconds) / 1e9
}

func fixed(_ value: Double, _ digits: Int) -> String { String(format: "%.\(digits)f", value) }

let arguments = CommandLine.arguments
guard arguments.count >= 3 else {
    print("usage: similarity-benchmark STREAM.jsonl SEEDS.jsonl [--index-size N]")
    exit(2)
}
let stream = instructions(arguments[1])
let seeds = instructions(arguments[2])
var indexSize = 100_000
if let flag = arguments.firstIndex(of: "--index-size"), flag + 1 < arguments.count {
    indexSize = Int(arguments[flag + 1]) ?? indexSize
}

// 1. The filter replay.
let tokenCounts = stream.map { RougeTokenizer.tokens(of: $0).count }
let coreCount = ProcessInfo.processInfo.activeProcessorCount
print("replay: \(stream.count) instructions against \(seeds.count) seeds + kept, top 10, threshold 0.7")
for threads in Array(Set([1, coreCount])).sorted() {
    let index = NearestNeighbourIndex(threads: threads)
    for (i, seed) in seeds.enumerated() { index.add(seed, id: "seed\(i)") }
    var pairs = 0, tokenSteps = 0, kept = 0
    var keptLengths = seeds.reduce(0) { $0 + RougeTokenizer.tokens(of: $1).count }
    let start = DispatchTime.now()
    NearDuplicateFilter().run(stream, into: index, id: { "s\($0)" }) { decision in
        pairs += decision.search.comparedCount
        tokenSteps += keptLengths
        if decision.kept {
            kept += 1
            keptLengths += tokenCounts[decision.position]
        }
    }
    let elapsed = seconds(since: start)
    print("  \(threads) thread(s): kept \(kept) · \(fixed(elapsed, 2)) s · \(fixed(Double(pairs) / elapsed / 1e6, 1))M pairs/s"
        + " · \(fixed(elapsed * 1e9 * Double(threads) / Double(pairs), 2)) ns/pair/thread"
        + " · \(fixed(elapsed * 1e9 * Double(threads) / Double(tokenSteps), 3)) ns/token step/thread"
        + " (\(pairs) pairs, \(tokenSteps) token steps)")
}

// 2. A large index: memory and single-search latency.
var big = stream
while big.count < indexSize { big += stream.map { $0 + " again" } }
big = Array(big.prefix(indexSize))
let before = ProcessMemory.residentMiB
let buildStart = DispatchTime.now()
let index = NearestNeighbourIndex()
for (i, text) in big.enumerated() { index.add(text, id: "i\(i)") }
let buildSeconds = seconds(since: buildStart)
let after = ProcessMemory.residentMiB
print("index of \(index.count) instructions: built in \(fixed(buildSeconds, 2)) s · resident +\(fixed(after - before, 1)) MB (texts included)")
var latencies: [Double] = []
for query in stream.suffix(200) {
    let start = DispatchTime.now()
    _ = index.search(query, k: 10)
    latencies.append(seconds(since: start) * 1000)
}
latencies.sort()
print("single search on \(index.count): p50 \(fixed(latencies[latencies.count / 2], 2)) ms · p99 \(fixed(latencies[latencies.count * 99 / 100], 2)) ms · max \(fixed(latencies.last!, 2)) ms")
let batchStart = DispatchTime.now()
let batch = index.search(Array(stream.suffix(64)), k: 10)
let batchSeconds = seconds(since: batchStart)
print("batch of \(batch.count) searches on \(index.count), \(index.threadCount) threads: \(fixed(batchSeconds * 1000 / Double(batch.count), 2)) ms per search")
