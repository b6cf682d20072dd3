import Foundation
import LLM
import Pool

/// What a classification or instance stage did.
public struct StageSummary: Sendable, Hashable {
    /// Tasks the stage asked the model about.
    public var asked: Int
    /// Tasks whose record was updated.
    public var updated: Int
    /// Requests that failed for good; their tasks are left as they were, to retry later.
    public var failed: Int
    /// Tasks skipped because an earlier stage has not run on them (instances need the
    /// classification first).
    public var skipped: Int

    /// A summary from its counts.
    public init(asked: Int = 0, updated: Int = 0, failed: Int = 0, skipped: Int = 0) {
        self.asked = asked
        self.updated = updated
        self.failed = failed
        self.skipped = skipped
    }
}

extension GenerationEngine {
    /// Stage 2: asks, for every accepted instruction not yet classified, whether it is a
    /// classification task, and records the answer with its provenance. A task whose request
    /// fails stays unclassified (upstream wrote "" and so "not classification"), so the
    /// next run asks again.
    public func classify() async throws -> StageSummary {
        let ids = pool.entries.filter { $0.status == .accepted && $0.isClassification == nil }.map(\.id)
        let api = client.endpoint.api
        let templates = configuration.templates
        let parameters = configuration.capped(ClassificationPrompt.sampling)
        return try await runStage(.classification, ids: ids) { record in
            (ClassificationPrompt.prompt(for: record.instruction, templates: templates, api: api), parameters)
        } apply: { record, reply, call in
            let answer = ClassificationPrompt.answer(from: reply.text)
            record.isClassification = answer.isClassification
            var provenance = record.provenance ?? Provenance()
            provenance.classification = call
            record.provenance = provenance
            return .classified(taskID: record.id, answer)
        }
    }

    /// Runs one request per task for `ids`, `stageBatchSize` at a time, and writes each
    /// task's updated record as its answer is processed (in id order within a batch).
    func runStage(
        _ stage: Stage, ids: [String],
        request: (PoolRecord) -> (Prompt, SamplingParameters),
        apply: (inout PoolRecord, ModelReply, ModelCall) -> EngineEvent?
    ) async throws -> StageSummary {
        guard state == .idle else { return StageSummary() }
        resetStop()
        setState(.running)
        defer { setState(.idle) }
        var summary = StageSummary()
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
                return (id: RequestID(stage: stage, round: batchNumber, index: offset), prompt: prompt, parameters: parameters)
            }
            summary.asked += planned.count
            let requester = self.requester
            let arrivals = await withTaskGroup(of: RequestArrival.self) { group in
                for item in planned {
                    group.addTask {
                        do { return RequestArrival(index: item.id.index, reply: try await requester.send(item.prompt, parameters: item.parameters, id: item.id)) }
                        catch { return RequestArrival(index: item.id.index, error: error) }
                    }
                }
                var arrivals = [RequestArrival?](repeating: nil, count: planned.count)
                for await arrival in group { arrivals[arrival.index] = arrival }
                return arrivals.map { $0! }
            }
            try Task.checkCancellation()
            for (offset, arrival) in arrivals.enumerated() {
                if let reply = arrival.reply {
                    var record = records[offset]
                    let call = requester.modelCall(prompt: planned[offset].prompt, parameters: planned[offset].parameters,
                                                   demonstrationIDs: nil, reply: reply)
                    let event = apply(&record, reply, call)
                    do {
                        try pool.revise(record)
                    } catch {
                        let problem = EngineError.pool("\(error)")
                        emit(.error(problem))
                        throw problem
                    }
                    summary.updated += 1
                    if let event { emit(event) }
                } else {
                    if arrival.error is CancellationError { throw CancellationError() }
                    summary.failed += 1
                    emit(.error(.requestFailed(planned[offset].id, reason: arrival.error.map { "\($0)" } ?? "no answer")))
                }
            }
        }
        return summary
    }

    private func readRecord(_ id: String) throws -> PoolRecord {
        do {
            return try pool.record(id)
        } catch {
            let problem = EngineError.pool("\(error)")
            emit(.error(problem))
            throw problem
        }
    }
}
