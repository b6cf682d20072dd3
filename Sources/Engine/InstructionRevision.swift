import Foundation
import Pool
import Similarity

/// A person's new text for an instruction, saved by the rules generation judges by: the new
/// revision carries the text's own neighbours, mean similarity and filter verdict, so the
/// pool never keeps the old text's score beside the new text.
///
/// Where the new text fails a filter, a record that was accepted or pending becomes a
/// rejection with that filter's reason, unless the person accepted it anyway (recorded as a
/// person's override of that reason). A record rejected by a filter whose new text passes
/// every filter goes back to pending, for a person to decide. Seeds keep their status.
public struct InstructionRevision: Sendable {
    /// What the save did to the record's status.
    public enum Outcome: Sendable, Hashable {
        /// The status stayed as it was.
        case kept
        /// The new text fails a filter, so the record is now rejected for it.
        case rejected(RejectionReason)
        /// The new text fails a filter and the person accepted it anyway.
        case acceptedAnyway(RejectionReason)
        /// The record had been rejected by a filter; its new text passes them all, so it is
        /// pending again.
        case reopened
    }

    /// The record as written.
    public var record: PoolRecord
    /// The filters' verdict on the new text.
    public var verdict: FilterVerdict
    /// What happened to the status.
    public var outcome: Outcome

    /// Saves `text` as the instruction of `id` in `pool`, durably, with its nearest
    /// neighbours in `comparison` (the record itself left out), their mean, and the verdict
    /// of `recipe` at `threshold`, as one action of the person's (one undo takes it back).
    ///
    /// - Parameter acceptingAnyway: the person has seen that the text fails a filter and
    ///   accepts it regardless.
    /// - Throws: `PoolError` if the id is unknown or the pool cannot be written.
    public static func save(
        _ text: String, as id: String, in pool: PoolFile, comparison: inout ComparisonIndex,
        recipe: Recipe, threshold: Double, acceptingAnyway: Bool = false, at time: Date = Date()
    ) throws -> InstructionRevision {
        guard let before = pool.entry(id) else { throw PoolError.unknownID(id, pool: pool.path) }
        let similarity = comparison.similarity(of: text, replacing: before, in: pool)
        let verdict = recipe.verdict(
            for: text, nearest: similarity.neighbours.first.map { ($0.text, $0.fmeasure) }, threshold: threshold)
        var outcome = Outcome.kept
        let record = try pool.act("edit \(id)", on: [id]) { record in
            outcome = try revise(&record, to: text, similarity: similarity, verdict: verdict, acceptingAnyway: acceptingAnyway, at: time)
        }[0]
        comparison.noteChange(from: before, to: record)
        return InstructionRevision(record: record, verdict: verdict, outcome: outcome)
    }

    /// Gives `record` the new text with its similarity, and the status `verdict` calls for:
    /// the rule of `save`, for stores other than a pool file.
    /// - Throws: never for an instruction change; the signature is `PoolRecord.apply`'s.
    public static func revise(
        _ record: inout PoolRecord, to text: String, similarity: TextSimilarity, verdict: FilterVerdict,
        acceptingAnyway: Bool, at time: Date = Date()
    ) throws -> Outcome {
        try record.apply(.instruction(text), at: time)
        record.mostSimilar = similarity.neighbours.map { SimilarInstruction(text: $0.text, score: $0.fmeasure) }
        record.avgSimilarityScore = similarity.mean
        let outcome = Self.outcome(of: record, verdict: verdict, acceptingAnyway: acceptingAnyway)
        switch outcome {
        case .kept: break
        case .rejected(let reason): record.decide(.rejected, why: reason.statusReason, at: time)
        case .acceptedAnyway(let reason):
            record.decide(.accepted, why: .human(note: "accepted anyway: overrides \(reason.statusReason)"), at: time)
        case .reopened: record.decide(.pending, why: .human(note: "edited: passes every filter now"), at: time)
        }
        return outcome
    }

    private static func outcome(of record: PoolRecord, verdict: FilterVerdict, acceptingAnyway: Bool) -> Outcome {
        switch (record.status, verdict.rejection) {
        case (.seed, _): .kept
        case (.accepted, let reason?), (.pending, let reason?):
            acceptingAnyway ? .acceptedAnyway(reason) : .rejected(reason)
        case (.rejected, let reason?):
            if acceptingAnyway { .acceptedAnyway(reason) } else if record.why?.kind == .human { .kept } else { .rejected(reason) }
        case (.rejected, nil):
            record.why?.kind == .human ? .kept : .reopened
        case (.accepted, nil), (.pending, nil):
            .kept
        }
    }
}

/// A text's place among the compared instructions: its nearest ones and the mean ROUGE-L F
/// over all of them (upstream's `avg_similarity_score`).
public struct TextSimilarity: Sendable, Hashable {
    /// The nearest compared instructions, highest F first.
    public var neighbours: [Neighbour]
    /// The mean F over every compared instruction; nil when there is none.
    public var mean: Double?

    /// A text's `neighbours` and `mean`.
    public init(neighbours: [Neighbour], mean: Double?) {
        self.neighbours = neighbours
        self.mean = mean
    }
}

extension ComparisonIndex {
    /// How similar `text`, the new text of the record `before`, is to the compared
    /// instructions other than that record: its `k` nearest and the mean over the rest.
    public mutating func similarity(of text: String, replacing before: PoolEntry, k: Int = 10, in pool: PoolFile) -> TextSimilarity {
        let search = index(over: pool).search(text, k: k + 1)  // complete: its sum is never nil
        var sum = search.fmeasureSum ?? 0, count = search.comparedCount
        if compared.contains(before.status) {
            // The index holds the record's old text; its score is not a neighbour's.
            sum -= search.neighbours.first { $0.id == before.id }?.fmeasure
                ?? RougeL.score(target: text, prediction: before.instruction).fmeasure
            count -= 1
        }
        let neighbours = Array(search.neighbours.lazy.filter { $0.id != before.id }.prefix(k))
        return TextSimilarity(neighbours: neighbours, mean: count > 0 ? max(0, sum) / Double(count) : nil)
    }
}
