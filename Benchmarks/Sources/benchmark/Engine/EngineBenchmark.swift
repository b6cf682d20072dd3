import ArgumentParser
import Engine
import Foundation
import LLM
import Pool
import Similarity

/// The engine's own work per candidate (parse, cheap filters, ROUGE-L neighbours against a
/// 100K pool) on one core, and resident memory over a long run of rounds against the
/// benchmark server.
struct EngineBenchmark: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "engine", abstract: "Engine work per candidate, and memory over a long run of rounds.")

    @Option(help: "Instructions in the pool the candidates are compared with.")
    var poolSize = 100_000

    @Option(help: "Completions parsed and screened.")
    var completions = 200

    @Option(help: "Rounds against the benchmark server.")
    var rounds = 300

    func run() async throws {
        // MARK: Per-candidate work on one core

        var maker = SyntheticInstructions(seed: 2024)
        let index = NearestNeighbourIndex(threads: 1)
        let buildStart = ContinuousClock.now
        for i in 0..<poolSize { index.add(maker.instruction(), id: "p\(i)") }
        print("pool: \(poolSize) instructions indexed in \(ContinuousClock.now - buildStart), \(fixed(ProcessMemory.residentMiB, 0)) MiB resident")

        let recipe = Recipe.selfInstruct()
        let parser = CompletionParser(recipe: recipe)
        let screening = CandidateScreening(recipe: recipe, index: index)
        let texts = (0..<completions).map { _ in maker.completion() }
        var candidates = 0
        var kept = 0
        let elapsed = seconds {
            for (n, text) in texts.enumerated() {
                let parsed = parser.parse(text, firstNumber: 9, cutOffByLength: false)
                let screened = screening.screen(parsed) { "c\(n)-\($0)" }
                candidates += screened.count
                kept += screened.filter { $0.rejection == nil }.count
            }
        }
        print("per candidate (parse, filters, top-10 neighbours against \(poolSize)), one core: "
              + "\(fixed(elapsed * 1000 / Double(candidates), 2)) ms over \(candidates) candidates (\(kept) kept); goal ≤ 5 ms")

        // MARK: Memory over a long run against the benchmark server

        let folder = try TemporaryFolder(named: "engine-benchmark")
        defer { folder.remove() }
        let server = try BenchmarkServer(ServeOptions.parse(["--seed", "2024"]))
        let engine = try GenerationEngine(
            poolURL: folder.file("pool.jsonl"),
            endpoint: EndpointConfiguration(baseURL: server.baseURL, model: "bench"),
            configuration: EngineConfiguration(promptsPerRound: 5, streamTokens: true),
            retryPolicy: RetryPolicy(maxAttempts: 1))
        let drain = Task {
            var count = 0
            for await event in engine.events {
                count += 1
                if case .error(let error) = event { print(error) }
            }
            return count
        }
        print("round  pool records  resident MiB")
        for round in 1...rounds {
            try await engine.run(.rounds(1))
            if round == 1 || round % max(rounds / 6, 1) == 0 {
                let records = await engine.withPool { $0.entries.count }
                print(String(format: "%5d  %12d  %12.1f", round, records, ProcessMemory.residentMiB))
            }
        }
        try await engine.close()
        print("events delivered: \(await drain.value)")
        _ = try server.stop()
    }
}
