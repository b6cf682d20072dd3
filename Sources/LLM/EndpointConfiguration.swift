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
    /// Waiting for a whole non-streamed answer. Generous: a local server answers one
    /// request at a time, so a request may queue behind many others.
    public var requestTimeout: Duration
    /// Waiting for the TCP (and TLS) connection.
    public var connectTimeout: Duration
    /// A stream that sends nothing, not even a `: ping`, for this long is abandoned.
    public var streamIdleTimeout: Duration

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
        requestTimeout: Duration = .seconds(600),
        connectTimeout: Duration = .seconds(10),
        streamIdleTimeout: Duration = .seconds(300)
    ) {
        var base = baseURL.trimmingCharacters(in: .whitespacesAndNewlines)
        while base.hasSuffix("/") { base.removeLast() }
        self.baseURL = base
        self.apiKey = apiKey
        self.model = model
        self.api = api
        self.extraHeaders = extraHeaders
        self.requestTimeout = requestTimeout
        self.connectTimeout = connectTimeout
        self.streamIdleTimeout = streamIdleTimeout
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
            throw .invalidConfiguration("The base URL “\(base)” is not an http(s) URL. Pass one like http://127.0.0.1:8077/v1 with --base-url, OPENAI_BASE_URL or base_url in [endpoint] of the config file.")
        }
        let key = (apiKey ?? environment["OPENAI_API_KEY"]).flatMap(APIKey.init)
        let chosenModel = model ?? environment["OPENAI_MODEL"] ?? (base == localModelURL ? localModelName : nil)
        guard let chosenModel, !chosenModel.isEmpty else {
            throw .invalidConfiguration("No model named for \(base). Pass --model (the server's /v1/models lists them), set OPENAI_MODEL, or set model in [endpoint] of the config file.")
        }
        return EndpointConfiguration(baseURL: base, apiKey: key, model: chosenModel, api: api, extraHeaders: extraHeaders)
    }

    /// True for a server on this machine: its tokens cost nothing.
    public var isLocal: Bool {
        guard let host = URL(string: baseURL)?.host?.lowercased() else { return false }
        return host == "localhost" || host == "127.0.0.1" || host == "::1" || host == "[::1]"
    }

    /// "smollm2-135m-instruct @ http://127.0.0.1:8077/v1 (completions)", with no key.
    public var description: String {
        "\(model) @ \(baseURL) (\(api.rawValue))"
    }

    /// Every field, with the key and any secret-looking extra header redacted.
    public var debugDescription: String {
        let headers = redacted(extraHeaders.sorted { $0.key < $1.key }.map { ($0.key, $0.value) })
            .map { "\($0.name): \($0.value)" }.joined(separator: ", ")
        return "EndpointConfiguration(baseURL: \(baseURL), model: \(model), api: \(api.rawValue), apiKey: \(apiKey == nil ? "none" : "<redacted>"), extraHeaders: [\(headers)])"
    }

    /// The headers every request carries, key included: for the transfer only.
    func requestHeaders(accept: String) -> [(name: String, value: String)] {
        var headers: [(name: String, value: String)] = [("Content-Type", "application/json"), ("Accept", accept)]
        if let apiKey { headers.append(apiKey.authorizationHeader) }
        headers += extraHeaders.sorted { $0.key < $1.key }.map { ($0.key, $0.value) }
        return headers
    }
}

/// Headers safe to print: Authorization, cookies and anything named like a key or token
/// show as "<redacted>".
func redacted(_ headers: [(name: String, value: String)]) -> [(name: String, value: String)] {
    headers.map { header in
        let name = header.name.lowercased()
        let secret = name == "authorization" || name == "proxy-authorization" || name.contains("cookie")
            || name.contains("key") || name.contains("token") || name.contains("secret")
        return (header.name, secret ? "<redacted>" : header.value)
    }
}
