import Foundation
import LLM
import Pool

extension GenerationEngine {
    /// Stage 2 within a run: see `classify(_:)`.
    func classifyTasks(_ selection: StageSelection) async throws -> StageSummary {
        let ids = acceptedEntries(selection).filter { $0.isClassification == nil }.map(\.id)
        let api = client.endpoint.api
        let templates = configuration.templates
        let parameters = configuration.capped(ClassificationPrompt.sampling)
        var classification = 0
        var summary = try await runStage(.classification, ids: ids) { record in
            (ClassificationPrompt.prompt(for: record.instruction, templates: templates, api: api), parameters)
        } apply: { record, reply, call in
            let answer = ClassificationPrompt.answer(from: reply.text)
            record.isClassification = answer.isClassification
            if answer.isClassification { classification += 1 }
            var provenance = record.provenance ?? Provenance()
            provenance.classification = call
            record.provenance = provenance
            return .classified(taskID: record.id, answer)
        }
        summary.classification = classification
        if !ids.isEmpty { emit(.stageFinished(.classification, summary)) }
        return summary
    }

    /// Runs one request per task for `ids`, `stageBatchSize` at a time, and writes each
    /// task's updated record as its answer is processed (in id order within a batch); a
    /// task whose request failed for good is reported with `taskFailed`. Halts (throwing
    /// `EngineError.halted`) as an instruction run does: at once on an unusable endpoint, or
    /// after `haltAfterFailedRounds` batches whose every request failed.
    func runStage(
        _ stage: Stage, ids: [String],
        request: (PoolRecord) -> (Prompt, SamplingParameters),
        apply: (inout PoolRecord, ModelReply, ModelCall) -> EngineEvent?
    ) async throws -> StageSummary {
        if !ids.isEmpty { emit(.stageStarted(stage, tasks: ids.count)) }
        var summary = StageSummary()
        var breaker = CircuitBreaker(limit: configuration.haltAfterFailedRounds)
        var batchNumber = 0
        var start = 0
        while start < ids.count, !shouldStop {
            try Task.checkCancellation()
            batchNumber += 1
            let batch = Array(ids[start..<min(start + configuration.stageBatchSize, ids.count)])
            start += batch.count
            var records: [PoolRecord] = []
            for id in batch { records.append(try readRecord(id)) }
            let planned = records.enumerated().map { offset, record in
                let (prompt, parameters) = request(record)
                return OutgoingRequest(id: RequestID(stage: stage, round: batchNumber, index: offset), prompt: prompt,
                                       parameters: parameters, task: record.id)
            }
            summary.asked += planned.count
            var arrivals = [RequestArrival?](repeating: nil, count: planned.count)
            let sent = try await send(planned) { arrivals[$0.index] = $0 }
            var failures: [RequestFailure] = []
            for (offset, arrival) in arrivals.enumerated() {
                guard let arrival else { continue }
                if let reply = arrival.reply {
                    var record = records[offset]
                    let call = requester.modelCall(prompt: planned[offset].prompt, parameters: planned[offset].parameters,
                                                   demonstrationIDs: nil, reply: reply)
                    let event = apply(&record, reply, call)
                    do {
                        try pool.revise(record)
                    } catch {
                        throw EngineError.pool("\(error)")
                    }
                    summary.updated += 1
                    if let event { emit(event) }
                } else {
                    let failure = RequestFailure(arrival.error ?? CancellationError())
                    failures.append(failure)
                    summary.failed += 1
                    summary.failedByCause[failure.causeName, default: 0] += 1
                    emit(.taskFailed(taskID: batch[offset], stage, failure))
                    emit(.error(.requestFailed(planned[offset].id, failure)))
                }
            }
            try closeBatchInProgress()
            // Tasks of the batch that were never sent are asked again by the next run.
            summary.asked -= planned.count - sent
            if let reason = breaker.roundEnded(stage: stage, requests: sent, failures: failures) {
                throw halt(reason)
            }
            try haltIfOverBudget()
        }
        return summary
    }

    private func readRecord(_ id: String) throws -> PoolRecord {
        do {
            return try pool.record(id)
        } catch {
            throw EngineError.pool("\(error)")
        }
    }
}
