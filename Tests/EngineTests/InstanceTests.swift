import Testing
@testable import Engine
import Pool

@Suite struct InstancePromptTests {
    @Test func promptIsTemplateSpaceStrippedInstructionAndNewline() {
        let clf = InstancePrompt.prompt(for: " Is the email spam? ", isClassification: true)
        #expect(clf == .completion(PromptTemplates.builtIn.text(.instancesOutputFirst) + " Is the email spam?\n"))
        let gen = InstancePrompt.prompt(for: "Summarize the text.", isClassification: false)
        #expect(gen.text == PromptTemplates.builtIn.text(.instancesInputFirst) + " Summarize the text.\n")
    }

    @Test func maxTokensIsDecidedPerRequestByTheTasksKind() {
        #expect(InstancePrompt.sampling(isClassification: true).maxTokens == 300)
        #expect(InstancePrompt.sampling(isClassification: false).maxTokens == 350)
    }

    @Test func decodingIsGreedyWithPresencePenaltyAndStopsAfterMaxInstances() {
        let sampling = InstancePrompt.sampling(isClassification: false)
        #expect(sampling.temperature == 0 && sampling.topP == 0 && sampling.presencePenalty == 1.5)
        #expect(sampling.stop == ["Example 6", "Task:"])
        #expect(InstancePrompt.sampling(isClassification: false, maxInstances: 3).stop?.first == "Example 4")
    }
}

@Suite struct InstanceParserTests {
    @Test func classificationCompletionGivesLabelAsOutputAndRestAsInput() {
        let completion = """
        Class label: Positive
        Review: The battery lasts all day and the screen is sharp.
        Class label: Negative
        Review: It stopped charging after a week.
        Support never replied.
        Class label: Neutral
        """
        #expect(InstanceParser.parse(completion, isClassification: true) == [
            Instance(input: "Review: The battery lasts all day and the screen is sharp.", output: "Positive"),
            Instance(input: "Review: It stopped charging after a week.\nSupport never replied.", output: "Negative"),
            Instance(input: "", output: "Neutral"),
        ])
    }

    @Test func textBeforeTheFirstClassLabelIsIgnoredAndNoLabelMeansNoInstances() {
        #expect(InstanceParser.parseClassification("Sure!\nClass label: Yes\nNumber: 7") == [Instance(input: "Number: 7", output: "Yes")])
        #expect(InstanceParser.parseClassification("Label: Yes\nNumber: 7").isEmpty)
    }

    @Test func inputFirstCompletionSplitsOnExampleBlocks() {
        let completion = """
        Example 1
        Sentence: The dog chased the ball.
        Output: The ball was chased by the dog.
        Example 2.
        Sentence: Mia wrote the report.
        Output: The report was written by Mia.

        Example 3
        Input 3: Sentence: The wind broke the window.
        Output 3: The window was broken by the wind.
        """
        #expect(InstanceParser.parse(completion, isClassification: false) == [
            Instance(input: "Sentence: The dog chased the ball.", output: "The ball was chased by the dog."),
            Instance(input: "Sentence: Mia wrote the report.", output: "The report was written by Mia."),
            Instance(input: "Sentence: The wind broke the window.", output: "The window was broken by the wind."),
        ])
    }

    @Test func bareOutputIsOneInstanceWithoutInput() {
        let completion = "Output: 1. Walk daily.\n2. Drink water.\n3. Sleep eight hours."
        #expect(InstanceParser.parseGeneration(completion) == [
            Instance(input: "", output: "1. Walk daily.\n2. Drink water.\n3. Sleep eight hours."),
        ])
    }

    @Test func outputIsCutAtAnInputLabelAndTextAfterASecondOutputIsLost() {
        #expect(InstanceParser.inputAndOutput("x\nOutput: a\nInput: y\nOutput: b") == Instance(input: "x", output: "a"))
        #expect(InstanceParser.inputAndOutput("x\nOutput: a\nOutput: b") == Instance(input: "x", output: "a"))
    }

    @Test func exampleBlockWithoutOutputLabelIsAllOutput() {
        #expect(InstanceParser.parseGeneration("Example 1\nJust an answer.") == [Instance(input: "", output: "Just an answer.")])
    }

    @Test func textWithNeitherExampleNorOutputHasNoInstances() {
        #expect(InstanceParser.parseGeneration("The answer is 42.").isEmpty)
    }

    @Test func exampleMatchesInsideLongerWordsAsUpstreamDoes() {
        // "Examples" splits after "Example", leaving "s:" as the input (later dropped for its colon).
        #expect(InstanceParser.parseGeneration("Examples:\nOutput: a") == [Instance(input: "s:", output: "a")])
    }
}

@Suite struct InstanceFilterTests {
    let filter = InstanceFilter()

    func select(_ instances: [Instance], cutOff: Bool = false, seed: UInt64 = 1) -> InstanceSelection {
        var generator = SeededGenerator(seed: seed)
        return filter.select(instances, cutOffByLength: cutOff, using: &generator)
    }

    func i(_ input: String, _ output: String) -> Instance { Instance(input: input, output: output) }

    @Test func cutOffByLengthDropsOnlyTheLastInstance() {
        let selection = select([i("a", "1"), i("b", "2")], cutOff: true)
        #expect(selection.kept == [i("a", "1")])
        #expect(selection.dropped == [DroppedInstance(instance: i("b", "2"), reason: .cutOff)])
    }

    @Test func invalidInstancesAreDroppedWithTheirReasons() {
        let selection = select([i("same", "same"), i("x", ""), i("List:", "a"), i("x", "Steps:"), i("ok", "fine")])
        #expect(selection.kept == [i("ok", "fine")])
        #expect(selection.dropped.map(\.reason) == [.inputEqualsOutput, .emptyOutput, .inputEndsWithColon, .outputEndsWithColon])
    }

    @Test func emptyInputAndOutputCountAsEqualFirst() {
        #expect(select([i("", "")]).dropped.map(\.reason) == [.inputEqualsOutput])
    }

    @Test func conflictingOutputsForOneInputDropTheWholeTask() {
        let selection = select([i("7", "prime"), i("9", "composite"), i("7", "composite")])
        #expect(selection.kept.isEmpty)
        #expect(selection.taskRejection == .conflictingOutputs(input: "7"))
        #expect(selection.dropped.count == 3)
    }

    @Test func differentOutputsWithoutInputAreNotAConflict() {
        let selection = select([i("", "Rise and Shine"), i("", "Flour Power")])
        #expect(selection.kept.count == 2 && selection.taskRejection == nil)
    }

    @Test func duplicatesAreRemovedKeepingTheFirstInOrder() {
        let selection = select([i("b", "2"), i("a", "1"), i("b", "2"), i("c", "3")])
        #expect(selection.kept == [i("b", "2"), i("a", "1"), i("c", "3")])
        #expect(selection.dropped == [DroppedInstance(instance: i("b", "2"), reason: .duplicate)])
    }

    @Test func atMostFiveAreKeptInOrderAndTheSameSeedKeepsTheSameOnes() {
        let many = (0..<8).map { i("in \($0)", "out \($0)") }
        let first = select(many, seed: 3)
        #expect(first.kept.count == 5)
        #expect(first.kept == many.filter(first.kept.contains))  // original order
        #expect(first.dropped.allSatisfy { $0.reason == .overLimit(5) } && first.dropped.count == 3)
        #expect(select(many, seed: 3).kept == first.kept)
    }

    @Test func nothingParsedIsATaskLevelReason() {
        #expect(select([]).taskRejection == .noneParsed)
    }

    @Test func realisticClassificationCompletionEndToEnd() {
        let completion = """
         Class label: Spam
        Email: You won a prize! Send your card number to claim it.
        Class label: Not spam
        Email: Lunch at noon tomorrow?
        Class label: Spam
        Email: You won a prize! Send your card number to claim it.
        Class label: Not spam
        Email:
        """
        let selection = select(InstanceParser.parse(completion, isClassification: true), cutOff: true)
        #expect(selection.kept == [
            i("Email: You won a prize! Send your card number to claim it.", "Spam"),
            i("Email: Lunch at noon tomorrow?", "Not spam"),
        ])
        #expect(selection.dropped.map(\.reason) == [.cutOff, .duplicate])
    }

    @Test func reasonsReadAsSentences() {
        #expect(InstanceRejectionReason.outputEndsWithColon.description == "output ends with \":\", probably unfinished")
        #expect(InstanceRejectionReason.conflictingOutputs(input: "7").description
            == "input \"7\" has different outputs, so all of the task's instances are dropped")
        #expect(InstanceRejectionReason.overLimit(5).name == "over-limit")
    }
}
