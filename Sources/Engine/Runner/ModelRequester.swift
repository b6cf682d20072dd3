import Foundation
import LLM
import Pool

/// A whole answer to one engine request, with what the pool's provenance keeps of it.
struct ModelReply: Sendable {
    /// The completion text (for chat, the assistant's message).
    var text: String
    /// Why generation stopped.
    var finishReason: FinishReason
    /// Tokens, if the server reported them (llama.cpp's streams do not).
    var usage: Usage?
    /// The model that answered.
    var model: String
    /// The endpoint that answered.
    var endpoint: NamedEndpoint
    /// When the request was sent and when its answer was whole.
    var requestedAt: Date
    var completedAt: Date
}

/// Sends one engine request through the endpoints, streamed or not, and reports its life as
/// events: sent, tokens streamed, finished (retries come from the clients' own events). The
/// fleet picks the endpoint and moves a failing attempt to another; a lone endpoint's client
/// does the retrying. A request that still fails throws.
struct ModelRequester: Sendable {
    let fleet: EndpointFleet
    let streamTokens: Bool
    /// Whether records name the endpoint that answered (endpoints configured by name).
    let recordsEndpointName: Bool
    let now: @Sendable () -> Date
    let emit: @Sendable (EngineEvent) -> Void

    func send(_ prompt: Prompt, parameters: SamplingParameters, id: RequestID) async throws -> ModelReply {
        emit(.requestSent(id))
        let requestedAt = now()
        let answer = try await fleet.send(accounting: { ($0.usage, $0.model) }) { client in
            try await ask(client, prompt, parameters: parameters, id: id)
        }
        let reply = ModelReply(text: answer.value.text, finishReason: answer.value.finishReason, usage: answer.value.usage,
                               model: answer.value.model, endpoint: answer.endpoint, requestedAt: requestedAt, completedAt: now())
        try Task.checkCancellation()
        emit(.requestFinished(id, finishReason: reply.finishReason, usage: reply.usage))
        emit(.usage(fleet.usageTotals))
        return reply
    }

    /// What one endpoint answered.
    private struct Answer: Sendable {
        var text: String
        var finishReason: FinishReason
        var usage: Usage?
        var model: String
    }

    /// One attempt on one endpoint's client.
    private func ask(_ client: LLMClient, _ prompt: Prompt, parameters: SamplingParameters, id: RequestID) async throws -> Answer {
        if streamTokens {
            let events = switch prompt {
            case .completion(let text): client.stream(CompletionRequest(prompt: text, parameters: parameters))
            case .chat(let messages): client.streamChat(ChatRequest(messages: messages, parameters: parameters))
            }
            var text = ""
            var finishReason = FinishReason.cutOff
            var usage: Usage?
            for try await event in events {
                switch event {
                case .text(let delta):
                    text += delta
                    emit(.tokensStreamed(id, delta: delta))
                case .finished(let reason): finishReason = reason
                case .usage(let reported): usage = reported
                }
            }
            return Answer(text: text, finishReason: finishReason, usage: usage, model: client.endpoint.model)
        }
        let completion = switch prompt {
        case .completion(let text): try await client.complete(CompletionRequest(prompt: text, parameters: parameters))
        case .chat(let messages): try await client.chat(ChatRequest(messages: messages, parameters: parameters))
        }
        return Answer(text: completion.text, finishReason: completion.finishReason, usage: completion.usage, model: completion.model)
    }

    /// An endpoint's base URL as the pool (and its batch ledger) keeps it and people see it:
    /// without the user and password, and with secret-looking query values (`?api_key=…`)
    /// redacted.
    static func recordedURL(of endpoint: EndpointConfiguration) -> String {
        redactedURL(withoutCredentials(endpoint.baseURL))
    }

    /// `recordedURL` of a named endpoint's base URL.
    static func shownURL(of endpoint: NamedEndpoint) -> String {
        recordedURL(of: endpoint.configuration)
    }

    /// The provenance of a call: where it went (never the key, nor credentials in the URL),
    /// what was asked, and what came back.
    func modelCall(prompt: Prompt, parameters: SamplingParameters, demonstrationIDs: [String]?, reply: ModelReply) -> ModelCall {
        ModelCall(
            endpoint: Self.shownURL(of: reply.endpoint),
            endpointName: recordsEndpointName ? reply.endpoint.name : nil,
            model: reply.model,
            parameters: Self.json(parameters),
            demonstrationIDs: demonstrationIDs,
            prompt: prompt.text,
            rawCompletion: reply.text,
            finishReason: reply.finishReason == .unspecified ? nil : reply.finishReason.rawValue,
            usage: reply.usage.map { TokenUsage(promptTokens: $0.promptTokens, completionTokens: $0.completionTokens) },
            requestedAt: reply.requestedAt,
            completedAt: reply.completedAt
        )
    }

    /// The decoding parameters as the request body names them.
    static func json(_ parameters: SamplingParameters) -> [String: JSONValue] {
        var members: [String: JSONValue] = [:]
        if let value = parameters.maxTokens { members["max_tokens"] = .number(Double(value)) }
        if let value = parameters.temperature { members["temperature"] = .number(value) }
        if let value = parameters.topP { members["top_p"] = .number(value) }
        if let value = parameters.presencePenalty { members["presence_penalty"] = .number(value) }
        if let value = parameters.frequencyPenalty { members["frequency_penalty"] = .number(value) }
        if let value = parameters.stop { members["stop"] = .array(value.map { .string($0) }) }
        if let value = parameters.seed { members["seed"] = .number(Double(value)) }
        return members
    }

    /// `https://user:secret@host/v1` → `https://host/v1`.
    static func withoutCredentials(_ url: String) -> String {
        guard var components = URLComponents(string: url), components.user != nil || components.password != nil else { return url }
        components.user = nil
        components.password = nil
        return components.string ?? url
    }
}
