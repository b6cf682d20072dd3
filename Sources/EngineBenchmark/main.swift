// engine-benchmark: the engine's own work per candidate (parse, cheap filters, ROUGE-L
// neighbours against a 100K pool) on one core, and resident memory over a long run of
// rounds against the in-process fake server.
//
// usage: swift run -c release engine-benchmark [--pool-size N] [--completions C] [--rounds R]

import BenchmarkSupport
import Engine
import Foundation
import LLM
import Pool
import Similarity
import TestSupport

let arguments = CommandLine.arguments
func option(_ name: String, default value: Int) -> Int {
    guard let index = arguments.firstIndex(of: name), index + 1 < arguments.count,
          let parsed = Int(arguments[index + 1]) else { return value }
    return parsed
}
let poolSize = option("--pool-size", default: 100_000)
let completions = option("--completions", default: 200)
let rounds = option("--rounds", default: 300)

// MARK: Per-candidate work on one core

var maker = SyntheticInstructions(seed: 2024)
let index = NearestNeighbourIndex(threads: 1)
let buildStart = ContinuousClock.now
for i in 0..<poolSize { index.add(maker.instruction(), id: "p\(i)") }
print("pool: \(poolSize) instructions indexed in \(ContinuousClock.now - buildStart), \(String(format: "%.0f", ProcessMemory.residentMiB)) MiB resident")

let recipe = Recipe.selfInstruct()
let parser = CompletionParser(recipe: recipe)
let screening = CandidateScreening(recipe: recipe, index: index)
let texts = (0..<completions).map { _ in maker.completion() }
var candidates = 0
var kept = 0
let clock = ContinuousClock()
let elapsed = clock.measure {
    for (n, text) in texts.enumerated() {
        let parsed = parser.parse(text, firstNumber: 9, cutOffByLength: false)
        let screened = screening.screen(parsed) { "c\(n)-\($0)" }
        candidates += screened.count
        kept += screened.filter { $0.rejection == nil }.count
    }
}
let perCandidate = elapsed / candidates
print("per candidate (parse, filters, top-10 neighbours against \(poolSize)), one core: "
      + "\(String(format: "%.2f", Double(perCandidate.components.attoseconds) / 1e15)) ms over \(candidates) candidates (\(kept) kept); goal ≤ 5 ms")

// MARK: Memory over a long run against the fake server

let folder = try TemporaryFolder()
defer { folder.remove() }
let server = try await FakeLLMServer(keepsRequests: false)
let engine = try GenerationEngine(
    poolURL: folder.file("pool.jsonl"),
    endpoint: EndpointConfiguration(baseURL: server.baseURL, model: "fake-model"),
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
    for _ in 0..<5 {
        server.enqueue(.streamedWordByWord(maker.completion()))
    }
    try await engine.run(.rounds(1))
    if round == 1 || round % max(rounds / 6, 1) == 0 {
        let records = await engine.withPool { $0.entries.count }
        print(String(format: "%5d  %12d  %12.1f", round, records, ProcessMemory.residentMiB))
    }
}
try await engine.close()
print("events delivered: \(await drain.value)")
await server.stop()
