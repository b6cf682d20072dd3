import ArgumentParser
import Engine
import Foundation
import LLM
import Pool

/// The real engine in auto mode, generating into a temporary pool for a long time against
/// the benchmark server failing one request in five in rotating ways (issue 15): prints
/// the requests, the faults sent and what the engine made of them, the records written,
/// those with an empty instruction (there must be none), and resident memory at the start
/// and the end. The client's retries, backoff and timeouts are its defaults, except the
/// stream idle timeout, short so that a stall costs seconds, not minutes.
struct SoakBenchmark: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "soak", abstract: "Generation for a long time against a server that fails one request in five.")

    @Option(help: "Minutes of generation.")
    var minutes = 60.0

    @Option(name: .customLong("latency-ms"), help: "The server's milliseconds per answer.")
    var latencyMilliseconds = 50

    @Option(help: "Fail every n-th request, rotating through the fault kinds.")
    var failEvery = 5

    @Option(help: "The client's stream idle timeout in seconds.")
    var idleTimeout = 2

    @Option(help: "Seconds a stalled answer waits for the client to give up before the server closes it.")
    var stallLimit = 120

    func run() async throws {
        let folder = try TemporaryFolder(named: "soak-benchmark")
        defer { folder.remove() }
        let server = try BenchmarkServer(ServeOptions.parse([
            "--latency-ms", String(latencyMilliseconds), "--fail-every", String(failEvery),
            "--stall-limit", String(stallLimit),
        ]))
        let engine = try GenerationEngine(
            poolURL: folder.file("pool.jsonl"),
            endpoint: EndpointConfiguration(
                baseURL: server.baseURL, model: "bench", timeouts: .init(idle: .seconds(idleTimeout))),
            configuration: EngineConfiguration(mode: .auto, promptsPerRound: 5, streamTokens: true))
        let seedCount = await engine.withPool { $0.entries.count }
        let tally = SoakTally()
        let counting = Task { for await event in engine.events { tally.count(event) } }
        let residentAtStart = ProcessMemory.residentMiB

        print("soak: \(fixed(minutes, 1)) minutes, auto mode, 5 prompts per round, answers after \(latencyMilliseconds) ms; every "
              + "\(failEvery)th request fails, in turn: " + Fault.allCases.map(\.label).joined(separator: ", ")
              + " (until the client gives up; its idle timeout is \(idleTimeout) s)")
        print("resident at the start: \(fixed(residentAtStart, 1)) MiB")
        print("minutes  rounds  requests sent  records  resident MiB")
        let start = ContinuousClock.now
        let generation = Task { try await Self.generate(engine, until: start + .seconds(minutes * 60)) }
        while (ContinuousClock.now - start).seconds < minutes * 60 {
            try await Task.sleep(for: .seconds(min(60, minutes * 60 - (ContinuousClock.now - start).seconds)))
            let records = await engine.withPool { $0.entries.count } - seedCount
            let (rounds, sent) = tally.progress
            let elapsed = (ContinuousClock.now - start).seconds / 60
            print(String(format: "%7.1f  %6d  %13d  %7d  %12.1f", elapsed, rounds, sent, records, ProcessMemory.residentMiB))
        }
        await engine.stop()
        let stopped = ContinuousClock.now
        let failure = await generation.result
        let (written, empty, statuses) = await engine.withPool { pool in
            let written = pool.entries.dropFirst(seedCount)
            return (written.count, written.filter { $0.instruction.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty }.count,
                    Dictionary(grouping: written, by: \.status.rawValue).mapValues(\.count))
        }
        let residentAtEnd = ProcessMemory.residentMiB
        try await engine.close()
        counting.cancel()
        let served = try server.stop()

        print("stopped: the round in progress took \(fixed((ContinuousClock.now - stopped).seconds, 1)) s to finish"
              + (failure.error.map { "; the run failed: \($0)" } ?? ""))
        print("server: \(served.requests) requests; faults sent: "
              + Fault.allCases.map { "\($0.label) \(served.faults[$0, default: 0])" }.joined(separator: ", "))
        if let longest = served.stallWaits.max(), let shortest = served.stallWaits.min() {
            print("stalls: the client gave up after \(fixed(shortest, 1))–\(fixed(longest, 1)) s"
                  + (longest >= Double(stallLimit) ? " (at \(stallLimit) s the server closed the connection itself)" : ""))
        }
        tally.report()
        let byStatus = statuses.sorted { $0.key < $1.key }.map { "\($0.value) \($0.key)" }
        print("records written: \(written) (\(byStatus.joined(separator: ", ")))")
        print("records with an empty instruction: \(empty)   goal 0   \(verdict(empty == 0))")
        print("resident: \(fixed(residentAtStart, 1)) MiB at the start, \(fixed(residentAtEnd, 1)) MiB at the end")
    }
}

extension SoakBenchmark {
    /// Runs the engine until `stop()`, starting it again after each halt (the tally counts
    /// them) as a person resuming would, unless the soak ends within a second: so that a
    /// `stop()` never reaches the engine between two runs, where the next run would forget it.
    fileprivate static func generate(_ engine: GenerationEngine, until end: ContinuousClock.Instant) async throws {
        while true {
            do {
                return try await engine.run(.untilStopped)
            } catch let error as EngineError where error.haltReason != nil {
                guard ContinuousClock.now + .seconds(1) < end else { return }
            }
        }
    }
}

extension Result {
    /// The failure, if this is one.
    fileprivate var error: Failure? {
        if case .failure(let error) = self { return error }
        return nil
    }
}
