import Foundation

/// An API key that cannot leak by accident: printing, interpolating or dumping it shows
/// "<redacted>". Only the request builder reads the value.
public struct APIKey: Sendable, CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    fileprivate let value: String

    /// Wraps a key; an empty string is no key.
    public init?(_ value: String) {
        let trimmed = value.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !trimmed.isEmpty else { return nil }
        self.value = trimmed
    }

    /// Always "<redacted>".
    public var description: String { "<redacted>" }
    /// Always "APIKey(<redacted>)".
    public var debugDescription: String { "APIKey(<redacted>)" }
    /// Hides the stored value from `dump` and debuggers.
    public var customMirror: Mirror { Mirror(self, children: [], displayStyle: .struct) }

    /// The header that carries the key.
    var authorizationHeader: (name: String, value: String) { ("Authorization", "Bearer \(value)") }
}

/// Where and how to reach the model: an OpenAI-compatible base URL (OpenAI, vLLM,
/// llama.cpp's server, Ollama), the key, the model, which API to use and extra headers.
public struct EndpointConfiguration: Sendable, CustomStringConvertible, CustomDebugStringConvertible {
    /// Which OpenAI endpoint generation goes through.
    public enum API: String, Sendable, CaseIterable {
        /// POST /completions: raw text continuation (what Self-Instruct was designed for).
        case completions
        /// POST /chat/completions: for chat-only models.
        case chat
    }

    /// The base URL, ending before the endpoint names: "http://127.0.0.1:8077/v1".
    public var baseURL: String
    /// The key sent as `Authorization: Bearer`; nil for servers without auth.
    public var apiKey: APIKey?
    /// The model requests use unless they name another.
    public var model: String
    /// Completions or chat.
    public var api: API
    /// Headers added to every request (an organization id, say). Values of Authorization
    /// or keys in here are redacted from descriptions like the API key.
    public var extraHeaders: [String: String]
    /// How long a request may wait for its connection, its first byte and each later piece.
    public var timeouts: Timeouts
    /// The most bytes one answer may have (8 MiB by default): far more than any completion
    /// within max_tokens, so a bigger one is a server gone wrong, and memory stays bounded.
    public var maxAnswerBytes: Int

    /// The local model that `scripts/local-model start` serves.
    public static let localModelURL = "http://127.0.0.1:8077/v1"
    /// The local model's name on that server.
    public static let localModelName = "smollm2-135m-instruct"

    /// A configuration; the base URL's trailing slashes are dropped.
    public init(
        baseURL: String,
        apiKey: APIKey? = nil,
        model: String,
        api: API = .completions,
        extraHeaders: [String: String] = [:],
        timeouts: Timeouts = Timeouts(),
        maxAnswerBytes: Int = 8 << 20
    ) {
        var base = baseURL.trimmingCharacters(in: .whitespacesAndNewlines)
        while base.hasSuffix("/") { base.removeLast() }
        self.baseURL = base
        self.apiKey = apiKey
        self.model = model
        self.api = api
        self.extraHeaders = extraHeaders
        self.timeouts = timeouts
        self.maxAnswerBytes = maxAnswerBytes
    }

    /// The local SmolLM2 server, the default endpoint.
    public static var localModel: EndpointConfiguration {
        EndpointConfiguration(baseURL: localModelURL, model: localModelName)
    }

    /// Builds the configuration from command-line values, falling back to the environment
    /// (OPENAI_BASE_URL, OPENAI_API_KEY, OPENAI_MODEL), then to the local model. Throws
    /// when the base URL is not an http(s) URL.
    public static func resolve(
        baseURL: String? = nil,
        apiKey: String? = nil,
        model: String? = nil,
        api: API = .completions,
        extraHeaders: [String: String] = [:],
        environment: [String: String] = ProcessInfo.processInfo.environment
    ) throws(LLMError) -> EndpointConfiguration {
        let base = baseURL ?? environment["OPENAI_BASE_URL"] ?? localModelURL
        guard let url = URL(string: base), let scheme = url.scheme?.lowercased(),
              scheme == "http" || scheme == "https", url.host != nil else {
            throw .invalidConfiguration("The base URL “\(redactedURL(base))” is not an http(s) URL. Pass one like http://127.0.0.1:8077/v1 with --base-url, OPENAI_BASE_URL or base_url in [endpoint] of the config file.")
        }
        let key = (apiKey ?? environment["OPENAI_API_KEY"]).flatMap(APIKey.init)
        let chosenModel = model ?? environment["OPENAI_MODEL"] ?? (base == localModelURL ? localModelName : nil)
        guard let chosenModel, !chosenModel.isEmpty else {
            throw .invalidConfiguration("No model named for \(redactedURL(base)). Pass --model (the server's /v1/models lists them), set OPENAI_MODEL, or set model in [endpoint] of the config file.")
        }
        return EndpointConfiguration(baseURL: base, apiKey: key, model: chosenModel, api: api, extraHeaders: extraHeaders)
    }

    /// True for a server on this machine: its tokens cost nothing.
    public var isLocal: Bool {
        guard let host = URL(string: baseURL)?.host?.lowercased() else { return false }
        return host == "localhost" || host == "127.0.0.1" || host == "::1" || host == "[::1]"
    }

    /// "smollm2-135m-instruct @ http://127.0.0.1:8077/v1 (completions)", with no key and
    /// no credentials of the base URL.
    public var description: String {
        "\(model) @ \(redactedURL(baseURL)) (\(api.rawValue))"
    }

    /// Every field, with the key and any secret-looking extra header redacted.
    public var debugDescription: String {
        let headers = redacted(extraHeaders.sorted { $0.key < $1.key }.map { ($0.key, $0.value) })
            .map { "\($0.name): \($0.value)" }.joined(separator: ", ")
        return "EndpointConfiguration(baseURL: \(redactedURL(baseURL)), model: \(model), api: \(api.rawValue), apiKey: \(apiKey == nil ? "none" : "<redacted>"), extraHeaders: [\(headers)], timeouts: \(timeouts))"
    }

    /// The headers every request carries, key included: for the transfer only.
    func requestHeaders(accept: String) -> [(name: String, value: String)] {
        var headers: [(name: String, value: String)] = [("Content-Type", "application/json"), ("Accept", accept)]
        if let apiKey { headers.append(apiKey.authorizationHeader) }
        headers += extraHeaders.sorted { $0.key < $1.key }.map { ($0.key, $0.value) }
        return headers
    }
}

extension EndpointConfiguration {
    /// How long a request waits before it counts as timed out (and is retried as such). A
    /// non-streamed answer comes whole, so its first byte waits for the whole generation.
    public struct Timeouts: Sendable, Hashable, CustomStringConvertible {
        /// For the TCP (and TLS) connection: 10 s by default.
        public var connect: Duration
        /// From sending the request to the first byte of the answer: 120 s by default, room
        /// for a hosted API's queue or a local model's prompt processing.
        public var firstByte: Duration
        /// Between pieces once the answer has begun (a stream's `: ping` counts): 60 s by default.
        public var idle: Duration

        /// Timeouts; the defaults suit both a local model and a hosted API.
        public init(connect: Duration = .seconds(10), firstByte: Duration = .seconds(120), idle: Duration = .seconds(60)) {
            self.connect = connect
            self.firstByte = firstByte
            self.idle = idle
        }

        /// "connect 10 s, first byte 120 s, idle 60 s".
        public var description: String {
            "connect \(formatSeconds(connect)), first byte \(formatSeconds(firstByte)), idle \(formatSeconds(idle))"
        }
    }
}
