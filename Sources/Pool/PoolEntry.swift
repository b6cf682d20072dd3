import JSONLines

/// What an open pool keeps in memory for one record: enough to list, sort, filter, count
/// and build the similarity index, without the bulky parts (provenance, instances,
/// neighbour texts), which `PoolFile.record(_:)` reads from disk on demand.
public struct PoolEntry: Sendable, Hashable {
    /// The record's id.
    public let id: String
    /// Its latest revision number.
    public let revision: Int
    /// The instruction text.
    public let instruction: String
    /// The curation status.
    public let status: RecordStatus
    /// Why it has that status.
    public let why: StatusReason?
    /// Whether the task is classification, if known.
    public let isClassification: Bool?
    /// The generation round, if any.
    public let round: Int?
    /// How many instances the task has.
    public let instanceCount: Int
    /// The instances' lengths and the defect flags they raise; nil until they are read. An
    /// entry built from a record (a write) has it at once; opening a pool leaves it out,
    /// since it means reading every instance, and `PoolFile.summarizeInstances()` or
    /// `PoolFile.summarizingInstances(of:poolAt:)` reads them when they are first needed.
    /// A new revision of the record is a new entry, so the summary never outlives its text.
    public internal(set) var instanceSummary: InstanceSummary?
    /// Why instance generation left the task without instances (the name of
    /// `instances_why.task`, e.g. `none-parsed`), if it did.
    public let instancesWhy: String?
    /// Instances dropped by the instance filters, per reason name (`duplicate`: 2).
    public let droppedInstances: [String: Int]
    /// ROUGE-L F to the nearest pool instruction (max of `most_similar`), if scored.
    public let nearestSimilarity: Double?
    /// Mean ROUGE-L F against the comparison pool, if scored.
    public let avgSimilarityScore: Double?
    /// The named endpoint and model that generated the instruction; nil for seeds, imports
    /// and records of runs with one endpoint set the old way.
    public internal(set) var origin: RecordOrigin?
    /// 1-based line number of the latest revision in the pool file.
    public internal(set) var line: Int
    /// Where the latest revision's line is; internal so the file layout stays private.
    var location: LineLocation
    /// The revision that first held the latest revision's content (the one it restores, if
    /// it restores one): how undo and redo tell that a record is as an action left it.
    let contentRevision: Int

    init(summary: consuming EntryLine, line: Int, location: LineLocation) {
        id = summary.id
        revision = summary.revision
        instruction = summary.instruction
        status = summary.status
        why = summary.why
        isClassification = summary.isClassification
        round = summary.round
        instanceCount = summary.instanceCount
        instanceSummary = summary.instanceSummary
        instancesWhy = summary.instancesWhy
        droppedInstances = summary.droppedInstances
        nearestSimilarity = summary.nearestSimilarity
        avgSimilarityScore = summary.avgSimilarityScore
        origin = summary.origin
        contentRevision = summary.restores ?? summary.revision
        self.line = line
        self.location = location
    }

    /// The summary of `record` as line `line` of a pool would give it: for records kept in
    /// memory (a test's backend, say) rather than read from a file.
    public init(summarizing record: PoolRecord, line: Int) {
        self.init(record: record, line: line, location: LineLocation(offset: 0, length: 0))
    }

    init(record: PoolRecord, line: Int, location: LineLocation) {
        self.init(summary: EntryLine(record: record), line: line, location: location)
    }
}

/// Byte range of one line in the pool file (without its newline).
struct LineLocation: Sendable, Hashable {
    var offset: Int64
    var length: Int
}

/// The fields of a pool line an open pool keeps; decoding skips everything else, which
/// keeps opening fast and memory small.
struct EntryLine: Decodable, Equatable {
    var id: String
    var revision: Int
    var restores: Int?
    /// The person's action that wrote the line; the loader rebuilds the undo history from it.
    var action: ActionStamp?
    var instruction: String
    var status: RecordStatus
    var why: StatusReason?
    var isClassification: Bool?
    var round: Int?
    var instanceCount: Int
    /// Set only when the line is built from a record in hand (reading instances is what
    /// opening a pool leaves out).
    var instanceSummary: InstanceSummary?
    var instancesWhy: String?
    var droppedInstances: [String: Int]
    var nearestSimilarity: Double?
    var avgSimilarityScore: Double?
    /// Read from `provenance` by the scanner; a line `JSONDecoder` reads (without its
    /// provenance, as the loader blanks it) has none.
    var origin: RecordOrigin?

    init(record: PoolRecord) {
        id = record.id
        revision = record.revision
        restores = record.restores
        action = record.action
        instruction = record.instruction
        status = record.status
        why = record.why
        isClassification = record.isClassification
        round = record.round
        instanceCount = record.instances.count
        instancesWhy = record.instancesWhy?.task?.name
        droppedInstances = record.instancesWhy.map(Self.counts(of:)) ?? [:]
        instanceSummary = InstanceSummary(instruction: record.instruction, instances: record.instances, droppedInstances: droppedInstances)
        nearestSimilarity = record.nearestSimilarity
        avgSimilarityScore = record.avgSimilarityScore
        origin = RecordOrigin(record.provenance?.instructionGeneration)
    }

    static func counts(of reasons: InstanceReasons) -> [String: Int] {
        reasons.dropped.reduce(into: [:]) { $0[$1.reason.name, default: 0] += 1 }
    }

    private enum CodingKeys: String, CodingKey {
        case formatVersion = "format_version"
        case id, revision, restores, action, instruction, status, why, round, instances
        case instancesWhy = "instances_why"
        case isClassification = "is_classification"
        case mostSimilar = "most_similar"
        case avgSimilarityScore = "avg_similarity_score"
    }

    init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        try NewerFormatError.check(try c.decodeIfPresent(Int.self, forKey: .formatVersion) ?? 1)
        id = try c.decode(String.self, forKey: .id)
        revision = try c.decodeIfPresent(Int.self, forKey: .revision) ?? 1
        restores = try c.decodeIfPresent(Int.self, forKey: .restores)
        action = try c.decodeIfPresent(ActionStamp.self, forKey: .action)
        instruction = try c.decode(String.self, forKey: .instruction)
        status = try c.decode(RecordStatus.self, forKey: .status)
        why = try c.decodeIfPresent(StatusReason.self, forKey: .why)
        isClassification = try c.decodeIfPresent(Bool.self, forKey: .isClassification)
        round = try c.decodeIfPresent(Int.self, forKey: .round)
        instanceCount = try c.decodeIfPresent(InstanceCount.self, forKey: .instances)?.count ?? 0
        let reasons = try c.decodeIfPresent(InstanceReasons.self, forKey: .instancesWhy)
        instancesWhy = reasons?.task?.name
        droppedInstances = reasons.map(Self.counts(of:)) ?? [:]
        nearestSimilarity = try c.decodeIfPresent(HighestScore.self, forKey: .mostSimilar)?.score
        avgSimilarityScore = try c.decodeIfPresent(Double.self, forKey: .avgSimilarityScore)
    }
}

/// Counts a JSON array's elements without decoding them (full reads check them).
private struct InstanceCount: Decodable {
    var count: Int
    init(from decoder: any Decoder) throws {
        count = try decoder.unkeyedContainer().count ?? 0
    }
}

/// The highest value of a `most_similar` object, without keeping the neighbour texts.
private struct HighestScore: Decodable {
    var score: Double?
    init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: JSONKey.self)
        score = try c.allKeys.map { try c.decode(Double.self, forKey: $0) }.max()
    }
}
