import Foundation

/// The JSON body of POST /completions and /chat/completions. Nil fields are left out, so
/// the server's defaults apply.
struct WireRequest: Encodable {
    enum Logprobs: Encodable {
        case count(Int)
        case enabled
        func encode(to encoder: any Encoder) throws {
            var container = encoder.singleValueContainer()
            switch self {
            case .count(let k): try container.encode(k)
            case .enabled: try container.encode(true)
            }
        }
    }

    struct StreamOptions: Encodable {
        var include_usage: Bool
    }

    var model: String
    var prompt: String?
    var messages: [ChatMessage]?
    var max_tokens: Int?
    var temperature: Double?
    var top_p: Double?
    var stop: [String]?
    var presence_penalty: Double?
    var frequency_penalty: Double?
    var logit_bias: [String: Double]?
    var seed: Int?
    var logprobs: Logprobs?
    var top_logprobs: Int?
    var stream: Bool?
    var stream_options: StreamOptions?

    /// One request of a fan-out: `n` is never sent (servers differ on it).
    init(model: String, prompt: Prompt, parameters p: SamplingParameters, maxTokens: Int?, seed: Int?, stream: Bool) {
        self.model = model
        switch prompt {
        case .completion(let text): self.prompt = text
        case .chat(let messages): self.messages = messages
        }
        max_tokens = maxTokens
        temperature = p.temperature
        top_p = p.topP
        stop = p.stop
        presence_penalty = p.presencePenalty
        frequency_penalty = p.frequencyPenalty
        logit_bias = p.logitBias
        self.seed = seed
        if let k = p.logprobs {
            if case .chat = prompt {
                logprobs = .enabled
                top_logprobs = k
            } else {
                logprobs = .count(k)
            }
        }
        if stream {
            self.stream = true
            stream_options = StreamOptions(include_usage: true)
        }
    }

    func encoded() throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return try encoder.encode(self)
    }
}

/// A completion, chat completion or stream chunk, as far as we read it. Everything is
/// optional so that a missing field becomes a clear error, not a decoding failure.
struct WireResponse: Decodable {
    struct Choice: Decodable {
        struct Message: Decodable {
            var content: String?
        }
        var index: Int?
        var text: String?
        var message: Message?
        var delta: Message?
        var finish_reason: String?

        var content: String? { text ?? message?.content ?? delta?.content }
    }

    struct WireUsage: Decodable {
        var prompt_tokens: Int?
        var completion_tokens: Int?
    }

    struct WireError: Decodable {
        var message: String?
    }

    var model: String?
    var choices: [Choice]?
    var usage: WireUsage?
    var error: WireError?

    var decodedUsage: Usage? {
        guard let usage, let prompt = usage.prompt_tokens else { return nil }
        return Usage(promptTokens: prompt, completionTokens: usage.completion_tokens ?? 0)
    }

    /// Decodes a body, classifying what is wrong with it if anything.
    static func decode(_ body: Data, status: Int) -> Result<WireResponse, AttemptFailure> {
        guard (try? JSONSerialization.jsonObject(with: body, options: [.fragmentsAllowed])) != nil else {
            return .failure(.notJSON(status: status, excerpt: body.isEmpty ? "an empty body" : excerptOf(String(decoding: body.prefix(400), as: UTF8.self))))
        }
        do {
            let response = try JSONDecoder().decode(WireResponse.self, from: body)
            if let message = response.error?.message {
                return .failure(.malformed("it reported an error: \(excerptOf(message))"))
            }
            return .success(response)
        } catch {
            return .failure(.malformed(describe(error)))
        }
    }

    /// A whole (non-streamed) answer as one choice.
    func singleChoice() -> Result<(text: String, finishReason: FinishReason), AttemptFailure> {
        guard let choices else { return .failure(.malformed("it has no \"choices\" field")) }
        guard let choice = choices.first else { return .failure(.emptyChoices) }
        guard let text = choice.content else { return .failure(.malformed("its first choice has no text or message content")) }
        return .success((text, choice.finish_reason.map(FinishReason.init(rawValue:)) ?? .unspecified))
    }
}

/// The list of GET /models.
struct WireModelList: Decodable {
    struct Model: Decodable { var id: String }
    var data: [Model]
}

/// A DecodingError in one line: what was wrong and where.
func describe(_ error: any Error) -> String {
    guard let error = error as? DecodingError else { return "\(error)" }
    func path(_ context: DecodingError.Context) -> String {
        let keys = context.codingPath.map { $0.intValue.map(String.init) ?? $0.stringValue }
        return keys.isEmpty ? "the top level" : keys.joined(separator: ".")
    }
    switch error {
    case .typeMismatch(_, let context), .valueNotFound(_, let context), .dataCorrupted(let context):
        return "at \(path(context)): \(context.debugDescription)"
    case .keyNotFound(let key, let context):
        return "\"\(key.stringValue)\" missing at \(path(context))"
    @unknown default:
        return "\(error)"
    }
}
