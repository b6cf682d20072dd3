import ArgumentParser
import Engine
import Foundation
import LLM
import Pool
import Terminal
import Workbench

/// Resident memory of the workbench over a long run of generation into a large pool.
struct GenerationMemoryBenchmark: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "generate", abstract: "The workbench's resident memory over a long run of generation.")

    @OptionGroup var pool: WorkbenchPoolOptions

    @Option(help: "Instruction rounds (720: an hour at one round every 5 s).")
    var rounds = 720

    @Option(help: "Minutes of generation instead of a number of rounds.")
    var minutes: Int?

    @Option(name: .customLong("latency-ms"), help: "The server's milliseconds per answer.")
    var latencyMilliseconds = 0

    func run() async throws {
        let folder = try TemporaryFolder(named: "workbench-benchmark")
        defer { folder.remove() }
        let (poolURL, residentBeforeOpen) = try pool.makePool(in: folder)
        try await measureMemoryOverGeneration(
            poolURL: poolURL, records: pool.records, residentBeforeOpen: residentBeforeOpen,
            goal: minutes.map { .minutes($0) } ?? .rounds(rounds), answerLatency: latencyMilliseconds)
    }
}

/// How long the generation run lasts.
enum GenerationGoal {
    /// This many instruction rounds.
    case rounds(Int)
    /// This much wall-clock time.
    case minutes(Int)
}

/// Resident memory of the workbench over a long run of generation into the pool at
/// `poolURL`: the real `WorkbenchLoop` on its own thread (as `selfinstruct tui` runs it)
/// drawing into an offscreen 200x60 screen, over an `EngineCurationBackend` generating in
/// auto mode (the filters decide) against the benchmark server, which answers every request
/// after `answerLatency` milliseconds with a new completion of seven instructions streamed
/// word by word. Keys posted to the loop switch the view every second, so each view's lists and
/// the stats are rebuilt as the pool grows. Prints a sample a twelfth of the way through,
/// then the growth set against what the pool's own records cost at open.
@MainActor
private func measureMemoryOverGeneration(
    poolURL: URL, records: Int, residentBeforeOpen: Double, goal: GenerationGoal, answerLatency: Int
) async throws {
    let server = try BenchmarkServer(ServeOptions.parse(["--latency-ms", String(answerLatency), "--seed", "11"]))
    let start = ContinuousClock.now
    let engine = try GenerationEngine(
        poolURL: poolURL,
        endpoint: EndpointConfiguration(baseURL: server.baseURL, model: "bench"),
        configuration: EngineConfiguration(mode: .auto, promptsPerRound: 5, streamTokens: true),
        retryPolicy: RetryPolicy(maxAttempts: 1))
    let backend = EngineCurationBackend(engine: engine, poolPath: poolURL.path, costKnown: true)
    let (firstRound, _) = await progress(of: engine, after: 0)
    let screen = try NcursesScreen.offscreen()
    nonisolated(unsafe) let loop = WorkbenchLoop(screen: screen, backend: backend, state: WorkbenchState(size: screen.size, poolName: "pool.jsonl"))
    let mailbox = loop.mailbox
    await backend.start()
    let loopFinished = DispatchSemaphore(value: 0)
    Thread {
        _ = loop.run()
        loopFinished.signal()
    }.start()

    // The pool loaded and indexed, and the first round under way.
    var (rounds, pooled) = (0, records)
    while rounds == 0 {
        try await Task.sleep(for: .milliseconds(100))
        (rounds, pooled) = await progress(of: engine, after: firstRound)
    }
    let opened = ProcessMemory.residentMiB
    let seconds = { (ContinuousClock.now - start).components.seconds }
    let description = switch goal {
    case .rounds(let rounds): "\(rounds) rounds"
    case .minutes(let minutes): "\(minutes) minutes"
    }
    print("generation: \(description) into a pool of \(records) records; 5 streamed requests of 7 instructions per round, answered after \(answerLatency) ms")
    print(String(format: "resident after opening the pool in the workbench: %.0f MiB (%.0f before)", opened, residentBeforeOpen))
    print(" round   seconds   records   pool file MiB   resident MiB")

    struct Sample {
        var round: Int
        var records: Int
        var residentMiB: Double
    }
    var samples: [Sample] = []
    let views = WorkbenchView.allCases
    let printEvery: Int = switch goal {
    case .rounds(let total): max(1, total / 12)
    case .minutes(let minutes): max(1, minutes * 5)  // seconds
    }
    var lastPrinted = -printEvery
    for tick in 1... {
        try await Task.sleep(for: .seconds(1))
        mailbox.post(.key(.character(Character(String(views[tick % views.count].number)))))
        (rounds, pooled) = await progress(of: engine, after: firstRound)
        samples.append(Sample(round: rounds, records: pooled, residentMiB: ProcessMemory.residentMiB))
        let done: Bool, progress: Int
        switch goal {
        case .rounds(let total): (done, progress) = (rounds >= total, rounds)
        case .minutes(let minutes): (done, progress) = (seconds() >= minutes * 60, Int(seconds()))
        }
        if progress - lastPrinted >= printEvery || done {
            lastPrinted = progress
            let fileMiB = Double((try? FileManager.default.attributesOfItem(atPath: poolURL.path)[.size] as? Int) ?? 0) / 1_048_576
            print(String(format: "%6d  %8d  %8d  %14.1f  %13.1f", rounds, seconds(), pooled, fileMiB, samples.last!.residentMiB))
        }
        if done { break }
    }
    mailbox.post(.key(.character("q")))
    mailbox.post(.key(.character("y")))
    loopFinished.wait()
    screen.close()
    _ = try server.stop()

    // Growth set against the pool's own: what a record costs in the open workbench.
    let perRecord = (opened - residentBeforeOpen) / Double(records)
    guard let first = samples.first, let last = samples.last, last.records > first.records else { return }
    let added = last.records - first.records
    let growth = last.residentMiB - first.residentMiB
    let highest = samples.map(\.residentMiB).max() ?? 0
    print(String(format: "resident over generation  %+7.1f MiB for %d records added (%.2f KiB each; a record costs %.2f KiB in the open workbench): %+.1f MiB beyond the pool's own growth",
                 growth, added, growth * 1024 / Double(added), perRecord * 1024, growth - perRecord * Double(added)))
    print(String(format: "resident at the end       %7.0f MiB   goal ≤ 350 MB   %@  (highest sample %.0f MiB)",
                 last.residentMiB, verdict(highest * 1.048576 <= 350), highest))
}

/// The rounds in the pool after `firstRound`, and its records.
private nonisolated func progress(of engine: GenerationEngine, after firstRound: Int) async -> (rounds: Int, records: Int) {
    await engine.withPool { pool in ((pool.entries.lazy.compactMap(\.round).max() ?? 0) - firstRound, pool.entries.count) }
}
