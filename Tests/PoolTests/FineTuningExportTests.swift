import Foundation
import TestSupport
import Testing
@testable import Pool

@Suite struct FineTuningExportTests {
    /// A pool with seeds, accepted, rejected and pending tasks, with and without inputs.
    private func makePool(_ folder: TemporaryFolder) throws -> PoolFile {
        let pool = try PoolFile(at: folder.pool)
        try pool.add(contentsOf: [
            Fixture.record("s1", "Give an antonym of the word.", status: .seed, instances: [Instance(input: "Word: hot", output: "cold")]),
            Fixture.record("a1", "Tell a joke about cats.", instances: [Instance(input: "", output: "Why did the cat sit on the computer?")]),
            Fixture.record("a2", "Classify the sentiment of the review.", instances: (1...4).map { Instance(input: "Review: text \($0)\n\nMore.", output: "Positive \($0)") }),
            Fixture.record("r1", "Draw a map of the town.", status: .rejected),
            Fixture.record("p1", "Pending task without instances.", status: .pending, instances: []),
            Fixture.record("a3", "Accepted task without instances yet.", instances: []),
        ])
        try pool.edit("a2", .instanceStatus(index: 3, .rejected))
        return pool
    }

    private func export(_ pool: PoolFile, _ format: ExportFormat, _ options: ExportOptions = ExportOptions()) throws -> (String, ExportSummary) {
        var text = ""
        let summary = try FineTuningExport.export(pool, format: format, options: options) { text += $0 }
        return (text, summary)
    }

    /// Each line parsed as one JSON object.
    private func objects(_ text: String) throws -> [[String: Any]] {
        #expect(text.hasSuffix("\n"))
        return try text.split(separator: "\n", omittingEmptySubsequences: false).dropLast().map { line in
            try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
        }
    }

    @Test func theSummaryCountsTasksLeftOutByStatusAndSaysWhatToRun() throws {
        try withTemporaryFolder { (folder) throws in
            let pool = try makePool(folder)
            let (_, summary) = try export(pool, .instances, ExportOptions(statuses: Set(RecordStatus.allCases)))
            #expect(summary.withoutInstancesByStatus == [.pending: 1, .accepted: 1])
            #expect(summary.leftOutNote == "1 pending task and 1 accepted task have no instances, so they were left out: run selfinstruct instances to generate them")
            #expect(summary.report(to: "out.jsonl") == "exported 6 examples from 4 tasks to out.jsonl; " + summary.leftOutNote!)
            let (_, clean) = try export(pool, .instances, ExportOptions(statuses: [.seed]))
            #expect(clean.leftOutNote == nil && clean.description == "exported 1 examples from 1 tasks")
        }
    }

    @Test func instancesFormatHasOneExampleWithStringFieldsPerLine() throws {
        try withTemporaryFolder { folder in
            let (text, summary) = try export(try makePool(folder), .instances)
            let lines = try objects(text)
            #expect(lines.count == 5 && summary.examples == 5 && summary.tasks == 3 && summary.tasksWithoutInstances == 1)
            for line in lines {
                #expect(Set(line.keys) == ["instruction", "input", "output"])
                #expect(line.values.allSatisfy { $0 is String })
            }
            #expect(!text.contains("Positive 4"), "a rejected instance was exported")
            #expect(!text.contains("Draw a map"), "a rejected task was exported")
        }
    }

    @Test func alpacaFormatIsOneJSONArrayOfInstructionInputOutput() throws {
        try withTemporaryFolder { folder in
            let (text, _) = try export(try makePool(folder), .alpaca)
            let array = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [[String: String]])
            #expect(array.count == 5)
            #expect(array.allSatisfy { Set($0.keys) == ["instruction", "input", "output"] })
            #expect(array[1] == ["instruction": "Tell a joke about cats.", "input": "", "output": "Why did the cat sit on the computer?"])
        }
    }

    @Test func openAIChatLinesHoldAUserAndAnAssistantMessage() throws {
        try withTemporaryFolder { folder in
            let lines = try objects(try export(try makePool(folder), .openAIChat).0)
            #expect(lines.count == 5)
            for line in lines {
                #expect(Set(line.keys) == ["messages"])
                let messages = try #require(line["messages"] as? [[String: String]])
                #expect(messages.map { $0["role"] } == ["user", "assistant"])
                #expect(messages.allSatisfy { Set($0.keys) == ["role", "content"] })
            }
            let first = try #require(lines[0]["messages"] as? [[String: String]])
            #expect(first[0]["content"] == "Give an antonym of the word.\n\nWord: hot")
        }
    }

    @Test func sharegptLinesHoldHumanThenGptTurns() throws {
        try withTemporaryFolder { folder in
            let lines = try objects(try export(try makePool(folder), .sharegpt).0)
            #expect(lines.count == 5)
            for line in lines {
                let turns = try #require(line["conversations"] as? [[String: String]])
                #expect(turns.map { $0["from"] } == ["human", "gpt"])
                #expect(turns.allSatisfy { Set($0.keys) == ["from", "value"] })
            }
        }
    }

    @Test func selfInstructPairsUseUpstreamTemplatesAndAreDeterministicPerSeed() throws {
        try withTemporaryFolder { folder in
            let pool = try makePool(folder)
            let (text, summary) = try export(pool, .selfInstruct, ExportOptions(seed: 7))
            let lines = try objects(text)
            #expect(lines.count == 5 && summary.examples == 5)
            for line in lines {
                #expect(Set(line.keys) == ["prompt", "completion"])
                let prompt = try #require(line["prompt"] as? String)
                let completion = try #require(line["completion"] as? String)
                #expect(completion.hasSuffix("<|endoftext|>"))
                // A prompt ending in "Output:" is answered after a space; the others are not.
                #expect(prompt.hasSuffix("Output:") == completion.hasPrefix(" "))
            }
            #expect(try export(pool, .selfInstruct, ExportOptions(seed: 7)).0 == text)
            let others = try (1...6).map { try export(pool, .selfInstruct, ExportOptions(seed: $0)).0 }
            #expect(others.contains { $0 != text })
        }
    }

    @Test func fieldLabelRemovalNeedsExactlyOneDistinctLabel() {
        #expect(SelfInstructTemplates.fieldLabels(in: "Sentence: I am here.") == ["Sentence"])
        #expect(SelfInstructTemplates.fieldLabels(in: "Sentence 1: a\nSentence 2: b") == ["1", "2"])
        #expect(SelfInstructTemplates.fieldLabels(in: "no labels here").isEmpty)
    }

    @Test func maxInstancesSamplesPerTaskWithTheSeed() throws {
        try withTemporaryFolder { folder in
            let pool = try makePool(folder)
            let (text, summary) = try export(pool, .instances, ExportOptions(maxInstancesPerTask: 1, seed: 3))
            #expect(summary.examples == 3)
            #expect(try objects(text).filter { ($0["instruction"] as? String) == "Classify the sentiment of the review." }.count == 1)
            #expect(try export(pool, .instances, ExportOptions(maxInstancesPerTask: 1, seed: 3)).0 == text)
        }
    }

    @Test func statusFilterChoosesRecords() throws {
        try withTemporaryFolder { folder in
            let pool = try makePool(folder)
            let seedsOnly = try objects(try export(pool, .instances, ExportOptions(statuses: [.seed])).0)
            #expect(seedsOnly.count == 1)
            let all = try objects(try export(pool, .instances, ExportOptions(statuses: try RecordStatus.parseList("all"))).0)
            #expect(all.count == 6)
            #expect(throws: PoolError.self) { try RecordStatus.parseList("seed,maybe") }
        }
    }

    @Test func upstreamFormatHasTheMachineGeneratedInstructionsShape() throws {
        try withTemporaryFolder { folder in
            let pool = try makePool(folder)
            try pool.update("a1") { record in
                record.mostSimilar = [SimilarInstruction(text: "Tell a joke.", score: 0.6)]
                record.avgSimilarityScore = 0.05
                record.round = 3
                record.provenance = Provenance(instructionGeneration: ModelCall(prompt: "Come up with a series of tasks:\n9.", rawCompletion: " Tell a joke about cats.", finishReason: "stop"))
            }
            let lines = try objects(try export(pool, .upstream).0)
            #expect(lines.count == 3, "upstream exports accepted tasks by default")
            let a1 = try #require(lines.first { ($0["instruction"] as? String) == "Tell a joke about cats." })
            #expect(Set(a1.keys) == ["instruction", "most_similar", "avg_similarity_score", "metadata", "request_idx"])
            #expect((a1["most_similar"] as? [String: Double]) == ["Tell a joke.": 0.6])
            #expect(a1["request_idx"] as? Int == 3)
            let metadata = try #require(a1["metadata"] as? [String: Any])
            #expect(metadata["prompt"] as? String == "Come up with a series of tasks:\n9.")
            let choices = try #require((metadata["response"] as? [String: Any])?["choices"] as? [[String: Any]])
            #expect(choices.first?["text"] as? String == " Tell a joke about cats.")
        }
    }

    @Test func upstreamLinesOfTasksNotAcceptedSayWhereTheyStandAndAPersonsReason() throws {
        try withTemporaryFolder { folder in
            let pool = try makePool(folder)
            try pool.decide("r1", status: .rejected, why: .human(reason: "too vague", note: "which town?"))
            let lines = try objects(try export(pool, .upstream, ExportOptions(statuses: [.accepted, .rejected])).0)
            let r1 = try #require(lines.first { ($0["instruction"] as? String) == "Draw a map of the town." })
            let curation = try #require(r1["curation"] as? [String: String])
            #expect(curation == ["status": "rejected", "reason": "human", "value": "too vague", "note": "which town?"])
            #expect(lines.filter { $0["curation"] != nil }.count == 1, "accepted lines stay exactly upstream's")
        }
    }
}
