import Foundation

/// The Batch API batches a pool has submitted (`pool.batches.jsonl` beside `pool.jsonl`): a
/// line when a batch is created, written before anything waits on it, and a line when its
/// answers are in the pool. A run that finds a batch still open for the very requests it is
/// about to send polls that batch instead of creating (and paying for) another.
///
/// Holds ids, stages and digests only: no prompt, answer or key. Only the pool's writer appends.
public struct BatchLedger: Sendable {
    /// A batch as submitted: its ids and what each of its requests stands for.
    public struct Submission: Sendable, Hashable, Codable {
        /// The batch's id at the endpoint.
        public var batch: String
        /// The uploaded input file's id.
        public var inputFile: String
        /// Where it was submitted (credentials redacted).
        public var endpoint: String
        /// The stage that asked (`instructions`, `classification`, `instances`).
        public var stage: String
        /// The round (for stages, the batch of tasks) its requests belong to.
        public var round: Int
        /// A digest of the input file: the same requests give the same digest.
        public var digest: String
        /// Each request's custom_id and what it stands for.
        public var requests: [Item]
        /// When it was created.
        public var at: Date

        /// A submission.
        public init(batch: String, inputFile: String, endpoint: String, stage: String, round: Int, digest: String,
                    requests: [Item], at: Date) {
            self.batch = batch
            self.inputFile = inputFile
            self.endpoint = endpoint
            self.stage = stage
            self.round = round
            self.digest = digest
            self.requests = requests
            self.at = at
        }

        enum CodingKeys: String, CodingKey {
            case batch, endpoint, stage, round, digest, requests, at
            case inputFile = "input_file"
        }
    }

    /// One request of a batch: its custom_id, the engine's request it is, and the task (by
    /// pool id) it asks about, for the classification and instance stages.
    public struct Item: Sendable, Hashable, Codable {
        /// The line's custom_id.
        public var customID: String
        /// The engine's request, e.g. `instructions 12.3`.
        public var request: String
        /// The task asked about, for stages 2 and 3.
        public var task: String?

        /// An item.
        public init(customID: String, request: String, task: String? = nil) {
            self.customID = customID
            self.request = request
            self.task = task
        }

        enum CodingKeys: String, CodingKey {
            case request, task
            case customID = "custom_id"
        }
    }

    /// A line of the file: a submission, or the end of one (`closed` names the batch).
    private struct Line: Codable {
        var submitted: Submission?
        var closed: String?
        var status: String?
        var at: Date?
    }

    /// The ledger file's path.
    public let path: String

    /// The batch ledger of the pool at `poolURL`.
    public init(forPool poolURL: URL) {
        path = SidecarFile.path(forPool: poolURL, suffix: "batches.jsonl")
    }

    /// Records a created batch, durably.
    /// - Throws: `PoolError` naming the file when it cannot be written.
    public func submitted(_ submission: Submission) throws {
        try SidecarFile.append(try RecordCoding.makeEncoder().encode(Line(submitted: submission)), to: path, what: "batch ledger")
    }

    /// Records that a batch is done with (`status`: how it ended), durably.
    /// - Throws: `PoolError` naming the file when it cannot be written.
    public func closed(_ batch: String, status: String, at: Date) throws {
        try SidecarFile.append(try RecordCoding.makeEncoder().encode(Line(closed: batch, status: status, at: at)),
                               to: path, what: "batch ledger")
    }

    /// The batches submitted and not yet closed, oldest first. A line torn by a crash counts
    /// for nothing.
    /// - Throws: `PoolError` when the file exists but cannot be read.
    public func open() throws -> [Submission] {
        let decoder = RecordCoding.makeDecoder()
        var open: [Submission] = []
        for data in try SidecarFile.lines(at: path) {
            guard let line = try? decoder.decode(Line.self, from: data) else { continue }
            if let submission = line.submitted { open.append(submission) }
            if let closed = line.closed { open.removeAll { $0.batch == closed } }
        }
        return open
    }
}
