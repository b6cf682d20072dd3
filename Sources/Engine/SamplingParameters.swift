/// The decoding settings of one request, as plain values; the LLM client maps them onto the
/// OpenAI-compatible request body (`max_tokens`, `temperature`, `top_p`, penalties, `stop`).
///
/// `n`, `best_of` and `logprobs` are left out: upstream always used `n = 1`, `best_of = 1`,
/// and never read the log-probabilities it asked for.
public struct SamplingParameters: Sendable, Hashable, Codable {
    /// The most tokens the completion may hold.
    public var maxTokens: Int
    /// The sampling temperature; 0 is greedy.
    public var temperature: Double
    /// Nucleus sampling mass.
    public var topP: Double
    /// Penalty for tokens already present in the text.
    public var presencePenalty: Double
    /// Penalty growing with how often a token already occurred.
    public var frequencyPenalty: Double
    /// Strings that end the completion (not included in it).
    public var stop: [String]

    /// Parameters as given; penalties default to 0 as in the OpenAI API.
    public init(
        maxTokens: Int, temperature: Double, topP: Double,
        presencePenalty: Double = 0, frequencyPenalty: Double = 0, stop: [String]
    ) {
        self.maxTokens = maxTokens
        self.temperature = temperature
        self.topP = topP
        self.presencePenalty = presencePenalty
        self.frequencyPenalty = frequencyPenalty
        self.stop = stop
    }
}
