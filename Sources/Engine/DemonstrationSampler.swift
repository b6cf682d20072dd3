/// A task shown to the model as an example in an instruction-generation prompt.
public struct Demonstration: Sendable, Hashable {
    /// Where a demonstration comes from.
    public enum Origin: String, Sendable, Hashable, Codable {
        /// A human-written seed task.
        case seed
        /// An instruction the model generated earlier and the pool accepted.
        case machine
    }

    /// The pool record id (e.g. `seed_task_1`), kept as provenance of the prompt.
    public var id: String
    /// The instruction as stored; the prompt builder normalises it.
    public var instruction: String
    /// The first instance's input ("" when none); only Alpaca prompts show it.
    public var input: String
    /// The first instance's output; only Alpaca prompts show it.
    public var output: String
    /// Whether the task is a classification task (for the classification-only variant).
    public var isClassification: Bool
    /// Seed or machine-generated.
    public var origin: Origin

    /// A demonstration from its parts.
    public init(
        id: String, instruction: String, input: String = "", output: String = "",
        isClassification: Bool = false, origin: Origin
    ) {
        self.id = id
        self.instruction = instruction
        self.input = input
        self.output = output
        self.isClassification = isClassification
        self.origin = origin
    }
}

/// Picks the demonstrations of one prompt as upstream does (reference §1.2): up to
/// `maxMachineDemonstrations` from the machine pool, then seeds up to `demonstrations`, both
/// without replacement, then the whole list shuffled so the two kinds are mixed.
///
/// So a Self-Instruct prompt shows 8 seeds in the first round, 7 + 1 while the machine pool
/// holds one instruction, and 6 + 2 after that. Alpaca never takes machine demonstrations.
public struct DemonstrationSampler: Sendable {
    /// The recipe whose counts and seed restriction apply.
    public var recipe: Recipe

    /// A sampler for `recipe`.
    public init(recipe: Recipe) {
        self.recipe = recipe
    }

    /// The demonstrations for one prompt, in prompt order.
    ///
    /// With `classificationTasksOnly` only classification seeds are eligible. If there are
    /// fewer seeds than needed the prompt simply shows fewer (upstream would crash).
    public func sample(
        seeds: [Demonstration], machine: [Demonstration], using generator: inout SeededGenerator
    ) -> [Demonstration] {
        sample(seeds: seeds, machineCount: machine.count, using: &generator) { positions in positions.map { machine[$0] } }
    }

    /// The same draws, for a machine pool too large to list for every prompt: it holds
    /// `machineCount` instructions, and `machineAt` returns those at the given positions, in
    /// the order given.
    public func sample(
        seeds: [Demonstration], machineCount: Int, using generator: inout SeededGenerator,
        machineAt: (_ positions: [Int]) -> [Demonstration]
    ) -> [Demonstration] {
        let eligibleSeeds = recipe.classificationTasksOnly ? seeds.filter(\.isClassification) : seeds
        let machineTaken = min(recipe.maxMachineDemonstrations, machineCount, recipe.demonstrations)
        var chosen = machineAt(generator.sampleIndices(machineTaken, from: machineCount))
        let seedCount = recipe.demonstrations - chosen.count
        chosen += generator.sampleIndices(seedCount, from: eligibleSeeds.count).map { eligibleSeeds[$0] }
        generator.shuffle(&chosen)
        return chosen
    }
}
