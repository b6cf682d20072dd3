import Foundation
import JSONLines

/// Where a record came from: the model calls that produced its instruction, its
/// classification and its instances, or the file it was imported from.
///
/// This is the bulky part of a record (prompts and raw completions run to kilobytes), so an
/// open pool keeps it on disk and `PoolFile.record(_:)` reads it when asked.
public struct Provenance: Sendable, Hashable, Codable {
    /// The call that generated the instruction (stage 1).
    public var instructionGeneration: ModelCall?
    /// The call that decided whether the task is classification (stage 2).
    public var classification: ModelCall?
    /// The call that generated the instances (stage 3).
    public var instanceGeneration: ModelCall?
    /// For imported records: the file and line they came from.
    public var importedFrom: ImportSource?
    /// Upstream `metadata` kept verbatim on import, so an `upstream` export can give it back.
    public var upstreamMetadata: JSONValue?

    public init(
        instructionGeneration: ModelCall? = nil,
        classification: ModelCall? = nil,
        instanceGeneration: ModelCall? = nil,
        importedFrom: ImportSource? = nil,
        upstreamMetadata: JSONValue? = nil
    ) {
        self.instructionGeneration = instructionGeneration
        self.classification = classification
        self.instanceGeneration = instanceGeneration
        self.importedFrom = importedFrom
        self.upstreamMetadata = upstreamMetadata
    }

    enum CodingKeys: String, CodingKey {
        case instructionGeneration = "instruction_generation"
        case classification
        case instanceGeneration = "instance_generation"
        case importedFrom = "imported_from"
        case upstreamMetadata = "upstream_metadata"
    }
}

/// One request to a language model and what came back.
public struct ModelCall: Sendable, Hashable, Codable {
    /// The endpoint's base URL, e.g. `http://127.0.0.1:8077/v1`.
    public var endpoint: String?
    /// The name of the endpoint that answered, when the run had named endpoints
    /// (`[[endpoints]]`, `--endpoint NAME=URL`); nil for a lone endpoint set the old way.
    public var endpointName: String?
    /// The model name the endpoint reported or was asked for.
    public var model: String?
    /// Decoding parameters sent (temperature, top_p, stop, max_tokens, ...).
    public var parameters: [String: JSONValue]?
    /// Ids of the pool records shown to the model as demonstrations, in prompt order.
    public var demonstrationIDs: [String]?
    /// The full prompt text.
    public var prompt: String?
    /// The completion text exactly as the model returned it.
    public var rawCompletion: String?
    /// The endpoint's finish reason (`stop`, `length`).
    public var finishReason: String?
    /// Token counts the endpoint reported.
    public var usage: TokenUsage?
    /// When the request was sent.
    public var requestedAt: Date?
    /// When the last byte of the response arrived.
    public var completedAt: Date?

    public init(
        endpoint: String? = nil, endpointName: String? = nil, model: String? = nil, parameters: [String: JSONValue]? = nil,
        demonstrationIDs: [String]? = nil, prompt: String? = nil, rawCompletion: String? = nil,
        finishReason: String? = nil, usage: TokenUsage? = nil, requestedAt: Date? = nil, completedAt: Date? = nil
    ) {
        self.endpoint = endpoint
        self.endpointName = endpointName
        self.model = model
        self.parameters = parameters
        self.demonstrationIDs = demonstrationIDs
        self.prompt = prompt
        self.rawCompletion = rawCompletion
        self.finishReason = finishReason
        self.usage = usage
        self.requestedAt = requestedAt
        self.completedAt = completedAt
    }

    enum CodingKeys: String, CodingKey {
        case endpoint
        case endpointName = "endpoint_name"
        case model, parameters
        case demonstrationIDs = "demonstration_ids"
        case prompt
        case rawCompletion = "raw_completion"
        case finishReason = "finish_reason"
        case usage
        case requestedAt = "requested_at"
        case completedAt = "completed_at"
    }
}

/// Token counts of one model call, as OpenAI-compatible endpoints report them.
public struct TokenUsage: Sendable, Hashable, Codable {
    /// Tokens in the prompt.
    public var promptTokens: Int
    /// Tokens in the completion.
    public var completionTokens: Int

    public init(promptTokens: Int, completionTokens: Int) {
        self.promptTokens = promptTokens
        self.completionTokens = completionTokens
    }

    enum CodingKeys: String, CodingKey {
        case promptTokens = "prompt_tokens"
        case completionTokens = "completion_tokens"
    }
}

/// The place an imported record was read from.
public struct ImportSource: Sendable, Hashable, Codable {
    /// The file's path as given to `import`.
    public var file: String
    /// 1-based line (JSONL) or 0-based array index (JSON array), per `format`.
    public var position: Int
    /// The format the file was read as, e.g. `seed-tasks`, `alpaca`.
    public var format: String

    public init(file: String, position: Int, format: String) {
        self.file = file
        self.position = position
        self.format = format
    }
}
