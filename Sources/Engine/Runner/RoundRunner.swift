import Foundation
import LLM
import Pool
import Similarity

/// Releases a round's requests in request order as their results arrive in any order: the
/// similarity filter must decide candidates in a fixed order for a run to be reproducible,
/// while the requests finish whenever the model is done.
struct InOrderRelease {
    private var arrived: Set<Int> = []
    /// The index of the next request to release.
    private(set) var next = 0

    /// Notes that request `index` has its result; returns the requests now releasable, in order.
    mutating func arrive(_ index: Int) -> Range<Int> {
        arrived.insert(index)
        let first = next
        while arrived.remove(next) != nil { next += 1 }
        return first..<next
    }
}

/// A request's outcome as its child task hands it back: the reply, or the error.
struct RequestArrival: Sendable {
    var index: Int
    var reply: ModelReply?
    var error: (any Error)?
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

    /// One round: every prompt sent at once (the client limits how many are in flight),
    /// completions screened in request order as they arrive, and all of the round's records
    /// written together at the end, so a round is in the pool whole or not at all.
    func runRound(_ round: Int) async throws {
        let planned = try plan(round: round)
        emit(.roundStarted(round: round, requests: planned.count))
        let index = comparisonIndex()
        let indexCountBefore = index.count
        var records: [PoolRecord] = []
        var summary = RoundSummary(round: round, parsed: 0, accepted: 0, pending: 0, rejectedByReason: [:])
        do {
            let requester = self.requester
            try await withThrowingTaskGroup(of: RequestArrival.self) { group in
                for request in planned {
                    group.addTask {
                        do {
                            return RequestArrival(index: request.id.index, reply: try await requester.send(
                                request.prompt.prompt, parameters: request.parameters, id: request.id))
                        } catch {
                            return RequestArrival(index: request.id.index, error: error)
                        }
                    }
                }
                var release = InOrderRelease()
                var arrivals = [RequestArrival?](repeating: nil, count: planned.count)
                while let arrival = try await group.next() {
                    try Task.checkCancellation()
                    arrivals[arrival.index] = arrival
                    for requestIndex in release.arrive(arrival.index) {
                        let request = planned[requestIndex]
                        guard let arrival = arrivals[requestIndex] else { continue }
                        arrivals[requestIndex] = nil
                        if let reply = arrival.reply {
                            records += screen(reply, of: request, index: index, summary: &summary)
                        } else {
                            if arrival.error is CancellationError { throw CancellationError() }
                            summary.failedRequests += 1
                            emit(.error(.requestFailed(request.id, reason: arrival.error.map { "\($0)" } ?? "no answer")))
                        }
                    }
                }
            }
            try Task.checkCancellation()
        } catch {
            // Kept candidates of the unfinished round are in the index but not in the pool.
            if index.count != indexCountBefore { self.index = nil }
            throw error
        }
        do {
            try pool.add(contentsOf: records)
        } catch {
            self.index = nil
            let problem = EngineError.pool("\(error)")
            emit(.error(problem))
            throw problem
        }
        lastFinishedRound = round
        emit(.roundFinished(summary))
    }

    /// Parses a completion, screens its candidates and makes their records.
    private func screen(_ reply: ModelReply, of request: PlannedRequest, index: NearestNeighbourIndex,
                        summary: inout RoundSummary) -> [PoolRecord] {
        var recipe = configuration.recipe
        recipe.similarityThreshold = similarityThreshold
        let parser = CompletionParser(recipe: recipe, api: client.endpoint.api)
        let parsed = parser.parse(reply.text, firstNumber: request.prompt.firstNumber, cutOffByLength: reply.finishReason.isTruncated)
        let candidateIDs = parsed.map { CandidateID(request: request.id, position: $0.position) }
        for (id, candidate) in zip(candidateIDs, parsed) { emit(.candidateParsed(id, candidate)) }
        summary.parsed += parsed.count

        let screening = CandidateScreening(recipe: recipe, index: index, neighbourCount: configuration.neighbourCount)
        let screened = screening.screen(parsed) { Self.recordID(candidateIDs[$0]) }
        let call = requester.modelCall(prompt: request.prompt.prompt, parameters: request.parameters,
                                       demonstrationIDs: request.prompt.demonstrationIDs, reply: reply)
        return zip(candidateIDs, screened).map { candidateID, candidate in
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
            return PoolRecord(
                id: recordID,
                instruction: parsed.instruction.isEmpty ? Python.strip(parsed.raw) : parsed.instruction,
                instances: parsed.output.isEmpty ? [] : [Instance(input: parsed.input, output: parsed.output)],
                status: status,
                why: why,
                mostSimilar: candidate.search?.neighbours.map { SimilarInstruction(text: $0.text, score: $0.fmeasure) } ?? [],
                avgSimilarityScore: candidate.search?.meanFMeasure,
                round: request.id.round,
                provenance: Provenance(instructionGeneration: call))
        }
    }
}
