// Workbench benchmark: builds a 100K-record pool in a temporary folder, then measures the
// workbench on it against the goals of issue 6: start to first frame (open the pool, load
// the entries, render, flush), a key press to the next frame (reduce, perform the commands,
// render, flush), a full frame render at 200x60, and resident memory.
//
// usage: swift run -c release workbench-benchmark [RECORDS]
//
// Frames are flushed through an offscreen ncurses screen (terminal output to /dev/null), so
// the diff-and-write cost is included. Figures are wall-clock times on a shared machine.
import Foundation
import Pool
import Terminal
import Workbench

setenv("COLUMNS", "200", 1)
setenv("LINES", "60", 1)
setlocale(LC_ALL, "C.UTF-8")

let recordCount = CommandLine.arguments.dropFirst().first.flatMap(Int.init) ?? 100_000
let folder = FileManager.default.temporaryDirectory.appendingPathComponent("workbench-benchmark-\(getpid())")
try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
defer { try? FileManager.default.removeItem(at: folder) }
let poolURL = folder.appendingPathComponent("pool.jsonl")

/// Reads a `/proc/self/status` field in MiB (Linux only).
func memory(_ field: String) -> Double {
    guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8) else { return 0 }
    for line in status.split(separator: "\n") where line.hasPrefix(field + ":") {
        return (line.split(separator: " ").dropFirst().first.flatMap { Double($0) } ?? 0) / 1024
    }
    return 0
}

func now() -> Double { Double(DispatchTime.now().uptimeNanoseconds) / 1e9 }

func percentile(_ values: [Double], _ p: Double) -> Double {
    let sorted = values.sorted()
    return sorted[min(sorted.count - 1, max(0, Int((Double(sorted.count) * p).rounded(.up)) - 1))]
}

func verdict(_ ok: Bool) -> String { ok ? "ok" : "MISSED" }

// Records like a long run's: most accepted or rejected, some pending, ten neighbours each,
// two instances, and a generation call with prompt and raw completion.
var random = SplitMix64(seed: 7)
let words = ["write", "a", "short", "poem", "about", "the", "sea", "classify", "sentence", "given", "list", "of", "numbers",
             "explain", "why", "summarise", "paragraph", "translate", "into", "french", "find", "odd", "one", "out", "plan", "trip"]
@MainActor func sentence(_ count: Int) -> String {
    (0..<count).map { _ in words[Int(random.next() % UInt64(words.count))] }.joined(separator: " ").capitalized + "."
}
let prompt = (1...8).map { "\($0). \(sentence(12))" }.joined(separator: "\n")
@MainActor func makeRecord(_ index: Int) -> PoolRecord {
    let status: RecordStatus = index % 50 == 0 ? .pending : index % 3 == 0 ? .rejected : .accepted
    return PoolRecord(
        id: "r\(index / 35)-\(index % 35)", instruction: sentence(8 + index % 10),
        instances: [Instance(input: sentence(15), output: sentence(20)), Instance(input: "", output: sentence(25))],
        isClassification: index % 5 == 0, status: status,
        why: status == .rejected ? .similarity(0.75, to: sentence(10)) : nil,
        mostSimilar: (0..<10).map { SimilarInstruction(text: sentence(10), score: 0.7 - Double($0) * 0.05) },
        avgSimilarityScore: 0.08, round: index / 35,
        provenance: Provenance(instructionGeneration: ModelCall(
            endpoint: "http://127.0.0.1:8077/v1", model: "smollm2-135m-instruct",
            demonstrationIDs: (0..<8).map { "seed_task_\($0 * 7 + index % 7)" }, prompt: prompt,
            rawCompletion: (9...15).map { "\($0). \(sentence(12))" }.joined(separator: "\n"), finishReason: "stop",
            usage: TokenUsage(promptTokens: 180, completionTokens: 120))))
}

print("workbench-benchmark: \(recordCount) records in \(poolURL.path)")
do {
    let pool = try PoolFile(at: poolURL)
    var index = 0
    while index < recordCount {
        let batch = (index..<min(recordCount, index + 1000)).map(makeRecord)
        try pool.add(contentsOf: batch)
        index += batch.count
    }
    try pool.close()
}
let rssBeforeOpen = memory("VmRSS")

let screen = try NcursesScreen.offscreen()
let size = Size(width: 200, height: 60)

// Start to first frame: open the pool, load its entries, render and flush the Live view
// with the first candidate's full record.
let startTime = now()
let backend = try PoolCurationBackend(poolAt: poolURL)
let runner = EffectRunner(backend: backend)
var state = WorkbenchState(size: size, poolName: "pool.jsonl")
let openTime = now() - startTime

/// Feeds an event and performs the resulting commands, feeding their results back.
@MainActor func feed(_ event: WorkbenchEvent) async {
    var queue = [event]
    while !queue.isEmpty {
        for command in Workbench.update(&state, queue.removeFirst()) {
            if let result = await runner.perform(command) { queue.append(result) }
        }
    }
}

await feed(.entriesLoaded(await backend.entries()))
screen.flush(Workbench.render(state))
let firstFrame = now() - startTime
let rssAfterOpen = memory("VmRSS")

// The similarity index for re-scoring edits builds after the first frame.
let indexStart = now()
await backend.prepare()
let indexTime = now() - indexStart

/// Times `count` presses of each key sequence, reduce + commands + render + flush.
@MainActor func keyTimes(_ keys: [Key], repeats: Int) async -> [Double] {
    var times: [Double] = []
    for _ in 0..<repeats {
        for key in keys {
            let start = now()
            await feed(.key(key))
            screen.flush(Workbench.render(state))
            times.append(now() - start)
        }
    }
    return times
}

print(String(format: "start to first frame      %7.1f ms    goal ≤ 1000 ms  %@", firstFrame * 1000, verdict(firstFrame <= 1)))
print(String(format: "  (of which opening the pool %.0f ms)", openTime * 1000))
print(String(format: "  (re-scoring index built after it in %.0f ms)", indexTime * 1000))

let liveMoves = await keyTimes([.character("j"), .character("j"), .character("k")], repeats: 100)
await feed(.key(.character("2")))
let poolMoves = await keyTimes([.character("j"), .character("j"), .character("k"), .pageDown, .pageUp], repeats: 60)
let viewSwitches = await keyTimes([.character("3"), .character("5"), .character("1"), .character("2")], repeats: 10)
await feed(.key(.character("1")))
let decisions = await keyTimes([.character("a"), .character("u")], repeats: 50)
await feed(.key(.character("e")))
let edits = await keyTimes([.character("x"), .backspace], repeats: 50)
await feed(.key(.escape))

for (name, times) in [("move in Live", liveMoves), ("move in Pool (100K rows)", poolMoves), ("decide + undo (fsync)", decisions), ("type in edit (re-score)", edits)] {
    let p50 = percentile(times, 0.5) * 1000, p99 = percentile(times, 0.99) * 1000
    print(String(format: "key to frame: %-24@ p50 %6.2f ms  p99 %6.2f ms   goal ≤ 16 ms  %@", name, p50, p99, verdict(p99 <= 16)))
}
let switchP50 = percentile(viewSwitches, 0.5) * 1000, switchMax = (viewSwitches.max() ?? 0) * 1000
print(String(format: "key to frame: switch view (recomputes lists over 100K)  p50 %6.2f ms  max %6.2f ms", switchP50, switchMax))

var renderTimes: [String: [Double]] = [:]
for view in WorkbenchView.allCases {
    await feed(.key(.character(Character(String(view.rawValue)))))
    for _ in 0..<50 {
        let start = now()
        _ = Workbench.render(state)
        renderTimes[view.title, default: []].append(now() - start)
    }
}
let worstRender = renderTimes.values.map { percentile($0, 0.5) }.max() ?? 0
for view in WorkbenchView.allCases {
    print(String(format: "render 200x60 %-10@ p50 %6.2f ms", view.title, percentile(renderTimes[view.title]!, 0.5) * 1000))
}
print(String(format: "full frame render 200x60  %7.2f ms    goal ≤ 5 ms     %@  (slowest view, p50)", worstRender * 1000, verdict(worstRender <= 0.005)))

let rss = memory("VmRSS"), peak = memory("VmHWM")
print(String(format: "resident memory           %7.0f MiB   goal ≤ 350 MB   %@  (%.0f MiB before open, %.0f after first frame, peak %.0f MiB incl. generating the pool)",
             rss, verdict(rss * 1.048576 <= 350), rssBeforeOpen, rssAfterOpen, peak))
await backend.shutDown()
screen.close()
