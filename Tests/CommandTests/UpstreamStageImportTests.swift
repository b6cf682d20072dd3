import Foundation
import TestSupport
import Testing

/// The latest revision of every record in a pool file, by id, as JSON objects.
func latestRecords(in pool: URL) throws -> [String: [String: Any]] {
    var latest: [String: [String: Any]] = [:]
    for line in try String(contentsOf: pool, encoding: .utf8).split(separator: "\n") {
        guard let record = try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any],
              let id = record["id"] as? String else { continue }
        if (record["revision"] as? Int ?? 1) >= (latest[id]?["revision"] as? Int ?? 0) { latest[id] = record }
    }
    return latest
}

/// One JSON line.
private func jsonLine(_ object: [String: Any]) throws -> String {
    String(decoding: try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys]), as: UTF8.self)
}

/// Upstream's stage files, written from the shapes its scripts produce (reference §3), and
/// imported one after another with `selfinstruct import`.
@Suite struct UpstreamStageImportTests {
    static let odd = "Find the odd one out in the list of words."
    static let sentiment = "Tell the sentiment of the sentence."
    static let poem = "Write a short poem about the sea."

    /// An upstream API result for `prompt` whose first choice has `text` and, if given, `finishReason`.
    static func metadata(prompt: String, text: String, finishReason: String?) -> [String: Any] {
        var choice: [String: Any] = ["text": text, "index": 0, "logprobs": NSNull()]
        if let finishReason { choice["finish_reason"] = finishReason }
        return ["prompt": prompt, "response": ["choices": [choice]], "created_at": "2022-12-03 10:11:12.345678"]
    }

    static func stageOne() throws -> String {
        try [odd, sentiment, poem].enumerated().map { index, instruction in
            try jsonLine(["instruction": instruction, "most_similar": ["Sort the list.": 0.2], "avg_similarity_score": 0.08,
                          "metadata": metadata(prompt: "Come up with a series of tasks:\n9.", text: " \(instruction)", finishReason: "stop"),
                          "request_idx": index])
        }.joined(separator: "\n") + "\n"
    }

    static func stageTwo(_ answers: [String: String]) throws -> String {
        try answers.sorted { $0.key < $1.key }.map { try jsonLine(["instruction": $0.key, "is_classification": $0.value]) }
            .joined(separator: "\n") + "\n"
    }

    /// Stage 3: the odd-one-out task cut off by length (its last instance goes), the
    /// sentiment task with no finish_reason in its metadata (nothing goes), the poem with
    /// nothing in the expected layout.
    static func stageThree() throws -> String {
        let raw = [
            odd: ("Class label: Apple\nWords: Car, Bus, Apple, Train\n\nClass label: Train\nWords: Apple, Pear, Plum, Tra", "length" as String?),
            sentiment: ("Example 1\nSentence: I love this phone.\nOutput: Positive\n\nExample 2\nSentence: The food was cold.\nOutput: Negative", nil),
            poem: ("The sea is wide and blue.", "stop"),
        ]
        return try [odd, sentiment, poem].map { instruction in
            let (text, finish) = raw[instruction]!
            return try jsonLine([
                "instruction": instruction, "raw_instances": text,
                "instance_metadata": metadata(prompt: "…Task: \(instruction)\n", text: text, finishReason: finish),
                "instruction_metadata": metadata(prompt: "Come up with a series of tasks:\n9.", text: " \(instruction)", finishReason: "stop"),
                "most_similar": ["Sort the list.": 0.2], "avg_similarity_score": 0.08,
            ])
        }.joined(separator: "\n") + "\n"
    }

    private func importFile(_ folder: TemporaryFolder, _ name: String, _ text: String) async throws -> CommandRunner.Outcome {
        let file = try folder.write(name, text)
        return try await CommandRunner.run(["import", "--pool", folder.pool.path, file.path], environment: ["XDG_CONFIG_HOME": folder.url.path])
    }

    @Test func stageTwoAfterStageOneSetsIsClassificationOnTheSameTasks() async throws {
        try await withTemporaryFolder { folder in
            #expect(try await importFile(folder, "machine_generated_instructions.jsonl", Self.stageOne()).status == 0)
            let outcome = try await importFile(folder, "is_clf_or_not_davinci_template_1.jsonl",
                                         Self.stageTwo([Self.odd: " Yes", Self.sentiment: " Yes.", Self.poem: "No"]))
            #expect(outcome.status == 0)
            #expect(outcome.stdout.contains("added 0 records, completed 3, 0 already in the pool"))

            let generated = try latestRecords(in: folder.pool).values.filter { $0["status"] as? String == "accepted" }
            #expect(generated.count == 3)
            let byInstruction = Dictionary(uniqueKeysWithValues: generated.map { ($0["instruction"] as! String, $0) })
            // Upstream: `value.strip() in ["Yes", "yes", "YES"]`; " Yes." is not.
            #expect(byInstruction[Self.odd]?["is_classification"] as? Bool == true)
            #expect(byInstruction[Self.sentiment]?["is_classification"] as? Bool == false)
            #expect(byInstruction[Self.poem]?["is_classification"] as? Bool == false)
            let classification = (byInstruction[Self.odd]?["provenance"] as? [String: Any])?["classification"] as? [String: Any]
            #expect(classification?["raw_completion"] as? String == " Yes")
            // The stage-1 fields stay.
            #expect(byInstruction[Self.odd]?["round"] as? Int == 0)
            #expect(byInstruction.values.allSatisfy { $0["revision"] as? Int == 2 })
        }
    }

    @Test func stageThreeImportsWithTheInstancesUpstreamParsingYields() async throws {
        try await withTemporaryFolder { folder in
            #expect(try await importFile(folder, "machine_generated_instances.jsonl", Self.stageThree()).status == 0)
            // Without the classification nothing can be parsed yet.
            #expect(try latestRecords(in: folder.pool).values.allSatisfy { ($0["instances"] as? [Any])?.isEmpty ?? true })
            let outcome = try await importFile(folder, "is_clf_or_not_davinci_template_1.jsonl",
                                         Self.stageTwo([Self.odd: " Yes", Self.sentiment: " No", Self.poem: " No"]))
            #expect(outcome.status == 0 && outcome.stdout.contains("completed 3"))

            let records = try latestRecords(in: folder.pool).values
            let byInstruction = Dictionary(uniqueKeysWithValues: records.map { ($0["instruction"] as! String, $0) })
            func instances(_ instruction: String) -> [[String]] {
                ((byInstruction[instruction]?["instances"] as? [[String: Any]]) ?? []).map { [$0["input"] as! String, $0["output"] as! String] }
            }
            // finish_reason "length": the last instance is dropped, as prepare_for_finetuning.py does.
            #expect(instances(Self.odd) == [["Words: Car, Bus, Apple, Train", "Apple"]])
            // No finish_reason: both instances stay, field labels and all.
            #expect(instances(Self.sentiment) == [["Sentence: I love this phone.", "Positive"], ["Sentence: The food was cold.", "Negative"]])
            #expect(instances(Self.poem).isEmpty)
            #expect((byInstruction[Self.poem]?["instances_why"] as? [String: Any]).flatMap { ($0["task"] as? [String: Any])?["name"] as? String } == "none-parsed")
            let call = (byInstruction[Self.odd]?["provenance"] as? [String: Any])?["instance_generation"] as? [String: Any]
            #expect(call?["finish_reason"] as? String == "length")
            let sentimentCall = (byInstruction[Self.sentiment]?["provenance"] as? [String: Any])?["instance_generation"] as? [String: Any]
            #expect(sentimentCall?["finish_reason"] == nil)

            // Importing either file again changes nothing.
            let again = try await importFile(folder, "machine_generated_instances.jsonl", Self.stageThree())
            #expect(again.stdout.contains("added 0 records, 3 already in the pool"))
        }
    }
}
