import LLM

/// Stage 2 (reference §1.3): asking the model whether an instruction is a classification task.
public enum ClassificationPrompt {
    /// The question line the few-shot examples use and the prompt ends with.
    static let question = "Is it classification?"

    /// `template + " " + instruction.strip() + "\n" + "Is it classification?"`, where the
    /// template ends with a bare `Task:`.
    public static func prompt(
        for instruction: String, templates: PromptTemplates = .builtIn, api: EndpointConfiguration.API = .completions
    ) -> Prompt {
        let text = templates.text(.classificationIdentification) + " " + Python.strip(instruction) + "\n" + question
        return Prompt(api: api, system: templates.text(.chatSystemClassification), text: text)
    }

    /// Greedy and short: 3 tokens, temperature 0, top-p 0, stopping at a line break or at
    /// `Task` (the model starting the next example).
    public static let sampling = SamplingParameters(
        maxTokens: 3, temperature: 0, topP: 0, stop: ["\n", "Task"], presencePenalty: 0, frequencyPenalty: 0
    )

    /// Reads the model's answer.
    public static func answer(from completion: String) -> ClassificationAnswer {
        ClassificationAnswer(raw: completion)
    }
}

/// The model's answer to "Is it classification?".
public struct ClassificationAnswer: Sendable, Hashable, Codable {
    /// The completion exactly as returned (typically `" Yes"`), which upstream stores; `""`
    /// when the request failed.
    public var raw: String

    /// The answer as a raw completion text.
    public init(raw: String) {
        self.raw = raw
    }

    /// Upstream's reading: the stripped text is `Yes`, `yes` or `YES`. Anything else,
    /// `"Yes."` and `"Yes, it is"` included, means not classification.
    public var isClassification: Bool {
        ["Yes", "yes", "YES"].contains(Python.strip(raw))
    }
}
