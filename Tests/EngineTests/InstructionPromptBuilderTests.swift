import Testing
@testable import Engine
import LLM

@Suite struct InstructionPromptBuilderTests {
    let header = PromptTemplates.builtIn.text(.instructionHeader)

    func demo(_ id: String, _ instruction: String, input: String = "", output: String = "", origin: Demonstration.Origin = .seed) -> Demonstration {
        Demonstration(id: id, instruction: instruction, input: input, output: output, origin: origin)
    }

    @Test func selfInstructPromptIsHeaderNumberedLinesAndNextNumberWithNothingAfter() {
        let builder = InstructionPromptBuilder(recipe: .selfInstruct())
        let built = builder.build([demo("a", "Give three tips."), demo("b", "Sort the list.", origin: .machine)])
        #expect(built.prompt == .completion(header + "\n1. Give three tips.\n2. Sort the list.\n3."))
        #expect(built.demonstrationIDs == ["a", "b"])
        #expect(built.firstNumber == 3)
    }

    @Test func demonstrationsAreNormalisedLikeUpstream() {
        #expect(InstructionPromptBuilder.normalise("  Answer\tthe\n\nquestion:: ") == "Answer the question")
        // Strip happens before the colons go, so a space before them survives, as upstream.
        #expect(InstructionPromptBuilder.normalise("List the steps :") == "List the steps ")
    }

    @Test func classificationOnlyRecipeUsesItsOwnHeader() {
        let builder = InstructionPromptBuilder(recipe: .selfInstruct(classificationTasksOnly: true))
        let text = builder.build([demo("a", "Is it spam?")]).prompt.text
        #expect(text == PromptTemplates.builtIn.text(.classificationInstructionHeader) + "\n1. Is it spam?\n2.")
    }

    @Test func alpacaPromptListsInstructionInputOutputBetweenHashLines() {
        let builder = InstructionPromptBuilder(recipe: .alpaca())
        let built = builder.build([
            demo("a", "Give three tips:", output: "Sleep."),
            demo("b", "Fix the  grammar.", input: "He go home.", output: "He goes home."),
        ])
        let requirements = PromptTemplates.builtIn.text(.alpacaRequirements).replacing("{{count}}", with: "20")
        #expect(built.prompt.text == requirements + "\n"
            + "###\n1. Instruction: Give three tips\n1. Input:\n<noinput>\n1. Output:\nSleep.\n"
            + "###\n2. Instruction: Fix the grammar.\n2. Input:\nHe go home.\n2. Output:\nHe goes home.\n"
            + "###\n3. Instruction:")
        #expect(requirements.contains("20 different task instructions"))
        #expect(!requirements.contains("{{count}}"))
    }

    @Test func chatPromptSendsTheSameTextAsTheUserMessage() {
        let demos = [demo("a", "Give three tips.")]
        let completion = InstructionPromptBuilder(recipe: .selfInstruct()).build(demos).prompt
        let chat = InstructionPromptBuilder(recipe: .selfInstruct(), api: .chat).build(demos).prompt
        #expect(chat == .chat([
            ChatMessage(.system, PromptTemplates.builtIn.text(.chatSystemInstructions)),
            ChatMessage(.user, completion.text),
        ]))
    }
}

@Suite struct PaperSeedPromptTests {
    let seeds: [Demonstration]
    let machine = [
        Demonstration(id: "machine-1", instruction: "Suggest a name for a new coffee shop.", origin: .machine),
        Demonstration(id: "machine-2", instruction: "Convert the recipe to metric units.", origin: .machine),
        Demonstration(id: "machine-3", instruction: "Find the verbs in the sentence.", origin: .machine),
    ]

    init() throws {
        seeds = try PaperSeeds.load()
    }

    func build(machine: [Demonstration]) -> InstructionPrompt {
        var generator = SeededGenerator(seed: 42, streams: 1, 0)
        let demos = DemonstrationSampler(recipe: .selfInstruct()).sample(seeds: seeds, machine: machine, using: &generator)
        return InstructionPromptBuilder(recipe: .selfInstruct()).build(demos)
    }

    @Test func paperSeedsLoad() {
        #expect(seeds.count == 175)
        #expect(seeds.filter(\.isClassification).count == 26)
    }

    @Test func firstRoundPromptHoldsEightPinnedSeedsAndEndsWithNine() {
        let built = build(machine: [])
        #expect(built.demonstrationIDs == Self.firstRound)
        let byID = Dictionary(uniqueKeysWithValues: seeds.map { ($0.id, $0) })
        var expected = PromptTemplates.builtIn.text(.instructionHeader) + "\n"
        for (i, id) in built.demonstrationIDs.enumerated() {
            expected += "\(i + 1). \(InstructionPromptBuilder.normalise(byID[id]!.instruction))\n"
        }
        #expect(built.prompt.text == expected + "9.")
        #expect(built.firstNumber == 9)
    }

    @Test func oneMachineInstructionGivesSevenSeedsPlusIt() {
        let ids = build(machine: Array(machine.prefix(1))).demonstrationIDs
        #expect(ids == Self.oneMachine)
        #expect(ids.filter { $0.hasPrefix("machine") }.count == 1)
    }

    @Test func laterRoundsGiveSixSeedsAndTwoMachine() {
        let ids = build(machine: machine).demonstrationIDs
        #expect(ids == Self.twoMachine)
        #expect(ids.filter { $0.hasPrefix("machine") }.count == 2)
    }

    @Test func everySeedNormalisesToASingleLine() {
        for seed in seeds {
            let line = InstructionPromptBuilder.normalise(seed.instruction)
            #expect(!line.contains("\n") && !line.hasSuffix(":") && !line.isEmpty)
        }
    }

    @Test func alpacaPromptOverPaperSeedsEndsWithTheFourthInstructionLabel() {
        var generator = SeededGenerator(seed: 42)
        let demos = DemonstrationSampler(recipe: .alpaca()).sample(seeds: seeds, machine: [], using: &generator)
        let text = InstructionPromptBuilder(recipe: .alpaca()).build(demos).prompt.text
        #expect(text.hasSuffix("\n###\n4. Instruction:"))
        #expect(text.components(separatedBy: "\n###\n").count == 5)
    }

    // Pinned for seed 42, streams (1, 0): a change here means `--seed` runs no longer repeat.
    static let firstRound = [
        "seed_task_38", "seed_task_167", "seed_task_169", "seed_task_28",
        "seed_task_7", "seed_task_34", "seed_task_48", "seed_task_115",
    ]
    static let oneMachine = [
        "machine-1", "seed_task_167", "seed_task_38", "seed_task_28",
        "seed_task_7", "seed_task_34", "seed_task_48", "seed_task_115",
    ]
    static let twoMachine = [
        "machine-1", "machine-3", "seed_task_38", "seed_task_28",
        "seed_task_7", "seed_task_34", "seed_task_48", "seed_task_115",
    ]
}
