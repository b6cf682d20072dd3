import Foundation
import LLM
import Pool

/// Why a request of a batch has no answer, for the person reading the failure.
struct BatchItemError: Error, CustomStringConvertible {
    var description: String
}

extension GenerationEngine {
    /// Sends `requests` as one Batch API batch and hands their arrivals to `handle` in
    /// request order once it has ended; returns how many were submitted.
    ///
    /// The batch is recorded in the pool's batch ledger as soon as it is created, before any
    /// wait: a run killed while it waits finds it there (the same requests give the same
    /// input digest) and polls it again instead of paying for another. Requests it did not
    /// answer go live or are reported, as `mode.leftovers` says. A failure to submit fails
    /// every request as a live failure would (so an unusable endpoint halts the run).
    func sendAsBatch(_ requests: [OutgoingRequest], _ mode: BatchMode, handle: (RequestArrival) throws -> Void) async throws -> Int {
        // One whose round was cancelled after its answers came stays open, for that round again.
        batchInProgress = nil
        var admitted: [OutgoingRequest] = []
        for request in requests {
            guard admit(request, batch: true) else { break }
            admitted.append(request)
        }
        guard !admitted.isEmpty else { return 0 }
        var progress: BatchProgress
        do {
            progress = try await submitOrResume(admitted)
        } catch let error as LLMError {
            for request in admitted {
                let arrival = RequestArrival(index: request.id.index, error: error)
                try settle(arrival, of: request, batch: true)
                try handle(arrival)
            }
            return admitted.count
        }
        for request in admitted { emit(.requestSent(request.id)) }
        emit(.batchUpdated(progress))
        progress = try await poll(progress, mode)
        let outcomes = try await download(&progress, mode)
        let now = configuration.now()
        var leftovers: [OutgoingRequest] = []
        for request in admitted {
            let arrival: RequestArrival
            switch outcomes[Self.customID(request.id)] {
            case .answered(let completion):
                let reply = ModelReply(text: completion.text, finishReason: completion.finishReason, usage: completion.usage,
                                       model: completion.model, endpoint: fleet.endpoints[0], requestedAt: now, completedAt: now)
                emit(.requestFinished(request.id, finishReason: reply.finishReason, usage: reply.usage))
                arrival = RequestArrival(index: request.id.index, reply: reply)
            case .failed(let code, let message):
                arrival = RequestArrival(index: request.id.index, error: BatchItemError(
                    description: "batch \(progress.job.id) did not answer \(request.id) (\(code): \(message))\(Self.notAskedLive)"))
            case nil:
                arrival = RequestArrival(index: request.id.index, error: BatchItemError(
                    description: "batch \(progress.job.id) ended \(progress.job.status)\(Self.errors(of: progress.job)) without answering \(request.id)\(Self.notAskedLive)"))
            }
            try settle(arrival, of: request, batch: true)
            if arrival.reply == nil && mode.leftovers == .live {
                leftovers.append(request)
            } else {
                try handle(arrival)
            }
        }
        progress.ingested = true
        batchInProgress = progress
        emit(.batchUpdated(progress))
        if !leftovers.isEmpty {
            _ = try await sendLive(leftovers, handle: handle)
        }
        return admitted.count
    }

    /// Marks the batch whose answers were just written as closed in the ledger.
    func closeBatchInProgress() throws {
        guard let progress = batchInProgress else { return }
        batchInProgress = nil
        do {
            try batchLedger.closed(progress.job.id, status: progress.job.status, at: configuration.now())
        } catch {
            throw EngineError.pool("\(error)")
        }
    }

    /// `endpoint`'s base URL as the batch ledger records it (without credentials, secrets
    /// redacted), to tell which of its batches were submitted there.
    public nonisolated static func ledgerURL(of endpoint: EndpointConfiguration) -> String {
        ModelRequester.recordedURL(of: endpoint)
    }

    /// The custom_id of a request: `instructions-12-3`.
    static func customID(_ id: RequestID) -> String {
        "\(id.stage.rawValue)-\(id.round)-\(id.index)"
    }

    /// The server's reasons for failing a whole batch, e.g. ` (line 1: invalid_request: …)`.
    private static func errors(of job: BatchJob) -> String {
        job.errors.isEmpty ? "" : " (\(job.errors.joined(separator: "; ")))"
    }

    /// Said of a request the batch left unanswered when leftovers are reported (with
    /// `.live` they are asked again at once, and only the batch's counts say so).
    private static let notAskedLive = "; not asked live (--batch-leftovers report)"

    /// The open batch in the ledger for exactly these requests at this endpoint, asked for its
    /// status; else a new batch, uploaded, created and recorded before anything waits on it.
    private func submitOrResume(_ requests: [OutgoingRequest]) async throws -> BatchProgress {
        let first = requests[0]
        let input = try client.batchInput(requests.map {
            BatchRequest(customID: Self.customID($0.id), prompt: $0.prompt, parameters: $0.parameters)
        })
        let digest = String(Self.fnv1a(input), radix: 16)
        let endpoint = Self.ledgerURL(of: client.endpoint)
        let open: [BatchLedger.Submission]
        do {
            open = try batchLedger.open()
        } catch {
            throw EngineError.pool("\(error)")
        }
        if let earlier = open.first(where: { $0.digest == digest && $0.endpoint == endpoint }) {
            // A status that cannot be had now is polled for: failing the round would move the
            // run on past the batch, which would then never be taken in.
            var progress = BatchProgress(stage: first.id.stage, round: first.id.round,
                                         job: BatchJob(id: earlier.batch, status: "resuming", total: earlier.requests.count), resumed: true)
            do {
                progress.job = try await client.batch(earlier.batch)
            } catch let error as LLMError where !error.makesEndpointUnusable {
                progress.problem = "\(RequestFailure(error))"
            }
            return progress
        }
        func record(_ job: BatchJob) throws {
            do {
                try batchLedger.submitted(BatchLedger.Submission(
                    batch: job.id, inputFile: job.inputFileID ?? "", endpoint: endpoint, stage: first.id.stage.rawValue, round: first.id.round,
                    digest: digest, requests: requests.map { BatchLedger.Item(customID: Self.customID($0.id), request: "\($0.id)", task: $0.task) },
                    at: configuration.now()))
            } catch {
                throw EngineError.pool("\(error)")
            }
        }
        // A batch of these very requests the server already has (a run stopped between
        // creating it and recording it) is taken up, not paid for again.
        if let made = try await batchesOnServer(tagged: digest).last {
            try record(made)
            return BatchProgress(stage: first.id.stage, round: first.id.round, job: made, resumed: true)
        }
        let fileID = try await client.uploadBatchInput(input, filename: "\(Self.customID(first.id)).jsonl")
        let basePath = URLComponents(string: client.endpoint.baseURL)?.path ?? ""
        let path = basePath + (client.endpoint.api == .chat ? "/chat/completions" : "/completions")
        var job: BatchJob
        do {
            job = try await client.createBatch(inputFileID: fileID, path: path, metadata: [Self.batchTag: digest])
            job.inputFileID = job.inputFileID ?? fileID
        } catch let error as LLMError where !error.makesEndpointUnusable {
            // The server may have made it and the answer been lost on the way.
            guard let made = try? await batchesOnServer(tagged: digest).last else { throw error }
            job = made
        }
        try record(job)
        // A create retried after a lost answer may have made another batch of the same
        // requests: only the one recorded runs.
        for duplicate in (try? await batchesOnServer(tagged: digest)) ?? [] where duplicate.id != job.id {
            _ = try? await client.cancelBatch(duplicate.id)
        }
        return BatchProgress(stage: first.id.stage, round: first.id.round, job: job, resumed: false)
    }

    /// The metadata key a batch carries its requests' digest under.
    static let batchTag = "selfinstruct_requests"

    /// The server's recent batches tagged with `digest` that are running or completed, newest
    /// first; none when the list cannot be had for now (a failure that may pass), and the
    /// error when the endpoint cannot serve batches at all (a refused key, no Batch API).
    private func batchesOnServer(tagged digest: String) async throws -> [BatchJob] {
        let recent: [BatchJob]
        do {
            recent = try await client.recentBatches()
        } catch let error as LLMError where !error.makesEndpointUnusable {
            return []
        }
        return recent.filter { $0.metadata[Self.batchTag] == digest && ["validating", "in_progress", "finalizing", "completed"].contains($0.status) }
    }

    /// Polls until the batch has ended, waiting longer each time; reports each change.
    private func poll(_ progress: BatchProgress, _ mode: BatchMode) async throws -> BatchProgress {
        var progress = progress
        var delays = mode.pollDelays().makeIterator()
        while !progress.job.hasEnded {
            try await mode.clock.sleep(until: mode.clock.now() + (delays.next() ?? mode.longestPoll))
            let id = progress.job.id
            guard let job = try await attempt(&progress, { try await self.client.batch(id) }) else { continue }
            let changed = job != progress.job || progress.problem != nil
            progress.job = job
            progress.problem = nil
            if changed { emit(.batchUpdated(progress)) }
        }
        return progress
    }

    /// The answers and failures in an ended batch's output and error files, by custom_id;
    /// a download that fails is tried again after a wait, as a poll is.
    private func download(_ progress: inout BatchProgress, _ mode: BatchMode) async throws -> [String: BatchItemOutcome] {
        var delays = mode.pollDelays().makeIterator()
        let job = progress.job
        while true {
            let files = try await attempt(&progress) {
                var outcomes: [String: BatchItemOutcome] = [:]
                for file in [job.errorFileID, job.outputFileID].compactMap({ $0 }) {
                    outcomes.merge(try self.client.batchOutcomes(in: try await self.client.fileContent(file))) { _, answer in answer }
                }
                return outcomes
            }
            if let files {
                progress.problem = nil
                return files
            }
            try await mode.clock.sleep(until: mode.clock.now() + (delays.next() ?? mode.longestPoll))
        }
    }

    /// Runs one call of the batches or files API. A failure after the client's retries that
    /// may pass is reported on `progress` (and nil returned, to try again after a wait; the
    /// caller clears it on success); one that makes the endpoint unusable halts the run, the
    /// batch left open for the next.
    private func attempt<T>(_ progress: inout BatchProgress, _ call: () async throws -> T) async throws -> T? {
        do {
            return try await call()
        } catch let error as LLMError {
            let failure = RequestFailure(error)
            if failure.makesEndpointUnusable { throw halt(.endpointUnusable(failure)) }
            progress.problem = "\(failure)"
            emit(.batchUpdated(progress))
            return nil
        }
    }

    /// FNV-1a over the bytes: the same on every run and platform.
    private static func fnv1a(_ data: Data) -> UInt64 {
        data.reduce(0xCBF2_9CE4_8422_2325) { ($0 ^ UInt64($1)) &* 0x100_0000_01B3 }
    }
}
