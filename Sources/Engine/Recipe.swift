import LLM

/// How instructions are generated: the demonstrations per prompt, the decoding settings, how a
/// completion is parsed and which keywords are refused. The two upstream pipelines are two
/// values of this type, not two code paths (reference §1.2 and §2).
public struct Recipe: Sendable, Hashable {
    /// What a prompt shows and what the model writes back.
    public enum Format: Sendable, Hashable {
        /// Self-Instruct: a numbered list of bare instructions that the model continues.
        case instructionList
        /// Alpaca: `###`-separated items, each an instruction, an input and an output.
        case instructionInputOutput
    }

    /// What to do with a completion that stopped at `max_tokens` (`finish_reason == "length"`).
    public enum LengthCutoff: Sendable, Hashable {
        /// Self-Instruct throws the whole completion away.
        case dropCompletion
        /// Alpaca drops only the last, probably truncated, item.
        case dropLastItem
    }

    /// A short stable name for the pool and the command line: "self-instruct" or "alpaca".
    public var name: String
    /// The prompt and completion layout.
    public var format: Format
    /// How many demonstrations a prompt lists (8 in Self-Instruct, 3 in Alpaca).
    public var demonstrations: Int
    /// The most of those taken from the machine-generated pool (2, or 0 for Alpaca); seeds
    /// fill the rest, so the first round shows only seeds.
    public var maxMachineDemonstrations: Int
    /// Self-Instruct's `--use_clf_seed_tasks_only`: only classification seeds are sampled and
    /// the prompt header asks for classification tasks.
    public var classificationTasksOnly: Bool
    /// The number of tasks the Alpaca prompt asks for (its `{{count}}`); unused by lists.
    public var requestedTasks: Int
    /// Decoding settings for instruction generation. `n`, `best_of` and `logprobs` are left
    /// at their defaults: upstream always used one choice and never read the log-probabilities.
    public var sampling: SamplingParameters
    /// Handling of a completion cut off by length.
    public var lengthCutoff: LengthCutoff
    /// How each instruction is cased: by default its first letter is upper-cased; with the
    /// `upstream` normalisation Self-Instruct applies Python's `str.capitalize()`, which
    /// lower-cases the rest ("Translate into French" → "Translate into french").
    public var casing: InstructionCasing
    /// Collapses whitespace runs inside a generated instruction (Self-Instruct); Alpaca only
    /// strips the ends.
    public var collapsesWhitespace: Bool
    /// Refused words, matched whole and in any case; the first match in this order is reported.
    public var keywords: [String]
    /// Allowed word counts (`len(s.split())`): 4…150 upstream, i.e. ≤ 3 or > 150 is refused.
    public var wordCount: ClosedRange<Int>
    /// A candidate whose ROUGE-L F against any pool instruction is **greater** than this is
    /// refused; exactly 0.7 passes.
    public var similarityThreshold: Double

    /// The number the model's first item carries: one past the demonstrations.
    public var firstGeneratedNumber: Int { demonstrations + 1 }

    /// The 13 keywords both upstreams refuse.
    public static let selfInstructKeywords = [
        "image", "images", "graph", "graphs", "picture", "pictures", "file", "files",
        "map", "maps", "draw", "plot", "go to",
    ]

    /// Alpaca's 18: the 13 plus five about media.
    public static let alpacaKeywords = selfInstructKeywords + ["video", "audio", "music", "flowchart", "diagram"]

    /// The paper's recipe (reference §1.2): 8 demonstrations (6 seed + 2 machine), the list
    /// continues at 9, and the stop strings end it before item 16, so at most 7 new items.
    ///
    /// The stop strings stay at 16 whatever `demonstrations` is, as upstream hard-codes them.
    public static func selfInstruct(
        demonstrations: Int = 8, maxMachineDemonstrations: Int = 2, classificationTasksOnly: Bool = false,
        normalization: InstructionNormalization = .firstLetter
    ) -> Recipe {
        Recipe(
            name: "self-instruct",
            format: .instructionList,
            demonstrations: demonstrations,
            maxMachineDemonstrations: maxMachineDemonstrations,
            classificationTasksOnly: classificationTasksOnly,
            requestedTasks: 0,
            sampling: SamplingParameters(
                maxTokens: 1024, temperature: 0.7, topP: 0.5,
                stop: ["\n\n", "\n16", "16.", "16 ."],
                presencePenalty: 2, frequencyPenalty: 0
            ),
            lengthCutoff: .dropCompletion,
            casing: normalization == .upstream ? .pythonCapitalize : .firstLetter,
            collapsesWhitespace: true,
            keywords: selfInstructKeywords,
            wordCount: 4...150,
            similarityThreshold: 0.7
        )
    }

    /// Stanford Alpaca's recipe (reference §2): 3 seed demonstrations with input and output,
    /// a request for 20 tasks continuing at 4, temperature and top-p 1, no penalties.
    ///
    /// The stop list repeats `"<tasks>."` because upstream's does; it changes nothing.
    /// Upstream's `logit_bias {"50256": -100}` is left out: that id is `<|endoftext|>` only in
    /// the GPT-2/GPT-3 vocabulary and would suppress an arbitrary token on any other model.
    public static func alpaca(
        demonstrations: Int = 3, requestedTasks: Int = 20, normalization: InstructionNormalization = .firstLetter
    ) -> Recipe {
        Recipe(
            name: "alpaca",
            format: .instructionInputOutput,
            demonstrations: demonstrations,
            maxMachineDemonstrations: 0,
            classificationTasksOnly: false,
            requestedTasks: requestedTasks,
            sampling: SamplingParameters(
                maxTokens: 3072, temperature: 1, topP: 1,
                stop: ["\n\(requestedTasks)", "\(requestedTasks).", "\(requestedTasks)."],
                presencePenalty: 0, frequencyPenalty: 0
            ),
            lengthCutoff: .dropLastItem,
            casing: normalization == .upstream ? .unchanged : .firstLetter,
            collapsesWhitespace: false,
            keywords: alpacaKeywords,
            wordCount: 4...150,
            similarityThreshold: 0.7
        )
    }
}
