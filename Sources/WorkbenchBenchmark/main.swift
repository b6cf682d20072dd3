// Workbench benchmark: builds a 100K-record pool in a temporary folder, then measures the
// workbench on it against the goals of issue 6: start to first frame (open the pool, load
// the entries, render, flush), a key press to the next frame (reduce, perform the commands,
// render, flush), a full frame render at 200x60, and resident memory; or, with `generate`,
// resident memory over a long run of generation into that pool (see GenerationMemory.swift).
//
// usage: swift run -c release workbench-benchmark [--records N]
//        swift run -c release workbench-benchmark generate [--records N] [--rounds R | --minutes M] [--latency-ms L]
//
// Frames are flushed through an offscreen ncurses screen (terminal output to /dev/null), so
// the diff-and-write cost is included. Figures are wall-clock times on a shared machine.
import BenchmarkSupport
import Foundation
import Pool
import Terminal
import Workbench

setenv("COLUMNS", "200", 1)
setenv("LINES", "60", 1)
setlocale(LC_ALL, "C.UTF-8")

func option(_ name: String) -> Int? {
    let arguments = CommandLine.arguments
    guard let index = arguments.firstIndex(of: name), index + 1 < arguments.count else { return nil }
    return Int(arguments[index + 1])
}
let recordCount = option("--records") ?? 100_000
let folder = FileManager.default.temporaryDirectory.appendingPathComponent("workbench-benchmark-\(getpid())")
try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
defer { try? FileManager.default.removeItem(at: folder) }
let poolURL = folder.appendingPathComponent("pool.jsonl")

func now() -> Double { Double(DispatchTime.now().uptimeNanoseconds) / 1e9 }

print("workbench-benchmark: \(recordCount) records in \(poolURL.path)")
// Most records accepted or rejected, some pending.
var records = SyntheticPool(seed: 7) { $0 % 50 == 0 ? .pending : $0 % 3 == 0 ? .rejected : .accepted }
try records.write(recordCount, to: poolURL)
let rssBeforeOpen = ProcessMemory.residentMiB

if CommandLine.arguments.dropFirst().first == "generate" {
    let minutes = option("--minutes")
    try await measureMemoryOverGeneration(
        poolURL: poolURL, records: recordCount, residentBeforeOpen: rssBeforeOpen,
        goal: minutes.map { .minutes($0) } ?? .rounds(option("--rounds") ?? 720),
        answerLatency: .milliseconds(option("--latency-ms") ?? 0))
    try? FileManager.default.removeItem(at: folder)
    exit(0)
}

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
/// Stats computations the loop runs on a task of their own, off the key path; the
/// benchmark runs them after the frame it times, as the loop's next frame would show them.
var backgroundCommands: [WorkbenchCommand] = []

@MainActor func feed(_ event: WorkbenchEvent) async {
    var queue = [event]
    while !queue.isEmpty {
        for command in Workbench.update(&state, queue.removeFirst()) {
            if case .tallyPool = command {
                backgroundCommands.append(command)
            } else if let result = await runner.perform(command) {
                queue.append(result)
            }
        }
    }
}

@MainActor func finishBackgroundWork() async {
    while !backgroundCommands.isEmpty {
        if let result = await runner.perform(backgroundCommands.removeFirst()) { await feed(result) }
    }
}

await feed(.entriesLoaded(await backend.entries()))
screen.flush(Workbench.render(state))
let firstFrame = now() - startTime
let rssAfterOpen = ProcessMemory.residentMiB

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
            await finishBackgroundWork()
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
print(String(format: "key to frame: switch view (lists over 100K)  p50 %6.2f ms  max %6.2f ms", switchP50, switchMax))

var renderTimes: [String: [Double]] = [:]
for view in WorkbenchView.allCases {
    await feed(.key(.character(Character(String(view.number)))))
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

let rss = ProcessMemory.residentMiB, peak = ProcessMemory.peakResidentMiB
print(String(format: "resident memory           %7.0f MiB   goal ≤ 350 MB   %@  (%.0f MiB before open, %.0f after first frame, peak %.0f MiB incl. generating the pool)",
             rss, verdict(rss * 1.048576 <= 350), rssBeforeOpen, rssAfterOpen, peak))
await backend.shutDown()
screen.close()
