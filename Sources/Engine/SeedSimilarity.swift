import Foundation
import Pool
import Similarity

/// ROUGE-L F of every generated (non-seed) instruction to its most similar seed instruction,
/// the paper's Figure 4: how far generation strayed from the seeds. Not the nearest pool
/// record (`most_similar`), which may be another generated instruction.
///
/// Scored with exact `NearestNeighbourIndex` searches over the seeds (the generated
/// instruction is the target, as in the filter), all at once over several threads, then one
/// record at a time as records change. A change to the seeds themselves makes every score
/// stale: `isCurrent(with:)` says so, and the caller scores afresh.
public struct SeedSimilarity: Sendable {
    /// The seeds' instructions by id, as the index holds them.
    private let seeds: [String: String]
    /// The seed index the one-record updates search.
    private let index: NearestNeighbourIndex
    /// The best F of each scored record, by id.
    private var scores: [String: Double] = [:]
    /// Scored records per bin of 0.1 (1.0 in the last).
    private var counts = Array(repeating: 0, count: 10)
    /// The sum of the scores, for the mean.
    private var sum = 0.0

    /// Scores every non-seed record of `entries` against the seed records, spread over
    /// `threads` threads (default: every core), each with its own copy of the seed index.
    public init(_ entries: [PoolEntry], threads: Int? = nil) {
        let seedEntries = entries.filter { $0.status == .seed }
        seeds = Dictionary(seedEntries.map { ($0.id, $0.instruction) }, uniquingKeysWith: { _, last in last })
        func makeIndex() -> NearestNeighbourIndex {
            let index = NearestNeighbourIndex(threads: 1)
            for seed in seedEntries { _ = index.add(seed.instruction, id: seed.id) }
            return index
        }
        index = makeIndex()
        let generated = entries.filter { $0.status != .seed }
        guard index.count > 0, !generated.isEmpty else { return }
        let workers = max(1, min(threads ?? ProcessInfo.processInfo.activeProcessorCount, generated.count / 256 + 1))
        let indexes = [index] + (1..<workers).map { _ in makeIndex() }
        var best = [Double](repeating: 0, count: generated.count)
        best.withUnsafeMutableBufferPointer { best in
            let slots = UnsafeSendable(best)
            DispatchQueue.concurrentPerform(iterations: workers) { worker in
                let chunk = stride(from: worker, to: generated.count, by: workers).map { $0 }
                let searches = indexes[worker].search(chunk.map { generated[$0].instruction }, k: 1)
                for (position, search) in zip(chunk, searches) { slots.value[position] = search.maxFMeasure }
            }
        }
        for (entry, score) in zip(generated, best) { record(entry.id, score) }
    }

    /// Whether the seeds `entry` leaves are those the scores were made against (false when
    /// it adds, removes or rewrites a seed: score afresh then).
    public func isCurrent(with entry: PoolEntry) -> Bool {
        seeds[entry.id] == (entry.status == .seed ? entry.instruction : nil)
    }

    /// Scores a changed or new record (a seed's revision only drops its score).
    public mutating func update(_ entry: PoolEntry) {
        if let old = scores.removeValue(forKey: entry.id) { count(old, by: -1) }
        guard entry.status != .seed, index.count > 0 else { return }
        record(entry.id, index.search(entry.instruction, k: 1).maxFMeasure)
    }

    /// The best F of the record with this id to a seed, if it is scored.
    public func score(of id: String) -> Double? { scores[id] }

    /// Records scored: every non-seed record, when the pool has seeds.
    public var scoredCount: Int { scores.count }

    /// The mean score; nil when nothing is scored.
    public var mean: Double? { scores.isEmpty ? nil : sum / Double(scores.count) }

    /// Scored records in bins of 0.1 (`0.0–0.1` … `0.9–1.0`, 1.0 in the last).
    public var bins: [PoolStats.Bin] {
        counts.enumerated().map { index, count in
            PoolStats.Bin(label: String(format: "%.1f–%.1f", Double(index) / 10, Double(index + 1) / 10), count: count)
        }
    }

    private mutating func record(_ id: String, _ score: Double) {
        scores[id] = score
        count(score, by: 1)
    }

    private mutating func count(_ score: Double, by delta: Int) {
        counts[min(9, max(0, Int(score * 10)))] += delta
        sum += score * Double(delta)
    }
}

/// A buffer the workers write at disjoint positions.
private struct UnsafeSendable<Value>: @unchecked Sendable {
    var value: Value
    init(_ value: Value) { self.value = value }
}
