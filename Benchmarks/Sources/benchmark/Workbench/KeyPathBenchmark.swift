import ArgumentParser
import Foundation
import Pool
import Terminal
import Workbench

/// Start to first frame (open the pool, load the entries, render, flush), a key press to
/// the next frame (reduce, perform the commands, render, flush), a full frame render at
/// 200x60, and resident memory; then a 10 MB record's render and filters' verdict.
struct KeyPathBenchmark: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "keys", abstract: "Start to first frame, key to frame, render and memory on a large pool.")

    @OptionGroup var pool: WorkbenchPoolOptions

    func run() async throws {
        let folder = try TemporaryFolder(named: "workbench-benchmark")
        defer { folder.remove() }
        let (poolURL, residentBeforeOpen) = try pool.makePool(in: folder)
        try await measureKeyPath(poolURL: poolURL, residentBeforeOpen: residentBeforeOpen)
        try await measureHugeRecord(in: folder)
    }
}

@MainActor
private func measureKeyPath(poolURL: URL, residentBeforeOpen: Double) async throws {
    let screen = try NcursesScreen.offscreen()
    defer { screen.close() }

    // Start to first frame: open the pool, load its entries, render and flush the Live view
    // with the first candidate's full record.
    let start = ContinuousClock.now
    let backend = try PoolCurationBackend(poolAt: poolURL)
    let driver = KeyDriver(backend: backend, screen: screen)
    let openTime = (ContinuousClock.now - start).seconds
    await driver.feed(.entriesLoaded(await backend.entries()))
    screen.flush(Workbench.render(driver.state))
    let firstFrame = (ContinuousClock.now - start).seconds
    let residentAfterOpen = ProcessMemory.residentMiB

    // The similarity index for re-scoring edits builds after the first frame.
    let indexStart = ContinuousClock.now
    await backend.prepare()
    let indexTime = (ContinuousClock.now - indexStart).seconds

    print(String(format: "start to first frame      %7.1f ms    goal ≤ 1000 ms  %@", firstFrame * 1000, verdict(firstFrame <= 1)))
    print(String(format: "  (of which opening the pool %.0f ms)", openTime * 1000))
    print(String(format: "  (re-scoring index built after it in %.0f ms)", indexTime * 1000))

    let liveMoves = await driver.keyTimes([.character("j"), .character("j"), .character("k")], repeats: 100)
    await driver.feed(.key(.character("2")))
    let poolMoves = await driver.keyTimes([.character("j"), .character("j"), .character("k"), .pageDown, .pageUp], repeats: 60)
    let viewSwitches = await driver.keyTimes([.character("3"), .character("5"), .character("1"), .character("2")], repeats: 10)
    await driver.feed(.key(.character("1")))
    let decisions = await driver.keyTimes([.character("a"), .character("u")], repeats: 50)
    await driver.feed(.key(.character("e")))
    let edits = await driver.keyTimes([.character("x"), .backspace], repeats: 50)
    await driver.feed(.key(.escape))

    for (name, times) in [("move in Live", liveMoves), ("move in Pool (100K rows)", poolMoves), ("decide + undo (fsync)", decisions), ("type in edit (re-score)", edits)] {
        let p50 = percentile(times, 0.5) * 1000, p99 = percentile(times, 0.99) * 1000
        print(String(format: "key to frame: %-24@ p50 %6.2f ms  p99 %6.2f ms   goal ≤ 16 ms  %@", name, p50, p99, verdict(p99 <= 16)))
    }
    let switchP50 = percentile(viewSwitches, 0.5) * 1000, switchMax = (viewSwitches.max() ?? 0) * 1000
    print(String(format: "key to frame: switch view (lists over 100K)  p50 %6.2f ms  max %6.2f ms", switchP50, switchMax))

    var renderTimes: [String: [Double]] = [:]
    for view in WorkbenchView.allCases {
        await driver.feed(.key(.character(Character(String(view.number)))))
        for _ in 0..<50 {
            renderTimes[view.title, default: []].append(seconds { _ = Workbench.render(driver.state) })
        }
    }
    let worstRender = renderTimes.values.map { percentile($0, 0.5) }.max() ?? 0
    for view in WorkbenchView.allCases {
        print(String(format: "render 200x60 %-10@ p50 %6.2f ms", view.title, percentile(renderTimes[view.title]!, 0.5) * 1000))
    }
    print(String(format: "full frame render 200x60  %7.2f ms    goal ≤ 5 ms     %@  (slowest view, p50)", worstRender * 1000, verdict(worstRender <= 0.005)))

    let resident = ProcessMemory.residentMiB, peak = ProcessMemory.peakResidentMiB
    print(String(format: "resident memory           %7.0f MiB   goal ≤ 350 MB   %@  (%.0f MiB before open, %.0f after first frame, peak %.0f MiB incl. generating the pool)",
                 resident, verdict(resident * 1.048576 <= 350), residentBeforeOpen, residentAfterOpen, peak))
    await backend.shutDown()
}

/// Drives the workbench's reducer and effects as its loop does, and times key presses.
@MainActor
private final class KeyDriver {
    /// The workbench's state after everything fed so far.
    private(set) var state: WorkbenchState
    private let runner: EffectRunner
    private let screen: NcursesScreen
    /// Stats computations the loop runs on a task of their own, off the key path; the
    /// benchmark runs them after the frame it times, as the loop's next frame would show them.
    private var backgroundCommands: [WorkbenchCommand] = []

    init(backend: PoolCurationBackend, screen: NcursesScreen) {
        runner = EffectRunner(backend: backend)
        state = WorkbenchState(size: Size(width: 200, height: 60), poolName: "pool.jsonl")
        self.screen = screen
    }

    /// Feeds an event and performs the resulting commands, feeding their results back.
    func feed(_ event: WorkbenchEvent) async {
        var queue = [event]
        while !queue.isEmpty {
            for command in Workbench.update(&state, queue.removeFirst()) {
                if case .tallyPool = command {
                    backgroundCommands.append(command)
                } else if case .summarizeInstances = command {
                    backgroundCommands.append(command)
                } else if let result = await runner.perform(command) {
                    queue.append(result)
                }
            }
        }
    }

    /// Times `repeats` presses of each key sequence, reduce + commands + render + flush.
    func keyTimes(_ keys: [Key], repeats: Int) async -> [Double] {
        var times: [Double] = []
        for _ in 0..<repeats {
            for key in keys {
                let start = ContinuousClock.now
                await feed(.key(key))
                screen.flush(Workbench.render(state))
                times.append((ContinuousClock.now - start).seconds)
                await finishBackgroundWork()
            }
        }
        return times
    }

    private func finishBackgroundWork() async {
        while !backgroundCommands.isEmpty {
            if let result = await runner.perform(backgroundCommands.removeFirst()) { await feed(result) }
        }
    }
}
