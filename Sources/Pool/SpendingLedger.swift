import Foundation

/// The spending ledger beside a pool (`pool.spending.jsonl` for `pool.jsonl`): one JSON line
/// per answered model request with the tokens it used, appended durably as each answer
/// arrives, so the money a pool has cost survives restarts and includes the requests that
/// left no record (an answer holding nothing usable, a round killed before it was written).
///
/// Only the pool's writer appends (it holds the pool's lock). Costs are not stored: they are
/// the tokens priced with the `[prices]` table in force when read.
public struct SpendingLedger: Sendable {
    /// One answered request.
    public struct Entry: Sendable, Hashable, Codable {
        /// The model that answered.
        public var model: String
        /// The stage that asked (`instructions`, `classification`, `instances`).
        public var stage: String
        /// Prompt tokens.
        public var promptTokens: Int
        /// Generated tokens.
        public var completionTokens: Int
        /// True when the endpoint reported no usage and the counts are estimated from the
        /// text (four bytes a token).
        public var estimated: Bool
        /// When the answer arrived.
        public var at: Date
        /// True when it came through the Batch API (priced at its discount); written only
        /// then, so lines of live requests read as before.
        public var batch: Bool

        /// An entry.
        public init(model: String, stage: String, promptTokens: Int, completionTokens: Int, estimated: Bool, at: Date, batch: Bool = false) {
            self.model = model
            self.stage = stage
            self.promptTokens = promptTokens
            self.completionTokens = completionTokens
            self.estimated = estimated
            self.at = at
            self.batch = batch
        }

        enum CodingKeys: String, CodingKey {
            case model, stage
            case promptTokens = "prompt_tokens"
            case completionTokens = "completion_tokens"
            case estimated, at, batch
        }

        /// Reads an entry; one without `batch` was a live request.
        public init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            model = try container.decode(String.self, forKey: .model)
            stage = try container.decode(String.self, forKey: .stage)
            promptTokens = try container.decode(Int.self, forKey: .promptTokens)
            completionTokens = try container.decode(Int.self, forKey: .completionTokens)
            estimated = try container.decode(Bool.self, forKey: .estimated)
            at = try container.decode(Date.self, forKey: .at)
            batch = try container.decodeIfPresent(Bool.self, forKey: .batch) ?? false
        }

        /// Writes an entry, `batch` only when true.
        public func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(model, forKey: .model)
            try container.encode(stage, forKey: .stage)
            try container.encode(promptTokens, forKey: .promptTokens)
            try container.encode(completionTokens, forKey: .completionTokens)
            try container.encode(estimated, forKey: .estimated)
            try container.encode(at, forKey: .at)
            if batch { try container.encode(true, forKey: .batch) }
        }
    }

    /// What a ledger adds up to.
    public struct Totals: Sendable, Hashable {
        /// Tokens per answering model.
        public var byModel: [String: TokenUsage] = [:]
        /// Of those, the tokens that came through the Batch API, per model.
        public var batchByModel: [String: TokenUsage] = [:]
        /// Answered requests.
        public var requests = 0
        /// Of those, how many had estimated counts.
        public var estimatedRequests = 0
        /// Lines that could not be read (a line torn by a crash); they count for nothing.
        public var unreadableLines = 0

        /// Empty totals.
        public init() {}

        /// Adds one entry.
        public mutating func add(_ entry: Entry) {
            Self.count(entry, into: &byModel)
            if entry.batch { Self.count(entry, into: &batchByModel) }
            requests += 1
            if entry.estimated { estimatedRequests += 1 }
        }

        /// Adds the entry's tokens to its model's usage in `usage`.
        private static func count(_ entry: Entry, into usage: inout [String: TokenUsage]) {
            let before = usage[entry.model] ?? TokenUsage(promptTokens: 0, completionTokens: 0)
            usage[entry.model] = TokenUsage(promptTokens: before.promptTokens + entry.promptTokens,
                                            completionTokens: before.completionTokens + entry.completionTokens)
        }
    }

    /// The ledger file's path.
    public let path: String

    /// The ledger of the pool at `poolURL`.
    public init(forPool poolURL: URL) {
        path = SidecarFile.path(forPool: poolURL, suffix: "spending.jsonl")
    }

    /// Everything recorded so far; empty totals when there is no ledger yet.
    /// - Throws: `PoolError` when the file exists but cannot be read.
    public func totals() throws -> Totals {
        var totals = Totals()
        let decoder = RecordCoding.makeDecoder()
        for line in try SidecarFile.lines(at: path) {
            if let entry = try? decoder.decode(Entry.self, from: line) {
                totals.add(entry)
            } else {
                totals.unreadableLines += 1
            }
        }
        return totals
    }

    /// Appends `entry` and makes it durable before returning.
    /// - Throws: `PoolError` naming the file when it cannot be written.
    public func append(_ entry: Entry) throws {
        try SidecarFile.append(try RecordCoding.makeEncoder().encode(entry), to: path, what: "spending ledger")
    }
}
