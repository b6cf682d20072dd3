import Engine
import Foundation
import LLM
import Pool

/// The settings a run uses, each with where it came from. Precedence, strongest first:
/// command-line flags, the environment (`OPENAI_*`), the pool's config file (`pool.toml`
/// beside `pool.jsonl`), the user's config file, the defaults (the local model).
///
/// The workbench and the generation commands get theirs from `resolve(pool:flags:)`. The
/// API key is an `APIKey`, which prints as `<redacted>`.
public struct ResolvedSettings: Sendable {
    /// A value and its source, while resolving.
    struct Setting<Value: Sendable>: Sendable {
        var value: Value
        var source: SettingSource
    }

    /// The endpoint: base URL, key, model, API and headers, validated; with several
    /// endpoints, the first of them.
    public let endpoint: EndpointConfiguration
    /// The endpoints requests are spread over (`[[endpoints]]`, `--endpoint`), validated;
    /// nil when the one `endpoint` is set the old way.
    public let endpoints: [NamedEndpoint]?
    /// In-flight and per-minute limits; with several endpoints, their in-flight limits
    /// together (each keeps its own).
    public let rateLimits: RateLimits
    /// Prices per model (zero for local endpoints: the client ignores them there).
    public let prices: PriceTable
    /// The recipe, with the configured similarity threshold.
    public let recipe: Recipe
    /// Auto, or supervised with its pending limit.
    public let mode: GenerationMode
    /// Instruction prompts per round.
    public let promptsPerRound: Int
    /// The random seed.
    public let seed: UInt64
    /// A folder of template files overriding the built-in wording, if one is set.
    public let templates: String?
    /// What the pool and each run may spend.
    public let budget: Budget
    /// The reasons a person may give for a rejection, numbered in this order.
    public let rejectReasons: [String]
    /// How records' defect flags are found (`[quality] cannot_do_keywords`).
    public let defectCheck: DefectCheck
    /// The reasons when no config file names any.
    public static let defaultRejectReasons = ["too vague", "unsafe", "wrong", "duplicate"]
    /// The workbench's theme, if one is set (else the workbench picks one for the terminal).
    public let theme: String?
    /// Every setting's value as text and its source, in a fixed order (the key redacted):
    /// what `selfinstruct config` prints.
    public let entries: [(name: String, value: String, source: SettingSource)]
    /// The config files consulted, with whether each exists.
    public let files: [(source: SettingSource, path: String, exists: Bool)]

    /// True when the endpoint is the built-in default, the local model (which may need starting).
    public var usesDefaultEndpoint: Bool { endpoints == nil && entries.first { $0.name == "base_url" }?.source == .default }

    /// The user's config file: `${XDG_CONFIG_HOME:-~/.config}/selfinstruct/config.toml`.
    public static func userConfigFile(environment: [String: String] = ProcessInfo.processInfo.environment) -> URL {
        let base = environment["XDG_CONFIG_HOME"].flatMap { $0.isEmpty ? nil : URL(fileURLWithPath: $0) }
            ?? URL(fileURLWithPath: NSHomeDirectory()).appendingPathComponent(".config")
        return base.appendingPathComponent("selfinstruct/config.toml")
    }

    /// The pool's config file: `pool.toml` beside `pool.jsonl` (`.toml` appended to other names).
    public static func poolConfigFile(for pool: URL) -> URL {
        pool.pathExtension == "jsonl" ? pool.deletingPathExtension().appendingPathExtension("toml") : pool.appendingPathExtension("toml")
    }

    /// Reads the config files for `pool` and resolves every setting.
    /// - Parameters:
    ///   - flags: what the command line said.
    ///   - defaultMode: the mode when nothing sets one (the workbench's is supervised).
    ///   - userConfig: the user's config file; `userConfigFile()` by default.
    /// - Throws: `SettingsError` for a bad config file (file:line, key) or a value that cannot
    ///   be used (an unset `api_key_env` variable, a base URL that is not http(s)).
    public static func resolve(
        pool: URL, flags: SettingsLayer = SettingsLayer(), defaultMode: ModeChoice = .auto,
        environment: [String: String] = ProcessInfo.processInfo.environment,
        userConfig: URL? = nil
    ) throws(SettingsError) -> ResolvedSettings {
        let userFile = userConfig ?? userConfigFile(environment: environment)
        let poolFile = poolConfigFile(for: pool)
        let layers: [(SettingSource, SettingsLayer)] = [
            (.flag, flags), (.environment, .environment(environment)),
            (.pool, try SettingsFile.read(poolFile)), (.user, try SettingsFile.read(userFile)),
        ]
        let places: [SettingSource: String] = [
            .flag: "the command line", .environment: "the environment", .pool: poolFile.path, .user: userFile.path,
        ]
        var entries: [(name: String, value: String, source: SettingSource)] = []
        func pick<Value>(_ name: String, _ path: KeyPath<SettingsLayer, Value?>, default fallback: Value, show: (Value) -> String) -> Setting<Value> {
            let found = layers.first { $0.1[keyPath: path] != nil }
            let setting = found.map { Setting(value: $0.1[keyPath: path]!, source: $0.0) } ?? Setting(value: fallback, source: .default)
            entries.append((name, show(setting.value), setting.source))
            return setting
        }
        func optional<Value>(_ name: String, _ path: KeyPath<SettingsLayer, Value?>, show: (Value) -> String) -> Setting<Value?> {
            let found = layers.first { $0.1[keyPath: path] != nil }
            let setting = found.map { Setting<Value?>(value: $0.1[keyPath: path], source: $0.0) } ?? Setting(value: nil, source: .default)
            entries.append((name, setting.value.map(show) ?? "none", setting.source))
            return setting
        }

        let baseURL = pick("base_url", \.baseURL, default: EndpointConfiguration.localModelURL) { redactedURL($0) }
        let model = optional("model", \.model) { $0 }
        let api = pick("api", \.api, default: .completions) { $0.rawValue }
        let keySetting = optional("api_key", \.apiKey) { setting -> String in
            switch setting {
            case .key: "<redacted>"
            case .environmentVariable(let name): "<redacted> (from $\(name))"
            }
        }
        let headers = pick("headers", \.headers, default: [:]) { headers in
            headers.isEmpty ? "none" : headers.keys.sorted().map { "\($0): <redacted>" }.joined(separator: ", ")
        }
        let maxInFlight = pick("max_in_flight", \.maxInFlight, default: 8) { String($0) }
        let requestsPerMinute = optional("requests_per_minute", \.requestsPerMinute) { String($0) }
        let tokensPerMinute = optional("tokens_per_minute", \.tokensPerMinute) { String($0) }
        let prices = pick("prices", \.prices, default: [:]) { prices in
            prices.isEmpty ? "none" : prices.sorted { $0.key < $1.key }
                .map { "\($0.key) \($0.value.inputPerMillion)/\($0.value.outputPerMillion) per M" }.joined(separator: ", ")
        }
        let defaultTimeouts = EndpointConfiguration.Timeouts()
        let connectTimeout = pick("timeout.connect", \.connectTimeout, default: seconds(defaultTimeouts.connect), show: showSeconds)
        let firstByteTimeout = pick("timeout.first_byte", \.firstByteTimeout, default: seconds(defaultTimeouts.firstByte), show: showSeconds)
        let idleTimeout = pick("timeout.idle", \.idleTimeout, default: seconds(defaultTimeouts.idle), show: showSeconds)
        let recipe = pick("recipe", \.recipe, default: .selfInstruct) { $0.rawValue }
        let normalize = pick("normalize", \.normalize, default: .firstLetter) { $0.rawValue }
        let mode = pick("mode", \.mode, default: defaultMode) { $0.rawValue }
        let promptsPerRound = pick("prompts_per_round", \.promptsPerRound, default: 5) { String($0) }
        let maxPending = pick("max_pending", \.maxPending, default: 20) { String($0) }
        let threshold = pick("threshold", \.threshold, default: 0.7) { String($0) }
        let templates = optional("templates", \.templates) { $0 }
        let seed = pick("seed", \.seed, default: 42) { String($0) }
        let classificationSeedsOnly = pick("classification_seeds_only", \.classificationSeedsOnly, default: false) { String($0) }
        let maxCost = optional("budget.max_cost", \.maxCost) { String($0) }
        let maxTokensTotal = optional("budget.max_tokens_total", \.maxTokensTotal) { String($0) }
        let maxCostPerRun = optional("budget.max_cost_per_run", \.maxCostPerRun) { String($0) }
        let maxTokensPerRun = optional("budget.max_tokens_per_run", \.maxTokensPerRun) { String($0) }
        let rejectReasons = pick("review.reject_reasons", \.rejectReasons, default: defaultRejectReasons) { $0.joined(separator: ", ") }
        let cannotDoKeywords = pick("quality.cannot_do_keywords", \.cannotDoKeywords, default: DefectCheck.defaultCannotDoKeywords) {
            $0.isEmpty ? "none" : $0.joined(separator: ", ")
        }
        let theme = optional("theme", \.theme) { $0 }
        if classificationSeedsOnly.value && recipe.value == .alpaca {
            throw SettingsError(place: places[classificationSeedsOnly.source] ?? "the defaults", key: "classification_seeds_only",
                                problem: "applies to the self-instruct recipe only (Alpaca's prompt has no classification variant); drop it or use recipe \"self-instruct\"")
        }

        var apiKey: APIKey?
        switch keySetting.value {
        case .key(let key)?: apiKey = key
        case .environmentVariable(let name)?:
            guard let key = environment[name].flatMap(APIKey.init) else {
                throw SettingsError(place: places[keySetting.source] ?? "", key: "[endpoint] api_key_env",
                                    problem: "the environment variable \(name) is not set (or empty); export it, or set the key another way")
            }
            apiKey = key
        case nil: apiKey = nil
        }
        let timeouts = EndpointConfiguration.Timeouts(
            connect: duration(connectTimeout.value), firstByte: duration(firstByteTimeout.value), idle: duration(idleTimeout.value))
        var limits = RateLimits(maxInFlight: maxInFlight.value, requestsPerMinute: requestsPerMinute.value, tokensPerMinute: tokensPerMinute.value)
        // A list in a config file gives way to --base-url; --endpoint flags to nothing.
        let list = layers.first { $0.1.endpoints != nil }.flatMap { source, layer in
            source == .flag || flags.baseURL == nil ? (source, layer.endpoints!) : nil
        }
        var named: [NamedEndpoint]?
        var chosenPrices = prices.value
        let withKey: EndpointConfiguration
        if let (source, listed) = list {
            let shared = SharedEndpointSettings(limits: limits, timeouts: timeouts, headers: headers.value, flagKey: apiKey)
            let endpoints = try namedEndpoints(listed, fromFlags: source == .flag, shared: shared, environment: environment)
            named = endpoints
            withKey = endpoints[0].configuration
            limits.maxInFlight = endpoints.reduce(0) { $0 + $1.limits.maxInFlight }
            chosenPrices = Self.prices(chosenPrices, with: endpoints)
            entries.append(("endpoints", describe(endpoints), source))
        } else {
            let endpoint: EndpointConfiguration
            do {
                endpoint = try EndpointConfiguration.resolve(
                    baseURL: baseURL.value, apiKey: nil, model: model.value, api: api.value, extraHeaders: headers.value, environment: [:])
            } catch {
                let source = model.value == nil ? model.source : baseURL.source
                throw SettingsError(place: places[source] ?? "the defaults", key: model.value == nil ? "model" : "base_url", problem: error.description)
            }
            var configured = endpoint
            configured.apiKey = apiKey
            configured.timeouts = timeouts
            withKey = configured
            if let index = entries.firstIndex(where: { $0.name == "model" }), model.value == nil {
                entries[index].value = endpoint.model
            }
            entries.append(("endpoints", "none (one endpoint: base_url)", .default))
        }

        var chosenRecipe = recipe.value.recipe(normalization: normalize.value)
        chosenRecipe.similarityThreshold = threshold.value
        chosenRecipe.classificationTasksOnly = classificationSeedsOnly.value
        return ResolvedSettings(
            endpoint: withKey, endpoints: named, rateLimits: limits,
            prices: PriceTable(chosenPrices), recipe: chosenRecipe,
            mode: mode.value == .auto ? .auto : .supervised(maxPending: maxPending.value),
            promptsPerRound: promptsPerRound.value, seed: seed.value, templates: templates.value,
            budget: Budget(maxCost: maxCost.value, maxTokens: maxTokensTotal.value,
                           maxCostPerRun: maxCostPerRun.value, maxTokensPerRun: maxTokensPerRun.value),
            rejectReasons: rejectReasons.value,
            defectCheck: DefectCheck(cannotDoKeywords: cannotDoKeywords.value),
            theme: theme.value,
            entries: entries,
            files: [(.pool, poolFile.path, FileManager.default.fileExists(atPath: poolFile.path)),
                    (.user, userFile.path, FileManager.default.fileExists(atPath: userFile.path))])
    }

    private static func seconds(_ duration: Duration) -> Double {
        Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
    }

    static func duration(_ seconds: Double) -> Duration {
        .milliseconds(Int64((seconds * 1000).rounded()))
    }

    /// "120 s", "0.5 s".
    private static func showSeconds(_ seconds: Double) -> String {
        (seconds == seconds.rounded() ? String(Int(seconds)) : String(seconds)) + " s"
    }

    /// The settings as aligned text, one per line with its source, then the files read.
    public var report: String {
        let width = entries.map(\.name.count).max() ?? 0
        var lines = entries.map { entry in
            entry.name.padding(toLength: width, withPad: " ", startingAt: 0) + "  " + entry.value + "  (\(entry.source.rawValue))"
        }
        lines.append("")
        for file in files {
            lines.append("\(file.source.rawValue) config: \(file.path)" + (file.exists ? "" : " (not found)"))
        }
        return lines.joined(separator: "\n") + "\n"
    }
}
