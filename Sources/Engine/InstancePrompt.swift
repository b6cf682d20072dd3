import LLM

/// Stage 3 (reference §1.4): asking the model for input/output instances of an instruction.
public enum InstancePrompt {
    /// `template + " " + instruction.strip() + "\n"`: the output-first template (a class
    /// label, then an input that fits it) for classification tasks, the input-first template
    /// (`Example N` blocks ending in `Output:`) otherwise. Both templates end with `Task:`.
    public static func prompt(
        for instruction: String, isClassification: Bool,
        templates: PromptTemplates = .builtIn, api: EndpointConfiguration.API = .completions
    ) -> Prompt {
        let template = isClassification ? TemplateFile.instancesOutputFirst : .instancesInputFirst
        let text = templates.text(template) + " " + Python.strip(instruction) + "\n"
        return Prompt(api: api, system: templates.text(.chatSystemInstances), text: text)
    }

    /// Greedy decoding with presence penalty 1.5, stopping at `Example {maxInstances + 1}`
    /// or at the next `Task:`.
    ///
    /// `max_tokens` is 300 for a classification task and 350 otherwise, decided per request:
    /// upstream sent 5 tasks in one call and used 300 for the whole call if any of them was
    /// classification, but we send one task per request (servers such as llama.cpp refuse a
    /// list of prompts), so each task gets the value of its own kind.
    public static func sampling(isClassification: Bool, maxInstances: Int = 5) -> SamplingParameters {
        SamplingParameters(
            maxTokens: isClassification ? 300 : 350, temperature: 0, topP: 0,
            stop: ["Example \(maxInstances + 1)", "Task:"],
            presencePenalty: 1.5, frequencyPenalty: 0
        )
    }
}
