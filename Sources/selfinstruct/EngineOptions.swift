import ArgumentParser
import BundledSeeds
import Engine
import Foundation
import LLM
import Settings

extension EndpointConfiguration.API: ExpressibleByArgument {}

/// The model endpoint flags every command that calls the model takes. Each one left out
/// falls back to the environment, the pool's config file, the user's, then the default.
struct EndpointOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("OpenAI-compatible base URL (else OPENAI_BASE_URL, the config files, the local model).", valueName: "url"))
    var baseURL: String?

    @Option(name: .long, help: ArgumentHelp("API key (else OPENAI_API_KEY or the config files). Never written to the pool or the log.", valueName: "key"))
    var apiKey: String?

    @Option(name: .long, help: ArgumentHelp("Model name (else OPENAI_MODEL or the config files; the local model's by default).", valueName: "name"))
    var model: String?

    @Option(name: .long, help: "completions (base models, the paper's setting; the default) or chat.")
    var api: EndpointConfiguration.API?

    @Option(name: .long, help: ArgumentHelp("Requests on the wire at once (8 by default).", valueName: "n"))
    var maxInFlight: Int?

    @Option(name: .long, help: ArgumentHelp("Cap every request's max_tokens (for short test runs on a slow model).", valueName: "n"))
    var maxTokens: Int?

    @Option(name: .long, help: ArgumentHelp("Seconds to wait for an answer's first byte and between its pieces (120 and 60 by default; else timeout in [endpoint]).", valueName: "seconds"))
    var timeout: Double?

    @Option(name: .customLong("endpoint"), help: ArgumentHelp("One of several endpoints to spread requests over, by name (repeat it; instead of --base-url, --model and --api; the key is --api-key or OPENAI_API_KEY; else [[endpoints]] in the config).", valueName: "name=url[,model][,api]"))
    var endpoints: [String] = []

    @Flag(name: .long, help: "Wait for whole answers instead of streaming tokens.")
    var noStream = false

    func validate() throws {
        if let maxInFlight, maxInFlight < 1 { throw ValidationError("--max-in-flight must be at least 1, not \(maxInFlight)") }
        if let maxTokens, maxTokens < 1 { throw ValidationError("--max-tokens must be at least 1, not \(maxTokens)") }
        if !endpoints.isEmpty, let single = [("--base-url", baseURL), ("--model", model), ("--api", api?.rawValue)].first(where: { $0.1 != nil }) {
            throw ValidationError("--endpoint names each endpoint's URL, model and api; drop \(single.0), or drop --endpoint for one endpoint")
        }
        for value in endpoints {
            do {
                _ = try EndpointEntry(flag: value)
            } catch {
                throw ValidationError(error.description)
            }
        }
        if let timeout, !(timeout > 0 && timeout <= 86_400) {
            throw ValidationError("--timeout must be seconds above 0 and at most 86400, not \(timeout)")
        }
    }

    /// The flags a person may keep for the pool (`pool.toml`): never the API key, and not
    /// `--max-tokens`, `--no-stream` or `--endpoint` (write `[[endpoints]]` tables for those).
    var rememberable: [RememberedSetting] {
        var settings: [RememberedSetting] = []
        if let baseURL { settings.append(.baseURL(baseURL)) }
        if let model { settings.append(.model(model)) }
        if let api { settings.append(.api(api)) }
        if let maxInFlight { settings.append(.maxInFlight(maxInFlight)) }
        if let timeout { settings.append(.timeout(timeout)) }
        return settings
    }

    /// What these flags say, for `ResolvedSettings`.
    func apply(to layer: inout SettingsLayer) {
        layer.baseURL = baseURL
        layer.apiKey = apiKey.flatMap(APIKey.init).map { .key($0) }
        layer.model = model
        layer.api = api
        layer.maxInFlight = maxInFlight
        // Checked in validate().
        layer.endpoints = endpoints.isEmpty ? nil : endpoints.compactMap { try? EndpointEntry(flag: $0) }
        layer.firstByteTimeout = timeout
        layer.idleTimeout = timeout
    }
}

/// The command whose settings are resolved: the mode's default differs between them, and
/// `config` reports either's (the workbench's by default, as `selfinstruct` alone is `tui`).
enum SettingsConsumer: String, ExpressibleByArgument, CaseIterable {
    /// The workbench: supervised unless set, since a person is there to review.
    case tui
    /// Headless generation: auto unless set, since nobody reviews as it runs.
    case generate

    /// The mode when no flag or config file sets one.
    var defaultMode: ModeChoice { self == .tui ? .supervised : .auto }
}

/// The settings in force for a command: its flags over the environment, the pool's config
/// file, the user's, and the defaults.
enum CommandSettings {
    static func resolve(_ pool: PoolOptions, defaultMode: ModeChoice = .auto, _ apply: (inout SettingsLayer) -> Void) throws -> ResolvedSettings {
        var flags = SettingsLayer()
        apply(&flags)
        do {
            return try ResolvedSettings.resolve(pool: pool.url, flags: flags, defaultMode: defaultMode)
        } catch {
            throw ValidationError(error.description)
        }
    }

    /// Starts the local model when it is the endpoint (no other configured) and nothing answers.
    static func ensureEndpoint(_ settings: ResolvedSettings) async throws {
        if settings.usesDefaultEndpoint { try await LocalModel.ensureRunning() }
    }
}

/// The flags that decide how the engine asks and judges, shared by generate and the stages.
struct GenerationOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("Random seed: the same seed and model answers give the same pool (42 by default).", valueName: "s"))
    var seed: UInt64?

    @Option(name: .long, help: ArgumentHelp("A folder of template files overriding the built-in wording.", valueName: "dir"))
    var templates: String?

    @Option(name: .long, help: ArgumentHelp("Seed tasks (seed_tasks.jsonl format) for a new pool; the bundled ones by default.", valueName: "file"))
    var seeds: String?

    /// What these flags say, for `ResolvedSettings`.
    func apply(to layer: inout SettingsLayer) {
        layer.seed = seed
        layer.templates = templates
    }

    /// The templates in `folder` over the built-in ones; the built-in ones for nil.
    static func promptTemplates(_ folder: String?) throws -> PromptTemplates {
        guard let templates = folder else { return .builtIn }
        do {
            return try PromptTemplates.loading(overridesIn: URL(fileURLWithPath: templates))
        } catch {
            throw ValidationError(error.description)
        }
    }

    func seedTasks() throws -> String {
        guard let seeds else { return BundledSeeds.jsonLines }
        do {
            return try String(contentsOfFile: seeds, encoding: .utf8)
        } catch {
            throw ValidationError("cannot read the seed tasks \(seeds): \(error.localizedDescription); pass a readable seed_tasks.jsonl file")
        }
    }
}

/// The spending limits a run takes from the command line, over `[budget]` in the config.
/// Costs are priced with `[prices]`; a request is sent only if it cannot pass a limit.
struct BudgetOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("The most the pool may cost over all its runs, in the [prices] currency (else max_cost in [budget]).", valueName: "amount"))
    var maxCost: Double?

    @Option(name: .long, help: ArgumentHelp("The most tokens the pool may use over all its runs (else max_tokens_total in [budget]).", valueName: "n"))
    var maxTokensTotal: Int?

    @Option(name: .long, help: ArgumentHelp("The most this run may cost (else max_cost_per_run in [budget]).", valueName: "amount"))
    var maxCostPerRun: Double?

    @Option(name: .long, help: ArgumentHelp("The most tokens this run may use (else max_tokens_per_run in [budget]).", valueName: "n"))
    var maxTokensPerRun: Int?

    func validate() throws {
        for (flag, value) in [("--max-cost", maxCost), ("--max-cost-per-run", maxCostPerRun)] {
            if let value, !(value >= 0) { throw ValidationError("\(flag) must be an amount of at least 0, not \(value)") }
        }
        for (flag, value) in [("--max-tokens-total", maxTokensTotal), ("--max-tokens-per-run", maxTokensPerRun)] {
            if let value, value < 1 { throw ValidationError("\(flag) must be at least 1, not \(value)") }
        }
    }

    /// What these flags say, for `ResolvedSettings`.
    func apply(to layer: inout SettingsLayer) {
        layer.maxCost = maxCost
        layer.maxTokensTotal = maxTokensTotal
        layer.maxCostPerRun = maxCostPerRun
        layer.maxTokensPerRun = maxTokensPerRun
    }
}
