import Testing
@testable import Engine

@Suite struct ClassificationPromptTests {
    @Test func promptIsTemplateSpaceStrippedInstructionAndTheQuestion() {
        let prompt = ClassificationPrompt.prompt(for: "  Is the review positive?\n")
        #expect(prompt == .completion(PromptTemplates.builtIn.text(.classificationIdentification)
            + " Is the review positive?\nIs it classification?"))
        #expect(prompt.text.hasSuffix("\n\nTask: Is the review positive?\nIs it classification?"))
    }

    @Test func decodingIsGreedyAndStopsAtLineOrNextTask() {
        let sampling = ClassificationPrompt.sampling
        #expect(sampling.maxTokens == 3 && sampling.temperature == 0 && sampling.topP == 0)
        #expect(sampling.stop == ["\n", "Task"])
    }

    @Test func onlyAPlainYesCountsAsClassification() {
        for yes in [" Yes", "yes", "YES\n", "Yes "] {
            #expect(ClassificationPrompt.answer(from: yes).isClassification, "\(yes)")
        }
        for no in [" No", "Yes.", "Yes, it", "yES", "", " Maybe"] {
            #expect(!ClassificationPrompt.answer(from: no).isClassification, "\(no)")
        }
    }

    @Test func answerKeepsTheRawCompletion() {
        #expect(ClassificationPrompt.answer(from: " Yes").raw == " Yes")
    }

    @Test func chatFormUsesTheClassificationSystemMessage() {
        let prompt = ClassificationPrompt.prompt(for: "Sort the list.", api: .chat)
        guard case .chat(let messages) = prompt else { Issue.record("expected chat"); return }
        #expect(messages.map(\.role) == [.system, .user])
        #expect(messages[0].content == PromptTemplates.builtIn.text(.chatSystemClassification))
        #expect(messages[1].content.hasSuffix("Task: Sort the list.\nIs it classification?"))
    }
}
