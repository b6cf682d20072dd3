import Foundation
import JSONLines

/// One task in the pool at one revision: the text the model or a person wrote, where it
/// stands in curation and why, how similar it is to the rest of the pool, where it came
/// from, and how it was changed.
///
/// Serialised as one JSON line with snake_case keys; the similarity fields keep the upstream
/// names (`most_similar`, `avg_similarity_score`) so upstream scripts read them unchanged.
public struct PoolRecord: Sendable, Hashable, Codable {
    /// The schema version this code writes: 2 added `instances_why`, 3 added `action`. An
    /// older line is a newer one without those fields, so it loads as is; a line from a
    /// newer version is refused on load (its fields would be lost on the next revision).
    public static let currentFormatVersion = 3

    /// The schema version of the line this record came from (`format_version`).
    public var formatVersion: Int
    /// Stable identity across revisions, e.g. `seed_task_0` or `r12-3`.
    public var id: String
    /// Revision number of this id, from 1; the line with the highest number wins.
    public var revision: Int
    /// For undo and redo: the revision whose content this revision restored.
    public var restores: Int?
    /// The person's action that wrote this revision (a decision, an edit, an undo or a
    /// redo); nil for revisions written by generation, imports and repairs.
    public var action: ActionStamp?
    /// The seed task's short name (`name` in seed_tasks.jsonl), if any.
    public var name: String?
    /// The task instruction.
    public var instruction: String
    /// Input/output examples of the task.
    public var instances: [Instance]
    /// Why instance generation left the task with the instances it has: the task-level
    /// reason when none survived, and the dropped instances with theirs (`instances_why`).
    public var instancesWhy: InstanceReasons?
    /// Whether the task is a classification task; nil until identified.
    public var isClassification: Bool?
    /// Where the task stands in curation.
    public var status: RecordStatus
    /// Why it has that status.
    public var why: StatusReason?
    /// The most similar pool instructions with their ROUGE-L F, highest first (top 10).
    public var mostSimilar: [SimilarInstruction]
    /// Mean ROUGE-L F against the whole comparison pool (upstream `avg_similarity_score`).
    public var avgSimilarityScore: Double?
    /// The generation round that produced the task (upstream `request_idx`).
    public var round: Int?
    /// Model calls and import source behind the task. Bulky; loaded on demand.
    public var provenance: Provenance?
    /// Changes a person made, oldest first.
    public var edits: [Edit]

    public init(
        id: String,
        instruction: String,
        instances: [Instance] = [],
        instancesWhy: InstanceReasons? = nil,
        isClassification: Bool? = nil,
        status: RecordStatus,
        why: StatusReason? = nil,
        mostSimilar: [SimilarInstruction] = [],
        avgSimilarityScore: Double? = nil,
        round: Int? = nil,
        name: String? = nil,
        provenance: Provenance? = nil,
        edits: [Edit] = []
    ) {
        self.formatVersion = Self.currentFormatVersion
        self.id = id
        self.revision = 1
        self.restores = nil
        self.action = nil
        self.name = name
        self.instruction = instruction
        self.instances = instances
        self.instancesWhy = instancesWhy
        self.isClassification = isClassification
        self.status = status
        self.why = why
        self.mostSimilar = mostSimilar
        self.avgSimilarityScore = avgSimilarityScore
        self.round = round
        self.provenance = provenance
        self.edits = edits
    }

    /// The highest ROUGE-L F among `mostSimilar`: the similarity to the nearest neighbour.
    public var nearestSimilarity: Double? { mostSimilar.map(\.score).max() }

    /// The instances a person has not rejected.
    public var usableInstances: [Instance] { instances.filter { $0.status != .rejected } }

    enum CodingKeys: String, CodingKey {
        case formatVersion = "format_version"
        case id, revision, restores, action, name, instruction, instances
        case instancesWhy = "instances_why"
        case isClassification = "is_classification"
        case status, why
        case mostSimilar = "most_similar"
        case avgSimilarityScore = "avg_similarity_score"
        case round, provenance, edits
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        formatVersion = try c.decodeIfPresent(Int.self, forKey: .formatVersion) ?? 1
        try NewerFormatError.check(formatVersion)
        id = try c.decode(String.self, forKey: .id)
        revision = try c.decodeIfPresent(Int.self, forKey: .revision) ?? 1
        restores = try c.decodeIfPresent(Int.self, forKey: .restores)
        action = try c.decodeIfPresent(ActionStamp.self, forKey: .action)
        name = try c.decodeIfPresent(String.self, forKey: .name)
        instruction = try c.decode(String.self, forKey: .instruction)
        instances = try c.decodeIfPresent([Instance].self, forKey: .instances) ?? []
        instancesWhy = try c.decodeIfPresent(InstanceReasons.self, forKey: .instancesWhy)
        isClassification = try c.decodeIfPresent(Bool.self, forKey: .isClassification)
        status = try c.decode(RecordStatus.self, forKey: .status)
        why = try c.decodeIfPresent(StatusReason.self, forKey: .why)
        mostSimilar = try c.decodeIfPresent(SimilarInstructions.self, forKey: .mostSimilar)?.items ?? []
        avgSimilarityScore = try c.decodeIfPresent(Double.self, forKey: .avgSimilarityScore)
        round = try c.decodeIfPresent(Int.self, forKey: .round)
        provenance = try c.decodeIfPresent(Provenance.self, forKey: .provenance)
        edits = try c.decodeIfPresent([Edit].self, forKey: .edits) ?? []
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(formatVersion, forKey: .formatVersion)
        try c.encode(id, forKey: .id)
        try c.encode(revision, forKey: .revision)
        try c.encodeIfPresent(restores, forKey: .restores)
        try c.encodeIfPresent(action, forKey: .action)
        try c.encodeIfPresent(name, forKey: .name)
        try c.encode(instruction, forKey: .instruction)
        try c.encode(instances, forKey: .instances)
        try c.encodeIfPresent(instancesWhy, forKey: .instancesWhy)
        try c.encodeIfPresent(isClassification, forKey: .isClassification)
        try c.encode(status, forKey: .status)
        try c.encodeIfPresent(why, forKey: .why)
        if !mostSimilar.isEmpty { try c.encode(SimilarInstructions(items: mostSimilar), forKey: .mostSimilar) }
        try c.encodeIfPresent(avgSimilarityScore, forKey: .avgSimilarityScore)
        try c.encodeIfPresent(round, forKey: .round)
        try c.encodeIfPresent(provenance, forKey: .provenance)
        if !edits.isEmpty { try c.encode(edits, forKey: .edits) }
    }
}

/// One input/output example of a task (upstream `{"input", "output"}`), with an optional
/// person's verdict for instance-level curation.
public struct Instance: Sendable, Hashable, Codable {
    /// The task input; empty when the task needs none.
    public var input: String
    /// The expected output.
    public var output: String
    /// A person's verdict on this instance; nil when nobody has looked.
    public var status: InstanceStatus?

    public init(input: String, output: String, status: InstanceStatus? = nil) {
        self.input = input
        self.output = output
        self.status = status
    }
}

/// A pool instruction close to a record, with its ROUGE-L F.
public struct SimilarInstruction: Sendable, Hashable {
    /// The neighbour's instruction text.
    public var text: String
    /// ROUGE-L F between the record (target) and the neighbour (prediction).
    public var score: Double

    public init(text: String, score: Double) {
        self.text = text
        self.score = score
    }
}

/// `most_similar` as upstream writes it, a JSON object text → F, highest score first in the
/// pool file. Readers need not keep member order, so reading sorts by score (highest
/// first), then by text for a stable order.
struct SimilarInstructions: Codable {
    var items: [SimilarInstruction]

    init(items: [SimilarInstruction]) { self.items = items }

    init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: JSONKey.self)
        items = try c.allKeys.map { SimilarInstruction(text: $0.stringValue, score: try c.decode(Double.self, forKey: $0)) }
        items.sort { $0.score != $1.score ? $0.score > $1.score : $0.text < $1.text }
    }

    /// Pool lines get a placeholder here that `RecordCoding.encodeLine` replaces with the
    /// object in score order; a plain encoder writes the object (its member order is the
    /// encoder's).
    func encode(to encoder: any Encoder) throws {
        if let placeholder = encoder.userInfo[RecordCoding.similarPlaceholderKey] as? String {
            var c = encoder.singleValueContainer()
            try c.encode(placeholder)
            return
        }
        var c = encoder.container(keyedBy: JSONKey.self)
        for item in items { try c.encode(item.score, forKey: JSONKey(item.text)) }
    }
}
