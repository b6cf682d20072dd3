import Engine
import Foundation
import LLM

extension ResolvedSettings {
    /// What every endpoint of a list shares unless its own table says otherwise.
    struct SharedEndpointSettings {
        var limits: RateLimits
        var timeouts: EndpointConfiguration.Timeouts
        var headers: [String: String]
        /// The key `--endpoint` flags send (`--api-key`, OPENAI_API_KEY or the config's).
        var flagKey: APIKey?
    }

    /// The endpoints `entries` name, validated: keys read from their variables, models
    /// resolved, one API for all, and one price per model. `fromFlags` entries send the
    /// shared key; those of a config file only their own `api_key_env`'s.
    static func namedEndpoints(
        _ entries: [EndpointEntry], fromFlags: Bool, shared: SharedEndpointSettings, environment: [String: String]
    ) throws(SettingsError) -> [NamedEndpoint] {
        var endpoints: [NamedEndpoint] = []
        for entry in entries {
            func problem(_ key: String, _ text: String) -> SettingsError {
                SettingsError(place: entry.place, line: entry.line, key: fromFlags ? "--endpoint" : "[[endpoints]] \(key)", problem: text)
            }
            guard NamedEndpoint.isValidName(entry.name) else {
                throw problem("name", "“\(entry.name)” is not a name: use 1 to 64 letters, digits, '.', '_' or '-'")
            }
            guard !endpoints.contains(where: { $0.name == entry.name }) else {
                throw problem("name", "\"\(entry.name)\" names two endpoints; give each its own name")
            }
            var key: APIKey?
            switch entry.apiKey {
            case .key(let given)?: key = given
            case .environmentVariable(let name)?:
                guard let found = environment[name].flatMap(APIKey.init) else {
                    throw problem("api_key_env", "the environment variable \(name) of endpoint \"\(entry.name)\" is not set (or empty); export it")
                }
                key = found
            case nil: key = fromFlags ? shared.flagKey : nil
            }
            var configuration: EndpointConfiguration
            do {
                configuration = try EndpointConfiguration.resolve(
                    baseURL: entry.baseURL, apiKey: nil, model: entry.model, api: entry.api ?? .completions,
                    extraHeaders: shared.headers.merging(entry.headers) { $1 }, environment: environment.filter { $0.key == "OPENAI_MODEL" })
            } catch {
                throw problem(entry.model == nil ? "model" : "base_url", "endpoint \"\(entry.name)\": \(error.description)")
            }
            configuration.apiKey = key
            configuration.timeouts = EndpointConfiguration.Timeouts(
                connect: entry.timeouts.connect.map(duration) ?? shared.timeouts.connect,
                firstByte: entry.timeouts.firstByte.map(duration) ?? shared.timeouts.firstByte,
                idle: entry.timeouts.idle.map(duration) ?? shared.timeouts.idle)
            if let first = endpoints.first, first.configuration.api != configuration.api {
                throw problem("api", "endpoint \"\(entry.name)\" uses \(configuration.api.rawValue) but \"\(first.name)\" uses \(first.configuration.api.rawValue); a run builds its prompts for one API, so give every endpoint the same")
            }
            if let price = entry.price, let other = endpoints.first(where: { $0.configuration.model == configuration.model && $0.price != nil && $0.price != price }) {
                throw problem("price", "endpoints \"\(other.name)\" and \"\(entry.name)\" price model \(configuration.model) differently; the spending ledger prices by model, so give them one price")
            }
            let limits = RateLimits(maxInFlight: entry.maxInFlight ?? shared.limits.maxInFlight,
                                    requestsPerMinute: entry.requestsPerMinute ?? shared.limits.requestsPerMinute,
                                    tokensPerMinute: entry.tokensPerMinute ?? shared.limits.tokensPerMinute)
            endpoints.append(NamedEndpoint(name: entry.name, configuration: configuration, limits: limits,
                                           weight: entry.weight ?? 1, price: entry.price))
        }
        return endpoints
    }

    /// `prices` with each endpoint's own price for its model.
    static func prices(_ prices: [String: TokenPrice], with endpoints: [NamedEndpoint]) -> [String: TokenPrice] {
        var merged = prices
        for endpoint in endpoints {
            if let price = endpoint.price { merged[endpoint.configuration.model] = price }
        }
        return merged
    }

    /// "fast: llama-3-8b @ http://10.0.0.2:8000/v1 (completions), weight 3, 16 in flight; ...".
    static func describe(_ endpoints: [NamedEndpoint]) -> String {
        endpoints.map { endpoint in
            let weight = endpoint.weight == endpoint.weight.rounded() ? String(Int(endpoint.weight)) : String(endpoint.weight)
            return "\(endpoint), weight \(weight), \(endpoint.limits.maxInFlight) in flight"
                + (endpoint.configuration.apiKey == nil ? "" : ", key <redacted>")
        }.joined(separator: "; ")
    }
}

extension ResolvedSettings {
    /// An engine on the pool at `poolURL` asking these settings' endpoint (or spreading over
    /// their endpoints) with their limits and prices.
    public func openEngine(poolURL: URL, seedTasksIfNew: String?, configuration: EngineConfiguration) throws -> GenerationEngine {
        guard let endpoints else {
            return try GenerationEngine(poolURL: poolURL, seedTasksIfNew: seedTasksIfNew, endpoint: endpoint,
                                        configuration: configuration, limits: rateLimits, prices: prices)
        }
        if endpoints.count > 1, configuration.batch != nil {
            throw SettingsError(place: "--batch", problem: "a batch goes to one endpoint's Batch API, and \(endpoints.count) endpoints are "
                + "configured; run --batch with one endpoint (--endpoint NAME=URL once, or one [[endpoints]] table)")
        }
        return try GenerationEngine(poolURL: poolURL, seedTasksIfNew: seedTasksIfNew, endpoints: endpoints,
                                    configuration: configuration, prices: prices)
    }

    /// What the endpoint line shows: the endpoint, or the named endpoints' names and models.
    public var endpointSummary: String {
        guard let endpoints else { return endpoint.description }
        return endpoints.map { "\($0.name) (\($0.configuration.model))" }.joined(separator: ", ")
    }
}
