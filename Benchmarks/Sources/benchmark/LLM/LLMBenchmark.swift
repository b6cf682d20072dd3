import ArgumentParser
import Foundation
import LLM

/// The client's sustained throughput, CPU per request and memory against a server that
/// takes a fixed 200 ms per request, 16 requests in flight, 1,000 requests per round. The
/// ideal is 16 / 0.2 s = 80 requests/s. The server is a child process so that getrusage
/// counts the client alone. The machine is shared with other work: repeat a run before
/// trusting a difference of a few percent.
struct LLMBenchmark: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "llm", abstract: "The client's throughput, CPU per request and memory against a local server.")

    @Option(help: "Requests per round.")
    var requests = 1000

    @Option(help: "Requests in flight.")
    var inFlight = 16

    @Option(name: .customLong("latency-ms"), help: "The server's milliseconds per request.")
    var latencyMilliseconds = 200

    @Option(help: "Rounds.")
    var rounds = 2

    func run() async throws {
        let server = try BenchmarkServer(ServeOptions.parse(["--answer", "fixed", "--latency-ms", String(latencyMilliseconds)]))
        let client = LLMClient(
            endpoint: EndpointConfiguration(baseURL: server.baseURL, model: "bench"),
            limits: RateLimits(maxInFlight: inFlight))
        let prompt = String(repeating: "Come up with a series of tasks. ", count: 15)
        let template = CompletionRequest(prompt: prompt, parameters: SamplingParameters(maxTokens: 256, temperature: 0.7, stop: ["\n\n"]))
        let ideal = Double(inFlight) / (Double(latencyMilliseconds) / 1000)

        // Warm up connections, the task pool and the allocator.
        _ = await client.complete(prompts: Array(repeating: prompt, count: inFlight * 2), using: template)

        print("llm benchmark: \(requests) requests/round, \(inFlight) in flight, \(latencyMilliseconds) ms server latency; ideal \(fixed(ideal, 1)) req/s")
        print("memory before: \(fixed(ProcessMemory.residentMiB, 1)) MiB resident")
        for round in 1...rounds {
            let cpuBefore = cpuSeconds()
            let start = ContinuousClock.now
            let results = await client.complete(prompts: Array(repeating: prompt, count: requests), using: template)
            let elapsed = (ContinuousClock.now - start).seconds
            let cpu = cpuSeconds() - cpuBefore
            let failures = results.filter { (try? $0.get()) == nil }.count
            let throughput = Double(requests) / elapsed
            print("round \(round): \(fixed(elapsed, 2)) s, \(fixed(throughput, 1)) req/s = \(fixed(100 * throughput / ideal, 1))% of ideal; "
                  + "client CPU \(fixed(1000 * cpu / Double(requests), 3)) ms/request; \(failures) failed; "
                  + "memory after: \(fixed(ProcessMemory.residentMiB, 1)) MiB resident")
        }
        let totals = client.usageTotals
        print("usage: \(totals.requests) requests, \(totals.promptTokens) prompt + \(totals.completionTokens) completion tokens")
        _ = try server.stop()
    }
}
