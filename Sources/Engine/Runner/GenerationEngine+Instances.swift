import Foundation
import LLM
import Pool

extension GenerationEngine {
    /// Stage 3: generates instances for every accepted, classified instruction that has
    /// none and has not been asked before: output-first for classification tasks,
    /// input-first otherwise. The kept instances (at most `maxInstances`) go into the
    /// record, with the call in its provenance and the reasons in `instancesWhy`: why the
    /// task has none (nothing parsed, conflicting outputs, all dropped) and why each
    /// dropped instance went.
    ///
    /// Tasks not yet classified are skipped (counted in `skipped`): run `classify()` first.
    public func generateInstances() async throws -> StageSummary {
        var ids: [String] = []
        var skipped = 0
        try pool.forEachRecord(withStatus: [.accepted]) { record in
            guard record.instances.isEmpty, record.provenance?.instanceGeneration == nil else { return }
            if record.isClassification == nil { skipped += 1 } else { ids.append(record.id) }
        }
        let api = client.endpoint.api
        let configuration = self.configuration
        var summary = try await runStage(.instances, ids: ids) { record in
            let isClassification = record.isClassification ?? false
            return (InstancePrompt.prompt(for: record.instruction, isClassification: isClassification,
                                          templates: configuration.templates, api: api),
                    configuration.capped(InstancePrompt.sampling(isClassification: isClassification, maxInstances: configuration.maxInstances)))
        } apply: { record, _, call in
            record.provenance = { var p = $0 ?? Provenance(); p.instanceGeneration = call; return p }(record.provenance)
            guard let selection = Self.instanceSelection(for: record, configuration: configuration) else { return nil }
            record.instances = selection.kept
            record.instancesWhy = selection.poolReasons
            return .instancesSelected(taskID: record.id, selection)
        }
        summary.skipped = skipped
        return summary
    }

    /// The instances a record's stored instance-generation completion yields after the
    /// filters, with what was dropped and why; nil if the record has no such completion or
    /// classification. Deterministic (the sampling of at most `maxInstances` is keyed by the
    /// seed and the record id), so a record's reason for having no instances can be read back.
    public nonisolated static func instanceSelection(for record: PoolRecord, configuration: EngineConfiguration) -> InstanceSelection? {
        guard let call = record.provenance?.instanceGeneration, let completion = call.rawCompletion,
              let isClassification = record.isClassification else { return nil }
        let parsed = InstanceParser.parse(completion, isClassification: isClassification)
        let finish = call.finishReason.map(FinishReason.init(rawValue:)) ?? .cutOff
        var generator = SeededGenerator(seed: configuration.seed, streams: stableHash(record.id))
        return InstanceFilter(limit: configuration.maxInstances).select(parsed, cutOffByLength: finish.isTruncated, using: &generator)
    }

    /// FNV-1a over the UTF-8 bytes: the same on every run and platform, unlike `hashValue`.
    private nonisolated static func stableHash(_ text: String) -> UInt64 {
        text.utf8.reduce(0xCBF2_9CE4_8422_2325) { ($0 ^ UInt64($1)) &* 0x100_0000_01B3 }
    }
}
