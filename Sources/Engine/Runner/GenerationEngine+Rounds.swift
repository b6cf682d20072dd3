import Foundation
import LLM
import Pool
import Similarity

/// What a round's requests came to, for the circuit breaker.
struct RoundOutcome: Sendable {
    /// Requests sent (fewer than planned when the endpoint became unusable midway).
    var sent: Int
    /// Why each failed request yielded nothing.
    var failures: [RequestFailure]
    /// The ids of the records the round accepted (auto mode).
    var accepted: [String]
}

/// One instruction prompt of a round and what it is for.
struct PlannedRequest: Sendable {
    var id: RequestID
    var prompt: InstructionPrompt
    var parameters: SamplingParameters
}

extension GenerationEngine {
    /// The record id of a candidate: `r{round}-{request}-{position}`.
    static func recordID(_ candidate: CandidateID) -> String {
        "r\(candidate.request.round)-\(candidate.request.index)-\(candidate.position)"
    }

    /// The accepted records at `positions` among the accepted ones (in pool order), as
    /// demonstrations, in the order given: found in one pass over the pool, copying nothing
    /// else (a 100K-record pool is not listed for every prompt).
    private func acceptedDemonstrations(at positions: [Int]) -> [Demonstration] {
        guard !positions.isEmpty else { return [] }
        let wanted = Set(positions)
        var found: [Int: Demonstration] = [:]
        var position = 0
        for entry in pool.entries where entry.status == .accepted {
            if wanted.contains(position) {
                found[position] = Demonstration(id: entry.id, instruction: entry.instruction,
                                                isClassification: entry.isClassification ?? false, origin: .machine)
                if found.count == wanted.count { break }
            }
            position += 1
        }
        return positions.compactMap { found[$0] }
    }

    /// The prompts of `round`: demonstrations drawn with a generator keyed by the seed, the
    /// round and the prompt's index, so a round generated again after a crash asks the same.
    func plan(round: Int) throws -> [PlannedRequest] {
        let recipe = configuration.recipe
        let seeds = try seeds()
        let machineCount = recipe.maxMachineDemonstrations == 0 ? 0 : pool.entries.reduce(0) { $0 + ($1.status == .accepted ? 1 : 0) }
        let sampler = DemonstrationSampler(recipe: recipe)
        let builder = InstructionPromptBuilder(recipe: recipe, templates: configuration.templates, api: client.endpoint.api)
        return (0..<configuration.promptsPerRound).map { index in
            var generator = SeededGenerator(seed: configuration.seed, streams: UInt64(round), UInt64(index))
            let demonstrations = sampler.sample(seeds: seeds, machineCount: machineCount, using: &generator) { acceptedDemonstrations(at: $0) }
            return PlannedRequest(
                id: RequestID(stage: .instructions, round: round, index: index),
                prompt: builder.build(demonstrations),
                parameters: configuration.capped(recipe.sampling))
        }
    }

    /// One round: its prompts sent (as many at once as the client's in-flight limit allows),
    /// completions screened in request order as they arrive, and all of the round's records
    /// written together at the end, so a round is in the pool whole or not at all.
    ///
    /// A request that fails, or whose answer holds no candidate, is a failed request: it
    /// writes nothing. If the pool cannot be written, the round is kept in memory and the
    /// engine pauses: `resume()` writes it and goes on; `stop()` ends the run with the error.
    func runRound(_ round: Int) async throws -> RoundOutcome {
        let planned = try plan(round: round)
        emit(.roundStarted(round: round, requests: planned.count))
        let index = comparison.index(over: pool)
        let indexCountBefore = index.count
        var records: [PoolRecord] = []
        var failures: [RequestFailure] = []
        var summary = RoundSummary(round: round, parsed: 0, accepted: 0, pending: 0, rejectedByReason: [:])
        let sent: Int
        do {
            var release = InOrderRelease()
            var arrivals = [RequestArrival?](repeating: nil, count: planned.count)
            sent = try await send(planned.map { OutgoingRequest(id: $0.id, prompt: $0.prompt.prompt, parameters: $0.parameters) }) { arrival in
                arrivals[arrival.index] = arrival
                for requestIndex in release.arrive(arrival.index) {
                    let request = planned[requestIndex]
                    guard let arrival = arrivals[requestIndex] else { continue }
                    arrivals[requestIndex] = nil
                    let failure: RequestFailure
                    if let reply = arrival.reply {
                        guard let failed = screen(reply, of: request, index: index, summary: &summary, into: &records) else { continue }
                        failure = failed
                    } else {
                        failure = RequestFailure(arrival.error ?? CancellationError())
                    }
                    failures.append(failure)
                    summary.failedRequests += 1
                    emit(.error(.requestFailed(request.id, failure)))
                }
            }
            try Task.checkCancellation()
        } catch {
            // Kept candidates of the unfinished round are in the index but not in the pool.
            if index.count != indexCountBefore { comparison.invalidate() }
            throw error
        }
        try await write(records)
        try closeBatchInProgress()
        lastFinishedRound = round
        emit(.roundFinished(summary))
        return RoundOutcome(sent: sent, failures: failures, accepted: records.filter { $0.status == .accepted }.map(\.id))
    }

    /// Appends a round's records with one durable write. On failure the records stay here and
    /// the engine pauses, reporting the error, until `resume()` (which tries again) or
    /// `stop()` or cancellation (which end the run with the error; the pool is as it was).
    private func write(_ records: [PoolRecord]) async throws {
        var failed = false
        while true {
            do {
                try pool.add(contentsOf: records)
                break
            } catch {
                let problem = EngineError.pool("\(error)")
                failed = true
                emit(.error(problem))
                pause()
                guard await waitWhilePaused() else {
                    comparison.invalidate()
                    try Task.checkCancellation()
                    throw problem
                }
            }
        }
        // Other changes while the write waited may have rebuilt the index without this round.
        if failed { comparison.invalidate() }
    }

    /// Parses a completion, screens its candidates and adds their records to `records`;
    /// returns the failure when the completion holds no candidate at all.
    ///
    /// An empty item (a stream cut right after "13. ") is not a candidate and writes nothing;
    /// an item the parser refused for its form (malformed, cut off) is recorded as rejected.
    private func screen(_ reply: ModelReply, of request: PlannedRequest, index: NearestNeighbourIndex,
                        summary: inout RoundSummary, into records: inout [PoolRecord]) -> RequestFailure? {
        var recipe = configuration.recipe
        recipe.similarityThreshold = similarityThreshold
        let parser = CompletionParser(recipe: recipe, api: client.endpoint.api)
        let parsed = parser.parse(reply.text, firstNumber: request.prompt.firstNumber, cutOffByLength: reply.finishReason.isTruncated)
            .filter { !$0.instruction.isEmpty || ($0.rejection != nil && !Python.strip($0.raw).isEmpty) }
        guard !parsed.isEmpty else {
            return .nothingUsable(url: ModelRequester.shownURL(of: reply.endpoint), characters: reply.text.count, finishReason: reply.finishReason)
        }
        let candidateIDs = parsed.map { CandidateID(request: request.id, position: $0.position) }
        for (id, candidate) in zip(candidateIDs, parsed) { emit(.candidateParsed(id, candidate)) }
        summary.parsed += parsed.count

        let screening = CandidateScreening(recipe: recipe, index: index, neighbourCount: configuration.neighbourCount)
        let screened = screening.screen(parsed) { Self.recordID(candidateIDs[$0]) }
        let call = requester.modelCall(prompt: request.prompt.prompt, parameters: request.parameters,
                                       demonstrationIDs: request.prompt.demonstrationIDs, reply: reply)
        for (candidateID, candidate) in zip(candidateIDs, screened) {
            let recordID = Self.recordID(candidateID)
            if let search = candidate.search {
                emit(.candidateScored(candidateID, nearest: search.neighbours, mean: search.meanFMeasure))
            }
            let status: RecordStatus
            let why: StatusReason?
            if let rejection = candidate.rejection {
                status = .rejected
                why = rejection.statusReason
                summary.rejectedByReason[rejection.name, default: 0] += 1
                emit(.candidateRejected(candidateID, recordID: recordID, rejection))
            } else {
                status = configuration.mode == .auto ? .accepted : .pending
                why = candidate.search?.neighbours.first.map { .similarity(candidate.search!.maxFMeasure, to: $0.text) }
                if status == .accepted {
                    summary.accepted += 1
                    emit(.candidateAccepted(candidateID, recordID: recordID))
                } else {
                    summary.pending += 1
                    emit(.candidatePending(candidateID, recordID: recordID))
                }
            }
            let parsed = candidate.parsed
            records.append(PoolRecord(
                id: recordID,
                instruction: parsed.instruction.isEmpty ? Python.strip(parsed.raw) : parsed.instruction,
                instances: parsed.output.isEmpty ? [] : [Instance(input: parsed.input, output: parsed.output)],
                status: status,
                why: why,
                mostSimilar: candidate.search?.neighbours.map { SimilarInstruction(text: $0.text, score: $0.fmeasure) } ?? [],
                avgSimilarityScore: candidate.search?.meanFMeasure,
                round: request.id.round,
                provenance: Provenance(instructionGeneration: call)))
        }
        return nil
    }
}
