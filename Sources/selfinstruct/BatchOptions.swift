import ArgumentParser
import Engine
import Foundation
import Pool

extension BatchMode.Leftovers: ExpressibleByArgument {}

/// The flags that send a run's requests through the Batch API instead of live.
struct BatchOptions: ParsableArguments {
    @Flag(name: .long, help: "Send each round's (or stage's) requests as one Batch API batch (/v1/files, /v1/batches): half price, answered within 24 hours. The batch is recorded beside the pool before the wait, so a run killed while it waits polls the same batch when run again instead of paying twice.")
    var batch = false

    @Option(name: .long, help: "What becomes of the requests a batch did not answer (expired, failed, cancelled): live (asked live, at the live price; the default) or report (counted as failed requests; the next run asks again).")
    var batchLeftovers: BatchMode.Leftovers?

    @Option(name: .long, help: ArgumentHelp("Seconds before the first poll of a batch's status; each wait doubles, up to 600 s (10 by default).", valueName: "seconds"))
    var batchPoll: Double?

    func validate() throws {
        if !batch && (batchLeftovers != nil || batchPoll != nil) {
            throw ValidationError("--batch-leftovers and --batch-poll go with --batch")
        }
        if let batchPoll, !(batchPoll > 0 && batchPoll <= 600) {
            throw ValidationError("--batch-poll must be seconds above 0 and at most 600, not \(batchPoll)")
        }
    }

    /// The batch mode these flags ask for; nil without --batch.
    var mode: BatchMode? {
        guard batch else { return nil }
        return BatchMode(leftovers: batchLeftovers ?? .live, firstPoll: .milliseconds(Int(((batchPoll ?? 10) * 1000).rounded())))
    }

    /// Without --batch, a warning when the pool has batches in flight from a --batch run:
    /// their answers wait to be taken by one (nil when there are none, or with --batch).
    func warningOfOpenBatches(pool: URL) -> String? {
        guard !batch, let open = try? BatchLedger(forPool: pool).open(), !open.isEmpty else { return nil }
        let batches = open.count == 1 ? "a Batch API batch" : "\(open.count) Batch API batches"
        return "warning: the pool has \(batches) in flight (selfinstruct batches lists them); run with --batch to take their answers instead of asking live"
    }
}
