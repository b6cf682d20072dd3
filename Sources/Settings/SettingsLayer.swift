import Engine
import LLM

/// Which upstream pipeline a run follows.
public enum RecipeChoice: String, Sendable, Hashable, CaseIterable {
    /// The paper's (reference §1).
    case selfInstruct = "self-instruct"
    /// Stanford Alpaca's (reference §2).
    case alpaca

    /// The recipe with its upstream defaults, its instructions cased as `normalization` says.
    public func recipe(normalization: InstructionNormalization = .firstLetter) -> Recipe {
        self == .alpaca ? .alpaca(normalization: normalization) : .selfInstruct(normalization: normalization)
    }
}

/// How a generation run decides about candidates that pass the filters.
public enum ModeChoice: String, Sendable, Hashable, CaseIterable {
    /// The filters decide.
    case auto
    /// Passing candidates wait as pending for a person.
    case supervised
}

/// Where the API key comes from: the key itself, or the name of an environment variable
/// holding it (so the config file need not contain the secret).
public enum APIKeySetting: Sendable {
    /// The key.
    case key(APIKey)
    /// The name of the environment variable to read it from.
    case environmentVariable(String)
}

/// The settings one source gives (a config file, the flags, the environment); nil where it
/// says nothing, so the next source down decides.
public struct SettingsLayer: Sendable {
    /// OpenAI-compatible base URL (`[endpoint] base_url`).
    public var baseURL: String?
    /// Model name (`[endpoint] model`).
    public var model: String?
    /// Completions or chat (`[endpoint] api`).
    public var api: EndpointConfiguration.API?
    /// The key, or where to read it (`[endpoint] api_key` / `api_key_env`).
    public var apiKey: APIKeySetting?
    /// Several endpoints to spread requests over (`[[endpoints]]`, `--endpoint`), instead of
    /// the one of `baseURL`.
    public var endpoints: [EndpointEntry]?
    /// Extra request headers (`[endpoint.headers]`).
    public var headers: [String: String]?
    /// Requests on the wire at once (`[endpoint] max_in_flight`).
    public var maxInFlight: Int?
    /// Requests per minute (`[endpoint] requests_per_minute`).
    public var requestsPerMinute: Int?
    /// Estimated tokens per minute (`[endpoint] tokens_per_minute`).
    public var tokensPerMinute: Int?
    /// Seconds to wait for the connection (`[endpoint] timeout = { connect = N }`).
    public var connectTimeout: Double?
    /// Seconds to wait for an answer's first byte (`[endpoint] timeout = N` or `{ first_byte = N }`).
    public var firstByteTimeout: Double?
    /// Seconds to wait for the next piece of an answer (`[endpoint] timeout = N` or `{ idle = N }`).
    public var idleTimeout: Double?
    /// Prices per model, per million tokens (`[prices]`).
    public var prices: [String: TokenPrice]?
    /// The recipe (`[generation] recipe`).
    public var recipe: RecipeChoice?
    /// How instructions are cased (`[generation] normalize`).
    public var normalize: InstructionNormalization?
    /// Auto or supervised (`[generation] mode`).
    public var mode: ModeChoice?
    /// Prompts per round (`[generation] prompts_per_round`).
    public var promptsPerRound: Int?
    /// Supervised: pause once this many are pending (`[generation] max_pending`).
    public var maxPending: Int?
    /// ROUGE-L F above which a candidate is refused (`[generation] threshold`).
    public var threshold: Double?
    /// A folder of template files, as an absolute path or relative to the current folder
    /// (`[generation] templates`, relative to the config file).
    public var templates: String?
    /// The random seed (`[generation] seed`).
    public var seed: UInt64?
    /// Only classification seeds as demonstrations and comparisons, asking for classification
    /// tasks (`[generation] classification_seeds_only`; upstream `--use_clf_seed_tasks_only`).
    public var classificationSeedsOnly: Bool?
    /// The most the pool may cost over all runs (`[budget] max_cost`).
    public var maxCost: Double?
    /// The most tokens the pool may use over all runs (`[budget] max_tokens_total`).
    public var maxTokensTotal: Int?
    /// The most one run may cost (`[budget] max_cost_per_run`).
    public var maxCostPerRun: Double?
    /// The most tokens one run may use (`[budget] max_tokens_per_run`).
    public var maxTokensPerRun: Int?
    /// The workbench's colour theme (`[workbench] theme`).
    public var theme: String?

    /// The reasons a person may give for a rejection, numbered in order (`[review] reject_reasons`).
    public var rejectReasons: [String]?

    /// The words that flag an instruction a text model cannot carry out
    /// (`[quality] cannot_do_keywords`); they replace the defaults.
    public var cannotDoKeywords: [String]?

    /// A layer that says nothing; set the fields a source gives.
    public init() {}

    /// The `OPENAI_BASE_URL`, `OPENAI_API_KEY` and `OPENAI_MODEL` variables.
    public static func environment(_ environment: [String: String]) -> SettingsLayer {
        var layer = SettingsLayer()
        layer.baseURL = environment["OPENAI_BASE_URL"].flatMap { $0.isEmpty ? nil : $0 }
        layer.model = environment["OPENAI_MODEL"].flatMap { $0.isEmpty ? nil : $0 }
        layer.apiKey = environment["OPENAI_API_KEY"].flatMap(APIKey.init).map { .key($0) }
        return layer
    }
}
