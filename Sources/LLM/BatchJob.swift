import Foundation

/// A batch as `/v1/batches` reports it: where it is in its life, its files and counts.
public struct BatchJob: Sendable, Hashable {
    /// The batch's id, e.g. `batch_abc123`.
    public var id: String
    /// `validating`, `in_progress`, `finalizing`, `completed`, `failed`, `expired`,
    /// `cancelling` or `cancelled` (a status this client does not know is kept as sent).
    public var status: String
    /// The uploaded input file.
    public var inputFileID: String?
    /// The answers that came back, once the batch has ended (also after expiry or cancelling).
    public var outputFileID: String?
    /// The requests that failed or expired, once the batch has ended.
    public var errorFileID: String?
    /// Requests in the batch, answered and failed so far.
    public var total: Int
    /// Answered so far.
    public var completed: Int
    /// Failed so far.
    public var failed: Int
    /// Why the whole batch failed (its input refused), in the server's words.
    public var errors: [String]
    /// The tags it was created with (`metadata`).
    public var metadata: [String: String]

    /// A batch in the given state.
    public init(id: String, status: String, inputFileID: String? = nil, outputFileID: String? = nil, errorFileID: String? = nil,
                total: Int = 0, completed: Int = 0, failed: Int = 0, errors: [String] = [], metadata: [String: String] = [:]) {
        self.id = id
        self.status = status
        self.inputFileID = inputFileID
        self.outputFileID = outputFileID
        self.errorFileID = errorFileID
        self.total = total
        self.completed = completed
        self.failed = failed
        self.errors = errors
        self.metadata = metadata
    }

    /// True once the batch will change no more: its output (if any) can be downloaded.
    public var hasEnded: Bool { ["completed", "failed", "expired", "cancelled"].contains(status) }

    /// E.g. `batch_abc in_progress 12/40 (1 failed)`.
    public var summary: String {
        let failures = failed > 0 ? " (\(failed) failed)" : ""
        return "\(id) \(status) \(completed)/\(total)\(failures)"
    }
}

/// What became of one request of a batch: its answer, or why it has none.
public enum BatchItemOutcome: Sendable {
    /// The request was answered; the completion is decoded as a live answer is.
    case answered(Completion)
    /// The request failed or expired: the server's code (`batch_expired`, an HTTP status)
    /// and message.
    case failed(code: String, message: String)
}

/// One line of a batch's input file: the request under `customID`, as the live client
/// would POST it (never streamed; `n` is not sent, so one choice).
public struct BatchRequest: Sendable {
    /// Names the request in the output: unique within the batch.
    public var customID: String
    /// What is asked.
    public var prompt: Prompt
    /// The decoding settings.
    public var parameters: SamplingParameters

    /// A request for the batch input file.
    public init(customID: String, prompt: Prompt, parameters: SamplingParameters) {
        self.customID = customID
        self.prompt = prompt
        self.parameters = parameters
    }
}

// The JSON shapes of `/v1/files` and `/v1/batches`, as far as we read them.

/// A page of `GET /batches`.
struct WireBatchList: Decodable {
    var data: [WireBatch]
}

/// A batch as `/v1/batches` describes it.
struct WireBatch: Decodable {
    struct Counts: Decodable {
        var total: Int?
        var completed: Int?
        var failed: Int?
    }
    struct Errors: Decodable {
        struct Item: Decodable {
            var code: String?
            var message: String?
            var line: Int?
        }
        var data: [Item]?
    }

    var id: String
    var status: String
    var input_file_id: String?
    var output_file_id: String?
    var error_file_id: String?
    var request_counts: Counts?
    var errors: Errors?
    var metadata: [String: String]?

    var job: BatchJob {
        BatchJob(
            id: id, status: status, inputFileID: input_file_id, outputFileID: output_file_id, errorFileID: error_file_id,
            total: request_counts?.total ?? 0, completed: request_counts?.completed ?? 0, failed: request_counts?.failed ?? 0,
            errors: errors?.data?.map { item in
                [item.line.map { "line \($0)" }, item.code, item.message].compactMap { $0 }.joined(separator: ": ")
            } ?? [], metadata: metadata ?? [:])
    }
}

/// The `{"id": …}` of an uploaded file.
struct WireFile: Decodable {
    var id: String
}
