/// One endpoint of several a run spreads its requests over: a name people see (in the
/// status bar, Stats and each record's provenance), where and how to reach it, its own
/// limits, its share of the requests and its price.
public struct NamedEndpoint: Sendable, CustomStringConvertible {
    /// The name, unique among a run's endpoints: letters, digits, `.`, `_` and `-`.
    public var name: String
    /// Where requests go, with the key and timeouts.
    public var configuration: EndpointConfiguration
    /// In-flight, requests-per-minute and tokens-per-minute caps of this endpoint alone.
    public var limits: RateLimits
    /// Its share relative to the others' weights (2 gets twice the requests of 1); above 0.
    public var weight: Double
    /// What its tokens cost; nil prices its model from the run's `[prices]` table.
    public var price: TokenPrice?

    /// An endpoint; a weight below or at 0 counts as 1.
    public init(name: String, configuration: EndpointConfiguration, limits: RateLimits = RateLimits(),
                weight: Double = 1, price: TokenPrice? = nil) {
        self.name = name
        self.configuration = configuration
        self.limits = limits
        self.weight = weight > 0 && weight.isFinite ? weight : 1
        self.price = price
    }

    /// "fast: llama-3-8b @ http://10.0.0.2:8000/v1 (completions)", with no key.
    public var description: String { "\(name): \(configuration)" }

    /// Whether `name` may name an endpoint: 1 to 64 letters, digits, `.`, `_` or `-`.
    public static func isValidName(_ name: String) -> Bool {
        !name.isEmpty && name.count <= 64 && name.unicodeScalars.allSatisfy { scalar in
            scalar.isASCII && (scalar.properties.isAlphabetic || ("0"..."9").contains(scalar) || "._-".unicodeScalars.contains(scalar))
        }
    }
}

/// `NAME=URL[,model][,api]`, the command-line spelling of an endpoint (`--endpoint`), read
/// apart so that every command taking it says the same about a bad one.
public struct EndpointFlag: Sendable, Hashable {
    /// The name before `=`.
    public var name: String
    /// The base URL.
    public var url: String
    /// The model, if one was given.
    public var model: String?
    /// Completions or chat; completions when left out.
    public var api: EndpointConfiguration.API

    /// A flag's parts.
    public init(name: String, url: String, model: String? = nil, api: EndpointConfiguration.API = .completions) {
        self.name = name
        self.url = url
        self.model = model
        self.api = api
    }

    /// Reads `value`; the error says what is wrong with it, for the caller to name the flag
    /// and its value.
    public init(parsing value: String) throws(LLMError) {
        guard let equals = value.firstIndex(of: "=") else {
            throw .invalidConfiguration("no '=' after the name")
        }
        let parts = value[value.index(after: equals)...].split(separator: ",", omittingEmptySubsequences: false).map(String.init)
        guard parts.count <= 3, let url = parts.first, !url.isEmpty else {
            throw .invalidConfiguration("expected a URL after the name, then at most a model and an api")
        }
        var api = EndpointConfiguration.API.completions
        if parts.count == 3 {
            guard let chosen = EndpointConfiguration.API(rawValue: parts[2]) else {
                throw .invalidConfiguration("the api is “\(parts[2])”, not completions or chat")
            }
            api = chosen
        }
        name = String(value[..<equals])
        self.url = url
        model = parts.count >= 2 && !parts[1].isEmpty ? parts[1] : nil
        self.api = api
    }

    /// The endpoint's configuration: the model falls back to OPENAI_MODEL (or the local
    /// model's name for its URL); the key is `apiKey`, else OPENAI_API_KEY.
    public func configuration(apiKey: String?, environment: [String: String]) throws(LLMError) -> EndpointConfiguration {
        try EndpointConfiguration.resolve(baseURL: url, apiKey: apiKey, model: model, api: api, environment: environment)
    }
}
