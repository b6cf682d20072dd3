import ArgumentParser
import Foundation
import Pool

/// Builds a 100K-record pool in a temporary folder, then measures opening it, durable
/// appends, statistics, compaction and resident memory, against the goals of issue 3.
/// Figures are wall-clock times on a shared machine; run it a few times and read them as
/// ranges. The pool is generated in this process with small batches, so the peak memory
/// (VmHWM) reflects opening, not generating.
struct PoolBenchmark: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "pool", abstract: "Open, append, stats, compaction and memory figures for a large pool.")

    @Argument(help: "Records in the pool.")
    var records = 100_000

    @Option(help: ArgumentHelp("Time opening this pool (read-only, five times) instead of a generated one.", valueName: "file"))
    var pool: String?

    func run() throws {
        if let pool { return try openOnly(URL(fileURLWithPath: pool)) }
        let recordCount = records
        let folder = try TemporaryFolder(named: "pool-benchmark")
        defer { folder.remove() }
        let poolURL = folder.file("pool.jsonl")

        print("pool benchmark: \(recordCount) records in \(poolURL.path)")
        print("note: wall-clock figures on a shared 2-core machine; other work on it makes them noisy.")
        var records = SyntheticPool(seed: 42) { $0 % 3 == 0 ? .rejected : .accepted }
        let generation = try seconds { try records.write(recordCount, to: poolURL) }
        let size = (try FileManager.default.attributesOfItem(atPath: poolURL.path)[.size] as? NSNumber)?.doubleValue ?? 0
        print(String(format: "generated in %.1f s: %.0f MiB, %.0f bytes per line", generation, size / 1048576, size / Double(recordCount)))

        let rssBefore = ProcessMemory.residentMiB
        var pool: PoolFile!
        let openTime = try seconds { pool = try PoolFile(at: poolURL) }
        let rssAfter = ProcessMemory.residentMiB
        let peak = ProcessMemory.peakResidentMiB

        var decideTimes: [Double] = []
        var addTimes: [Double] = []
        var picks = SplitMix64(seed: 1)
        for index in 0..<1000 {
            let id = pool.entries[Int(picks.next() % UInt64(pool.entries.count))].id
            decideTimes.append(try seconds { try pool.decide(id, status: index.isMultiple(of: 2) ? .accepted : .rejected, why: .human()) })
            let record = records.record(recordCount + index)
            addTimes.append(try seconds { try pool.add(record) })
        }
        // The 2,000 records written above have their instance summaries; the rest wait
        // for them to be read (what the workbench and `stats` do on first need).
        let statsTimes = (0..<5).map { _ in seconds { _ = PoolStats(pool) } }
        let summarizing = try seconds { try pool.summarizeInstances() }
        let fullStatsTimes = (0..<5).map { _ in seconds { _ = PoolStats(pool) } }
        let compaction = try seconds { try pool.compact() }
        try pool.close()

        print("")
        print(String(format: "open %d records           %8.3f s      goal ≤ 1 s      %@", recordCount, openTime, verdict(openTime <= 1)))
        print(String(format: "decide (durable) p50/p99  %6.2f / %.2f ms  goal p99 ≤ 2 ms  %@", percentile(decideTimes, 0.5) * 1000, percentile(decideTimes, 0.99) * 1000, verdict(percentile(decideTimes, 0.99) <= 0.002)))
        print(String(format: "add (durable) p50/p99     %6.2f / %.2f ms  goal p99 ≤ 2 ms  %@", percentile(addTimes, 0.5) * 1000, percentile(addTimes, 0.99) * 1000, verdict(percentile(addTimes, 0.99) <= 0.002)))
        print(String(format: "stats (counts, histograms) %7.1f ms median of 5, instances not read", percentile(statsTimes, 0.5) * 1000))
        print(String(format: "read instance summaries   %8.1f ms      once, on first need (all cores)", summarizing * 1000))
        print(String(format: "stats with Table 1, flags %8.1f ms median of 5, every record summarised", percentile(fullStatsTimes, 0.5) * 1000))
        print(String(format: "compaction                %8.3f s      goal ≤ 2 s      %@", compaction, verdict(compaction <= 2)))
        print(String(format: "resident after open       %8.0f MiB    goal ≤ 250 MB   %@  (%.0f MiB before open, peak VmHWM %.0f MiB)", rssAfter, verdict(rssAfter * 1.048576 <= 250), rssBefore, peak))
    }

    /// Opens an existing pool read-only five times: each time, and the memory after the last.
    private func openOnly(_ url: URL) throws {
        print("pool benchmark: opening \(url.path) read-only · CPU: \(CPUName.current)")
        var times: [Double] = []
        var count = 0
        for _ in 0..<5 {
            var pool: PoolFile!
            times.append(try seconds { pool = try PoolFile(at: url, access: .readOnly) })
            count = pool.entries.count
            try pool.close()
        }
        print(String(format: "open %d records: %@ s (median %.3f s)", count, times.map { String(format: "%.3f", $0) }.joined(separator: ", "),
                     percentile(times, 0.5)))
    }
}
