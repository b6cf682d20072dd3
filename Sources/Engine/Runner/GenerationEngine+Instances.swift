import Foundation
import LLM
import Pool

extension GenerationEngine {
    /// Stage 3 within a run: see `generateInstances(_:)`.
    func generateInstancesForTasks(_ selection: StageSelection) async throws -> StageSummary {
        var ids: [String] = []
        var skipped = 0
        for entry in acceptedEntries(selection) where entry.instanceCount == 0 || selection.tasks != nil {
            guard let isClassification = entry.isClassification else {
                skipped += 1
                continue
            }
            guard selection.takes(isClassification: isClassification) else { continue }
            if selection.tasks != nil {
                ids.append(entry.id)
            } else if entry.instancesWhy != nil {
                if selection.retryWithoutInstances { ids.append(entry.id) }
            } else if try !hasInstanceAnswer(entry.id) {
                ids.append(entry.id)
            }
        }
        let api = client.endpoint.api
        let configuration = self.configuration
        var withInstances = 0
        var withoutInstances: [String: Int] = [:]
        var summary = try await runStage(.instances, ids: ids) { record in
            let isClassification = record.isClassification ?? false
            return (InstancePrompt.prompt(for: record.instruction, isClassification: isClassification,
                                          templates: configuration.templates, api: api),
                    configuration.capped(InstancePrompt.sampling(isClassification: isClassification, maxInstances: configuration.maxInstances)))
        } apply: { record, _, call in
            record.provenance = { var p = $0 ?? Provenance(); p.instanceGeneration = call; return p }(record.provenance)
            guard let selection = Self.applyInstanceSelection(to: &record, configuration: configuration) else { return nil }
            if let reason = selection.taskReason {
                withoutInstances[reason.name, default: 0] += 1
            } else {
                withInstances += 1
            }
            return .instancesSelected(taskID: record.id, selection)
        }
        summary.skipped = skipped
        summary.withInstances = withInstances
        summary.withoutInstances = withoutInstances
        if !ids.isEmpty { emit(.stageFinished(.instances, summary)) }
        return summary
    }

    /// The accepted entries `selection` covers, in pool order.
    func acceptedEntries(_ selection: StageSelection) -> [PoolEntry] {
        let accepted = pool.entries.lazy.filter { $0.status == .accepted }
        let first = selection.firstInstructions.map { Array(accepted.prefix($0)) } ?? Array(accepted)
        guard let tasks = selection.tasks else { return first }
        return first.filter { tasks.contains($0.id) }
    }

    /// Whether the record already holds an instance-generation answer (one that left no
    /// reason, such as a person's emptied task, is not asked again).
    private func hasInstanceAnswer(_ id: String) throws -> Bool {
        do {
            return try pool.record(id).provenance?.instanceGeneration != nil
        } catch {
            throw EngineError.pool("\(error)")
        }
    }

    /// The instances a record's stored instance-generation completion yields after the
    /// filters, with what was dropped and why; nil if the record has no such completion or
    /// classification. Deterministic (the sampling of at most `maxInstances` is keyed by the
    /// seed and the record id), so a record's reason for having no instances can be read back.
    ///
    /// As upstream's stage 4, only a finish reason of `length` (or our `cut_off`, a stream
    /// that ended early) drops the last instance; a call with no finish reason is whole.
    public nonisolated static func instanceSelection(for record: PoolRecord, configuration: EngineConfiguration) -> InstanceSelection? {
        guard let call = record.provenance?.instanceGeneration, let completion = call.rawCompletion,
              let isClassification = record.isClassification else { return nil }
        let parsed = InstanceParser.parse(completion, isClassification: isClassification)
        let cutOff = call.finishReason.map { FinishReason(rawValue: $0).isTruncated } ?? false
        var generator = SeededGenerator(seed: configuration.seed, streams: stableHash(record.id))
        return InstanceFilter(limit: configuration.maxInstances).select(parsed, cutOffByLength: cutOff, using: &generator)
    }

    /// Sets a record's instances and `instancesWhy` from its stored instance-generation
    /// completion, as the instance stage does (and upstream's stage 4 for an imported
    /// `machine_generated_instances.jsonl`); returns the selection, or nil with the record
    /// unchanged when it has no such completion or no classification.
    @discardableResult
    public nonisolated static func applyInstanceSelection(to record: inout PoolRecord, configuration: EngineConfiguration) -> InstanceSelection? {
        guard let selection = instanceSelection(for: record, configuration: configuration) else { return nil }
        record.instances = selection.kept
        record.instancesWhy = selection.poolReasons
        return selection
    }

    /// FNV-1a over the UTF-8 bytes: the same on every run and platform, unlike `hashValue`.
    private nonisolated static func stableHash(_ text: String) -> UInt64 {
        text.utf8.reduce(0xCBF2_9CE4_8422_2325) { ($0 ^ UInt64($1)) &* 0x100_0000_01B3 }
    }
}
