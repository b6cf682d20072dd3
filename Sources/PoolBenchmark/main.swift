// Pool benchmark: builds a 100K-record pool in a temporary folder, then measures opening
// it, durable appends, compaction and resident memory, against the goals of issue 3.
//
// usage: swift run -c release pool-benchmark [RECORDS]
//
// Figures are wall-clock times on a shared machine; run it a few times and read them as
// ranges. The pool is generated in this process with small batches, so the peak memory
// (VmHWM) reflects opening, not generating.
import Foundation
import Pool

let recordCount = CommandLine.arguments.dropFirst().first.flatMap(Int.init) ?? 100_000
let folder = FileManager.default.temporaryDirectory.appendingPathComponent("pool-benchmark-\(getpid())")
try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
defer { try? FileManager.default.removeItem(at: folder) }
let poolURL = folder.appendingPathComponent("pool.jsonl")

/// Reads a `/proc/self/status` field in MiB (Linux only).
func memory(_ field: String) -> Double? {
    guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8) else { return nil }
    for line in status.split(separator: "\n") where line.hasPrefix(field + ":") {
        let kilobytes = line.split(separator: " ").dropFirst().first.flatMap { Double($0) }
        return kilobytes.map { $0 / 1024 }
    }
    return nil
}

func seconds(_ body: () throws -> Void) rethrows -> Double {
    let start = DispatchTime.now().uptimeNanoseconds
    try body()
    return Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
}

func percentile(_ values: [Double], _ p: Double) -> Double {
    let sorted = values.sorted()
    return sorted[min(sorted.count - 1, Int((Double(sorted.count) * p).rounded(.up)) - 1)]
}

func verdict(_ ok: Bool) -> String { ok ? "ok" : "MISSED" }

// A realistic record: an instruction, two instances, ten neighbours, and a generation
// call with the 8-instruction prompt and a raw completion of several items.
var random = SplitMix64(seed: 42)
let words = ["write", "a", "short", "poem", "about", "the", "sea", "classify", "sentence", "given", "list", "of", "numbers",
             "explain", "why", "summarise", "paragraph", "translate", "into", "french", "find", "odd", "one", "out", "plan", "trip"]
@MainActor func sentence(_ count: Int) -> String {
    (0..<count).map { _ in words[Int(random.next() % UInt64(words.count))] }.joined(separator: " ").capitalized + "."
}
let prompt = "Come up with a series of tasks:\n" + (1...8).map { "\($0). \(sentence(12))" }.joined(separator: "\n") + "\n9."
@MainActor func makeRecord(_ index: Int) -> PoolRecord {
    PoolRecord(
        id: "r\(index / 35)-\(index % 35)", instruction: sentence(8 + index % 10),
        instances: [Instance(input: sentence(15), output: sentence(20)), Instance(input: "", output: sentence(25))],
        isClassification: index % 5 == 0, status: index % 3 == 0 ? .rejected : .accepted,
        why: index % 3 == 0 ? .similarity(0.75, to: sentence(10)) : .similarity(0.3, to: sentence(10)),
        mostSimilar: (0..<10).map { SimilarInstruction(text: sentence(10), score: 0.7 - Double($0) * 0.05) },
        avgSimilarityScore: 0.08, round: index / 35,
        provenance: Provenance(instructionGeneration: ModelCall(
            endpoint: "http://127.0.0.1:8077/v1", model: "smollm2-135m-instruct",
            parameters: ["temperature": .number(0.7), "top_p": .number(0.5), "max_tokens": .number(1024)],
            demonstrationIDs: (0..<8).map { "seed_task_\($0 * 7 + index % 7)" }, prompt: prompt,
            rawCompletion: (9...15).map { "\($0). \(sentence(12))" }.joined(separator: "\n"), finishReason: "stop",
            usage: TokenUsage(promptTokens: 180, completionTokens: 120), requestedAt: Date(), completedAt: Date())))
}

print("pool-benchmark: \(recordCount) records in \(poolURL.path)")
print("note: wall-clock figures on a shared 2-core machine; other work on it makes them noisy.")
let generation = try seconds {
    let pool = try PoolFile(at: poolURL)
    var index = 0
    while index < recordCount {
        let batch = (index..<min(recordCount, index + 1000)).map(makeRecord)
        try pool.add(contentsOf: batch)
        index += batch.count
    }
    try pool.close()
}
let size = (try FileManager.default.attributesOfItem(atPath: poolURL.path)[.size] as? NSNumber)?.doubleValue ?? 0
print(String(format: "generated in %.1f s: %.0f MiB, %.0f bytes per line", generation, size / 1048576, size / Double(recordCount)))

let rssBefore = memory("VmRSS") ?? 0
var pool: PoolFile!
let openTime = try seconds { pool = try PoolFile(at: poolURL) }
let rssAfter = memory("VmRSS") ?? 0
let peak = memory("VmHWM") ?? 0

var decideTimes: [Double] = []
var addTimes: [Double] = []
for index in 0..<1000 {
    let id = pool.entries[Int(random.next() % UInt64(pool.entries.count))].id
    decideTimes.append(try seconds { try pool.decide(id, status: index.isMultiple(of: 2) ? .accepted : .rejected, why: .human()) })
    let record = makeRecord(recordCount + index)
    addTimes.append(try seconds { try pool.add(record) })
}
let compaction = try seconds { try pool.compact() }
try pool.close()

print("")
print(String(format: "open %d records           %8.3f s      goal ≤ 1 s      %@", recordCount, openTime, verdict(openTime <= 1)))
print(String(format: "decide (durable) p50/p99  %6.2f / %.2f ms  goal p99 ≤ 2 ms  %@", percentile(decideTimes, 0.5) * 1000, percentile(decideTimes, 0.99) * 1000, verdict(percentile(decideTimes, 0.99) <= 0.002)))
print(String(format: "add (durable) p50/p99     %6.2f / %.2f ms  goal p99 ≤ 2 ms  %@", percentile(addTimes, 0.5) * 1000, percentile(addTimes, 0.99) * 1000, verdict(percentile(addTimes, 0.99) <= 0.002)))
print(String(format: "compaction                %8.3f s      goal ≤ 2 s      %@", compaction, verdict(compaction <= 2)))
print(String(format: "resident after open       %8.0f MiB    goal ≤ 250 MB   %@  (%.0f MiB before open, peak VmHWM %.0f MiB)", rssAfter, verdict(rssAfter * 1.048576 <= 250), rssBefore, peak))
