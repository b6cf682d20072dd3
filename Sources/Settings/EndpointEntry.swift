import LLM

/// One endpoint of several as a config file (`[[endpoints]]`) or the command line
/// (`--endpoint NAME=URL[,model][,api]`) gives it, before resolving: what is left out falls
/// back to `[endpoint]`'s limits and timeouts and the defaults.
public struct EndpointEntry: Sendable {
    /// The endpoint's name, unique in the list.
    public var name: String
    /// OpenAI-compatible base URL (`base_url`).
    public var baseURL: String
    /// Model name (`model`); else OPENAI_MODEL, or the local model's for its URL.
    public var model: String?
    /// Completions or chat (`api`); completions when left out.
    public var api: EndpointConfiguration.API?
    /// Where its key comes from (`api_key_env` in a config file); nil sends no key from a
    /// config file, and the shared key (`--api-key`, OPENAI_API_KEY) from `--endpoint`.
    public var apiKey: APIKeySetting?
    /// Requests on the wire at once (`max_in_flight`).
    public var maxInFlight: Int?
    /// Requests per minute (`requests_per_minute`).
    public var requestsPerMinute: Int?
    /// Estimated tokens per minute (`tokens_per_minute`).
    public var tokensPerMinute: Int?
    /// Seconds for the connection, the first byte and between pieces (`timeout`, a number
    /// for the last two or a table); nil ones are `[endpoint]`'s.
    public var timeouts: (connect: Double?, firstByte: Double?, idle: Double?) = (nil, nil, nil)
    /// Its share relative to the others (`weight`, 1 by default).
    public var weight: Double?
    /// Its price per million tokens (`price = { input = N, output = N }`).
    public var price: TokenPrice?
    /// Headers its requests carry (`headers = { name = "value" }`), over the ones every
    /// endpoint shares (`[endpoint.headers]`): its own win.
    public var headers: [String: String] = [:]
    /// Where it was set, for errors: the config file, or "--endpoint fast=…".
    public var place: String
    /// The line of its `[[endpoints]]` in the config file.
    public var line: Int?

    /// An entry.
    public init(name: String, baseURL: String, model: String? = nil, api: EndpointConfiguration.API? = nil,
                apiKey: APIKeySetting? = nil, maxInFlight: Int? = nil, requestsPerMinute: Int? = nil,
                tokensPerMinute: Int? = nil, weight: Double? = nil, price: TokenPrice? = nil, place: String, line: Int? = nil) {
        self.name = name
        self.baseURL = baseURL
        self.model = model
        self.api = api
        self.apiKey = apiKey
        self.maxInFlight = maxInFlight
        self.requestsPerMinute = requestsPerMinute
        self.tokensPerMinute = tokensPerMinute
        self.weight = weight
        self.price = price
        self.place = place
        self.line = line
    }

    /// The entry a `--endpoint` flag gives; its key is resolved with the others (the
    /// `--api-key` flag or OPENAI_API_KEY), as `eval generate` sends it.
    public init(flag value: String) throws(SettingsError) {
        let flag: EndpointFlag
        do {
            flag = try EndpointFlag(parsing: value)
        } catch {
            throw SettingsError(place: "the command line", key: "--endpoint \(redactedURL(value))",
                                problem: error.description + "; write NAME=URL[,model][,api], e.g. fast=http://10.0.0.2:8000/v1,llama-3-8b")
        }
        guard NamedEndpoint.isValidName(flag.name) else {
            throw SettingsError(place: "the command line", key: "--endpoint \(redactedURL(value))",
                                problem: "“\(flag.name)” is not an endpoint name: use 1 to 64 letters, digits, '.', '_' or '-'")
        }
        self.init(name: flag.name, baseURL: flag.url, model: flag.model, api: flag.api,
                  place: "--endpoint \(redactedURL(value))")
    }
}
