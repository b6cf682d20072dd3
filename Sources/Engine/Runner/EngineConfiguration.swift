import Foundation
import LLM

/// Who decides about candidates that pass the filters.
public enum GenerationMode: Sendable, Hashable {
    /// The filters decide, as the upstream scripts do: passing candidates are accepted.
    case auto
    /// Passing candidates wait as pending for a person. Rounds keep generating until
    /// `maxPending` candidates are pending, then wait until a person has decided some.
    case supervised(maxPending: Int)
}

/// When an instruction run ends.
public enum RunGoal: Sendable, Hashable {
    /// After this many rounds.
    case rounds(Int)
    /// Once the pool holds this many machine-generated instructions (accepted, plus pending
    /// in supervised mode), as upstream's `--num_instructions_to_generate`.
    case target(Int)
    /// Until `stop()` (the workbench's mode).
    case untilStopped
}

/// Everything that decides what the engine asks and how it judges the answers. The
/// endpoint (and with it the API: completions or chat) is the client's.
public struct EngineConfiguration: Sendable {
    /// The method: prompt layout, decoding settings, parsing and filters.
    public var recipe: Recipe
    /// Auto or supervised.
    public var mode: GenerationMode
    /// Instruction prompts per round (upstream's `--request_batch_size`, 5). Each is its own
    /// request; the client's in-flight limit decides how many run at once.
    public var promptsPerRound: Int
    /// Fixes every random choice (demonstrations, instance sampling): with the same seed and
    /// the same model answers, two runs write the same pool.
    public var seed: UInt64
    /// The prompt wording.
    public var templates: PromptTemplates
    /// Stream completions token by token (reported as `tokensStreamed` events).
    public var streamTokens: Bool
    /// Caps `max_tokens` of every request below the recipe's and stages' values, for short
    /// test runs on a slow model; nil keeps them.
    public var maxTokensCap: Int?
    /// Neighbours kept per candidate (`most_similar`), 10 upstream.
    public var neighbourCount: Int
    /// Instances kept per task, 5 upstream.
    public var maxInstances: Int
    /// Classification or instance requests started together in one batch of a stage.
    public var stageBatchSize: Int
    /// Rounds (or stage batches) in a row whose every request failed after which the run
    /// stops with `HaltReason.everyRequestFailed`, rather than asking a dead endpoint for ever.
    public var haltAfterFailedRounds: Int
    /// What the pool and each run may spend; no limit by default.
    public var budget: Budget
    /// The wall clock for record timestamps; tests inject a fixed one.
    public var now: @Sendable () -> Date
    /// Send each round's (and stage batch's) requests through the Batch API; nil sends them live.
    public var batch: BatchMode? = nil

    /// A configuration; the defaults are upstream's.
    public init(
        recipe: Recipe = .selfInstruct(),
        mode: GenerationMode = .auto,
        promptsPerRound: Int = 5,
        seed: UInt64 = 42,
        templates: PromptTemplates = .builtIn,
        streamTokens: Bool = true,
        maxTokensCap: Int? = nil,
        neighbourCount: Int = 10,
        maxInstances: Int = 5,
        stageBatchSize: Int = 32,
        haltAfterFailedRounds: Int = 3,
        budget: Budget = Budget(),
        now: @escaping @Sendable () -> Date = { Date() }
    ) {
        self.recipe = recipe
        self.mode = mode
        self.promptsPerRound = max(1, promptsPerRound)
        self.seed = seed
        self.templates = templates
        self.streamTokens = streamTokens
        self.maxTokensCap = maxTokensCap
        self.neighbourCount = max(1, neighbourCount)
        self.maxInstances = max(1, maxInstances)
        self.stageBatchSize = max(1, stageBatchSize)
        self.haltAfterFailedRounds = max(1, haltAfterFailedRounds)
        self.budget = budget
        self.now = now
    }

    /// `parameters` with `max_tokens` lowered to the cap, if one is set.
    func capped(_ parameters: SamplingParameters) -> SamplingParameters {
        guard let cap = maxTokensCap else { return parameters }
        var capped = parameters
        capped.maxTokens = min(parameters.maxTokens ?? cap, cap)
        return capped
    }
}
