import TestSupport
import Testing
@testable import Pool

/// Each defect flag on a record that has it, and on one that nearly has it but does not.
@Suite struct DefectFlagTests {
    private func flags(
        _ instruction: String = "Answer the question.", input: String = "", output: String = "An answer.",
        dropped: [String] = [], check: DefectCheck = DefectCheck()
    ) -> [DefectFlag] {
        let record = PoolRecord(
            id: "r", instruction: instruction, instances: [Instance(input: input, output: output)],
            instancesWhy: InstanceReasons(dropped: dropped.map { InstanceReasons.Dropped(input: "", output: "", reason: .init(name: $0, detail: $0)) }),
            status: .pending)
        return check.flags(of: PoolEntry(summarizing: record, line: 1)).flags
    }

    @Test func emptyOutputIsFlaggedButAZeroIsAnOutput() {
        #expect(flags(output: " \n ") == [.emptyOutput])
        #expect(flags(output: "0") == [])
    }

    @Test func outputEqualToOrInsideTheInputIsFlaggedButAShortLabelFromTheInputIsNot() {
        #expect(flags(input: "Paris", output: "paris") == [.outputInInput])
        #expect(flags(input: "The quick brown fox jumps over the dog.", output: "quick brown fox") == [.outputInInput])
        #expect(flags(input: "Review: I feel positive about it.", output: "Positive") == [])
        #expect(flags(input: "The quick brown fox.", output: "quick brown cat") == [])
    }

    @Test func outputCarryingAnotherTaskIsFlaggedButTheWordInstructionMidLineIsNot() {
        #expect(flags(output: "Paris.\n\nInstruction: Name the capital of Spain.") == [.taskInOutput])
        #expect(flags(output: "Done.\n### Response") == [.taskInOutput])
        #expect(flags(output: "42\nTask 9: Write a poem.") == [.taskInOutput])
        #expect(flags(output: "Follow this instruction: add two numbers.") == [])
        #expect(flags(output: "Tasks: cooking, cleaning.") == [])
    }

    @Test func placeholderInputsAreFlaggedButASentenceStartingWithNoneIsNot() {
        for placeholder in ["N/A", "<noinput>", "None.", "(none)", "No input", "\"null\"", "Input: N/A"] {
            #expect(flags(input: placeholder) == [.placeholderInput], "\(placeholder)")
        }
        #expect(flags(input: "None of the above is true.") == [])
        #expect(flags(input: "") == [])
    }

    @Test func anInputThatIsOnlyAURLIsFlaggedButOneThatQuotesAURLIsNot() {
        #expect(flags(input: " https://example.com/page?id=3 ") == [.urlInput])
        #expect(flags(input: "www.example.org") == [.urlInput])
        #expect(flags(input: "Summarize https://example.com for me.") == [])
    }

    @Test func aCutOffInstanceGenerationIsFlaggedButAnotherDropIsNot() {
        #expect(flags(dropped: ["cut-off"]) == [.cutOff])
        #expect(flags(dropped: ["duplicate"]) == [])
    }

    @Test func anOutputInAnotherScriptIsFlaggedUnlessTheInstructionAsksForThatLanguage() {
        #expect(flags("Write a short greeting for a friend.", output: "你好，很高兴见到你。") == [.scriptMismatch])
        #expect(flags("写一首关于春天的诗。", output: "Spring is here and the flowers bloom.") == [.scriptMismatch])
        #expect(flags("Translate the greeting for a friend.", input: "Nice to meet you.", output: "很高兴见到你。") == [])
        #expect(flags("Say hello in Japanese.", output: "こんにちは、元気ですか") == [])
        #expect(flags("Write a short greeting for a friend.", output: "Hello 你好 my dear friend") == [])
    }

    @Test func instructionsAskingToSeeOrListenAreFlaggedByConfiguredKeywords() {
        #expect(flags("Describe the image below in detail.") == [.cannotDo])
        #expect(flags("Listen to the song and name its key.") == [.cannotDo])
        #expect(flags("Go to the website and read the news.") == [.cannotDo])
        #expect(flags("Imagine a city in the year 2100.") == [])
        let smell = DefectCheck(cannotDoKeywords: ["smell"])
        #expect(flags("Smell the flowers and describe them.", check: smell) == [.cannotDo])
        #expect(flags("Describe the image below in detail.", check: smell) == [])
    }

    @Test func aPersonsRejectedInstanceRaisesNoFlag() {
        let record = PoolRecord(
            id: "r", instruction: "Answer.", instances: [Instance(input: "", output: "", status: .rejected)], status: .accepted)
        #expect(DefectCheck().flags(of: PoolEntry(summarizing: record, line: 1)).isEmpty)
    }

    @Test func flagsReadFromThePoolFileAreThoseOfTheRecord() throws {
        try withTemporaryFolder { folder in
            let records = [
                PoolRecord(id: "a", instruction: "Describe the image.", instances: [Instance(input: "N/A", output: "")], status: .accepted),
                PoolRecord(id: "b", instruction: "Write a greeting.", instances: [Instance(input: "https://x.org", output: "你好，很高兴见到你")], status: .pending),
                PoolRecord(id: "c", instruction: "Name a colour.", instances: [Instance(input: "", output: "Blue\nTask 2: more")], status: .seed),
            ]
            let pool = try PoolFile(at: folder.pool)
            try pool.add(contentsOf: records)
            try pool.close()
            let reopened = try PoolFile(at: folder.pool, access: .readOnly)
            #expect(reopened.entries.allSatisfy { $0.instanceSummary == nil }, "opening reads no instances")
            #expect(DefectCheck().flags(of: try #require(reopened.entry("a"))).flags == [.cannotDo], "the instruction's flag alone until then")
            try reopened.summarizeInstances()
            for record in records {
                let entry = try #require(reopened.entry(record.id))
                #expect(entry.instanceSummary == PoolEntry(summarizing: record, line: 1).instanceSummary)
                #expect(entry.instanceSummary?.flags.isEmpty == false)
            }
        }
    }
}
