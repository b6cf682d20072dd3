import ArgumentParser
import Engine
import Foundation
import LLM
import Pool

/// `selfinstruct batches`: the Batch API batches a pool has in flight, and cancelling them.
struct BatchesCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "batches",
        abstract: "List the pool's Batch API batches in flight (from pool.batches.jsonl) with their status at the endpoint; --cancel cancels them.",
        discussion: "A cancelled batch stays in the pool's batch ledger: the next `generate --batch` (or classify, instances) takes what it answered and asks the rest live or reports it (--batch-leftovers). Exit status: 0 done; 2 bad input (a flag value, config file); 3 endpoint unusable; 4 the batch ledger cannot be read.")

    @OptionGroup var poolOptions: PoolOptions
    @OptionGroup var endpoint: EndpointOptions

    @Flag(name: .long, help: "Ask the endpoint to cancel each batch in flight.")
    var cancel = false

    func run() async throws {
        try await HeadlessFailure.reporting { try await listOrCancel() }
    }

    private func listOrCancel() async throws {
        let settings = try CommandSettings.resolve(poolOptions) { endpoint.apply(to: &$0) }
        let open = try BatchLedger(forPool: poolOptions.url).open()
        guard !open.isEmpty else { return printError("no batches in flight for \(poolOptions.pool)") }
        let client = LLMClient(endpoint: settings.endpoint, limits: settings.rateLimits, prices: settings.prices)
        let here = GenerationEngine.ledgerURL(of: settings.endpoint)
        for submission in open {
            let what = "\(submission.stage) \(submission.stage == "instructions" ? "round" : "batch") \(submission.round), \(submission.requests.count) request\(submission.requests.count == 1 ? "" : "s")"
            guard submission.endpoint == here else {
                print("\(submission.batch) (\(what)) was submitted to \(submission.endpoint), not \(here): pass --base-url \(submission.endpoint)")
                continue
            }
            let job = cancel ? try await client.cancelBatch(submission.batch) : try await client.batch(submission.batch)
            print("\(job.summary) (\(what))")
        }
    }
}
