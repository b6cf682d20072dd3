/// The sampling parameters shared by the completions and chat APIs. Nil means "the
/// server's default" and is left out of the request body.
public struct SamplingParameters: Sendable, Hashable {
    /// Most tokens to generate; shrunk by the retry policy when the context overflows.
    public var maxTokens: Int?
    /// Sampling temperature.
    public var temperature: Double?
    /// Nucleus sampling mass.
    public var topP: Double?
    /// Up to four strings that end generation.
    public var stop: [String]?
    /// Penalty for tokens already present.
    public var presencePenalty: Double?
    /// Penalty proportional to how often a token appeared.
    public var frequencyPenalty: Double?
    /// Token id (as a string) → bias from -100 to 100.
    public var logitBias: [String: Double]?
    /// Seed for reproducible sampling, where the server supports it. When `n` fans out
    /// into separate requests, request i gets seed + i so they do not all agree.
    public var seed: Int?
    /// How many choices to generate. Sent as separate requests, because llama.cpp's
    /// server ignores `n`; the choices come back together in one `Completion`.
    public var n: Int
    /// Log-probabilities of the top tokens (completions: `logprobs: k`; chat:
    /// `logprobs: true, top_logprobs: k`). The client requests them but does not decode them.
    public var logprobs: Int?

    /// Parameters; every one optional except `n` (1).
    public init(
        maxTokens: Int? = nil, temperature: Double? = nil, topP: Double? = nil,
        stop: [String]? = nil, presencePenalty: Double? = nil, frequencyPenalty: Double? = nil,
        logitBias: [String: Double]? = nil, seed: Int? = nil, n: Int = 1, logprobs: Int? = nil
    ) {
        self.maxTokens = maxTokens
        self.temperature = temperature
        self.topP = topP
        self.stop = stop
        self.presencePenalty = presencePenalty
        self.frequencyPenalty = frequencyPenalty
        self.logitBias = logitBias
        self.seed = seed
        self.n = n
        self.logprobs = logprobs
    }
}

/// A request to POST /completions: continue `prompt`.
public struct CompletionRequest: Sendable, Equatable {
    /// The model; nil uses the endpoint's.
    public var model: String?
    /// The text to continue. One prompt per request: lists are fanned out by
    /// `LLMClient.complete(prompts:using:)`, since llama.cpp's server rejects them.
    public var prompt: String
    /// Sampling parameters.
    public var parameters: SamplingParameters

    /// A completion request.
    public init(prompt: String, model: String? = nil, parameters: SamplingParameters = SamplingParameters()) {
        self.prompt = prompt
        self.model = model
        self.parameters = parameters
    }
}
