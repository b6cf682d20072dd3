import LLM

/// An instruction-generation prompt, with what the parser and the pool need to know about it.
public struct InstructionPrompt: Sendable, Hashable {
    /// What is sent to the model.
    public var prompt: Prompt
    /// The ids of the demonstrations, in prompt order (provenance).
    public var demonstrationIDs: [String]
    /// The number of the first item the model writes: demonstrations + 1 (9 for 8 demos).
    public var firstNumber: Int
}

/// Assembles instruction-generation prompts exactly as upstream lays them out, around our own
/// header wording.
public struct InstructionPromptBuilder: Sendable {
    /// The recipe deciding the layout and header.
    public var recipe: Recipe
    /// The template texts.
    public var templates: PromptTemplates
    /// Completion text or chat messages.
    public var api: EndpointConfiguration.API

    /// A builder for `recipe` with `templates`, producing prompts for `api`.
    public init(recipe: Recipe, templates: PromptTemplates = .builtIn, api: EndpointConfiguration.API = .completions) {
        self.recipe = recipe
        self.templates = templates
        self.api = api
    }

    /// The prompt showing `demonstrations` in the given order.
    ///
    /// Self-Instruct (reference §1.2): the header line, then `"{i}. {instruction}\n"` for each
    /// demonstration, then the next number and a period with nothing after it (`"9."`).
    /// Alpaca (reference §2): the requirements, then per demonstration a `###` line and its
    /// numbered instruction, input (`<noinput>` when empty) and output, then
    /// `"###\n{n}. Instruction:"`.
    public func build(_ demonstrations: [Demonstration]) -> InstructionPrompt {
        let next = demonstrations.count + 1
        var text: String
        let system: String
        switch recipe.format {
        case .instructionList:
            let header = recipe.classificationTasksOnly ? TemplateFile.classificationInstructionHeader : .instructionHeader
            text = templates.text(header) + "\n"
            for (i, demo) in demonstrations.enumerated() {
                text += "\(i + 1). \(Self.normalise(demo.instruction))\n"
            }
            text += "\(next)."
            system = templates.text(.chatSystemInstructions)
        case .instructionInputOutput:
            text = templates.text(.alpacaRequirements)
                .replacing("{{count}}", with: "\(recipe.requestedTasks)") + "\n"
            for (i, demo) in demonstrations.enumerated() {
                let input = demo.input.isEmpty ? "<noinput>" : demo.input
                text += "###\n"
                text += "\(i + 1). Instruction: \(Self.normalise(demo.instruction))\n"
                text += "\(i + 1). Input:\n\(input)\n"
                text += "\(i + 1). Output:\n\(demo.output)\n"
            }
            text += "###\n\(next). Instruction:"
            system = templates.text(.chatSystemAlpaca)
        }
        return InstructionPrompt(
            prompt: Prompt(api: api, system: system, text: text),
            demonstrationIDs: demonstrations.map(\.id),
            firstNumber: next
        )
    }

    /// `re.sub(r"\s+", " ", s).strip().rstrip(":")`: whitespace runs become one space, the
    /// ends are stripped, then trailing colons go. The strip comes first, so `"Do this :"`
    /// keeps its space (`"Do this "`), as upstream's does.
    static func normalise(_ instruction: String) -> String {
        Python.stripTrailingColons(Python.strip(Python.collapseWhitespace(instruction)))
    }
}
