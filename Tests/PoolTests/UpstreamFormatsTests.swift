import Foundation
import Testing
import TestSupport
@testable import Pool

@Suite struct UpstreamFormatsTests {
    @Test func importsThePapersSeedTasks() throws {
        try withTemporaryFolder { folder in
            let pool = try PoolFile(at: folder.pool)
            let report = try pool.importFile(SharedData.url("data/seed_tasks.jsonl"))
            #expect(report.added == 175 && report.problems.isEmpty && report.formats == ["seed-tasks": 175])
            #expect(pool.entries.count == 175)
            #expect(pool.entries.filter { $0.isClassification == true }.count == 26)
            #expect(pool.entries.allSatisfy { $0.status == .seed && $0.instanceCount == 1 })
            let first = try pool.record("seed_task_0")
            #expect(first.name == "breakfast_suggestion")
            #expect(first.provenance?.importedFrom == ImportSource(file: SharedData.url("data/seed_tasks.jsonl").path, position: 1, format: "seed-tasks"))
            #expect(try pool.importFile(SharedData.url("data/seed_tasks.jsonl")).alreadyInPool == 175)
        }
    }

    @Test func importsTheAlpacaSubset() throws {
        try withTemporaryFolder { folder in
            let pool = try PoolFile(at: folder.pool)
            let report = try pool.importFile(SharedData.url("data/alpaca_5000.json"))
            #expect(report.formats == ["alpaca": 5000] && report.problems.isEmpty)
            #expect(pool.entries.count == 5000)
            #expect(pool.entries.allSatisfy { $0.status == .accepted })
            #expect(pool.entries.filter { $0.instanceCount == 1 }.count == 5000)
        }
    }

    @Test func readsAMachineGeneratedInstructionWithItsSimilarityAndMetadata() throws {
        let line = """
        {"instruction": "Find the odd one out in the list of words.", "most_similar": {"Select the oldest person from the list.": 0.3076923076923077, "Sort the list.": 0.2}, "avg_similarity_score": 0.0812, "metadata": {"prompt": "Come up with a series of tasks:\\n9.", "response": {"choices": [{"text": " Find the odd one out in the list of words.\\n10.", "index": 0, "finish_reason": "stop"}]}, "created_at": "2022-12-03 10:11:12.345678"}, "request_idx": 17, "is_classification": " Yes"}
        """
        let batch = UpstreamFormats.read(text: line, file: "machine.jsonl")
        let record = try #require(batch.records.first)
        #expect(batch.formats == ["machine-generated": 1])
        #expect(record.mostSimilar.map(\.score) == [0.3076923076923077, 0.2])
        #expect(record.avgSimilarityScore == 0.0812 && record.round == 17 && record.isClassification == true)
        #expect(record.provenance?.instructionGeneration?.rawCompletion == " Find the odd one out in the list of words.\n10.")
        #expect(record.provenance?.upstreamMetadata?.objectValue?["created_at"] == .string("2022-12-03 10:11:12.345678"))
        #expect(record.id.hasPrefix("machine-") && record.id.count == "machine-".count + 12)
    }

    @Test func unreadableLinesAreReportedWithFileAndLine() {
        let text = """
        {"id": "s1", "instruction": "Name a colour.", "instances": [{"input": "", "output": "Blue"}], "is_classification": false}
        {"id": "s2", "instruction": "Broken
        {"id": "s3", "instruction": "Name a fruit.", "instances": "none"}
        {"messages": [{"role": "user", "content": "Hi"}]}
        {"id": "s1", "instruction": "Name a colour again.", "instances": [], "is_classification": false}
        [1, 2]
        """
        let batch = UpstreamFormats.read(text: text, file: "seeds.jsonl")
        #expect(batch.records.map(\.id) == ["s1"])
        #expect(batch.problems.map(\.line) == [2, 3, 4, 5, 6])
        #expect(batch.problems[1].description == "seeds.jsonl:3: unusable record: 'instances' should be an array of {input, output}")
        #expect(batch.problems[2].message.hasPrefix("a fine-tuning example"))
        #expect(batch.problems[3].kind == .duplicate)
        #expect(batch.problems[4].description == "seeds.jsonl:6: unusable record: a JSON array, not an object; each record must be one JSON object")
    }

    @Test func aNULByteOrAnArrayLineIsSaidAsSuchAndEveryOtherRecordLoads() {
        let lines = [
            #"{"instruction": "Say hi.", "input": "", "output": "Hi"}"#,
            #"["Say hi.", "Hi"]"#,
            "{\"instruction\": \"Say\u{0} bye.\", \"output\": \"Bye\"}",
            #"{"instruction": "Say yes.", "output": "Yes"}"#,
            "{\"instruction\": \"Say no.\",\u{0} \"output\": \"No\"}",
            #"{"instruction": "Say maybe." "output": "Maybe"}"#,
        ]
        let batch = UpstreamFormats.read(text: lines.joined(separator: "\n"), file: "pool.jsonl")
        #expect(batch.records.map(\.instruction) == ["Say hi.", "Say yes."])
        #expect(batch.problems.map(\.description) == [
            "pool.jsonl:2: unusable record: a JSON array, not an object; each record must be one JSON object",
            "pool.jsonl:3: unusable record: contains a NUL byte at column 21; a NUL is not text: remove it, or export the file again",
            "pool.jsonl:5: unusable record: contains a NUL byte at column 27; a NUL is not text: remove it, or export the file again",
            "pool.jsonl:6: unusable record: not valid JSON: expected ',' or '}' at column 30",
        ])
    }

    @Test func aNULByteInAJSONArrayFileNamesItsLineAndColumn() {
        let data = Data("[\n{\"instruction\": \"Say hi.\", \"output\": \"Hi\"},\n{\"instruction\": \"x\u{0}\"}\n]".utf8)
        let error = #expect(throws: PoolError.self) { try UpstreamFormats.read(data: data, file: "alpaca.json") }
        #expect(error?.description == "alpaca.json:3: contains a NUL byte at column 19; a NUL is not text: remove it, or export the file again; nothing was imported")
    }

    @Test func arrayElementsAreReportedByIndex() throws {
        let data = Data(#"[{"instruction": "Say hi.", "input": "", "output": "Hi"}, {"input": "x"}, {"instruction": "Say bye.", "input": "", "output": 3}]"#.utf8)
        let batch = try UpstreamFormats.read(data: data, file: "regen.json")
        #expect(batch.records.count == 1)
        #expect(batch.problems.map(\.description) == [
            "regen.json[1]: unusable record: no 'instruction' key; expected a seed task, a machine-generated instruction, an Alpaca item or a pool record",
            "regen.json[2]: unusable record: 'output' should be a string, found a number",
        ])
    }

    @Test func alpacaRegenSimilarityFieldsAreKept() throws {
        let data = Data(#"[{"instruction": "Give three tips for staying healthy.", "input": "", "output": "Eat well.", "most_similar_instructions": {"Give me some tips to reduce stress.": 0.4}, "avg_similarity_score": 0.1093}]"#.utf8)
        let record = try #require(try UpstreamFormats.read(data: data, file: "regen.json").records.first)
        #expect(record.mostSimilar == [SimilarInstruction(text: "Give me some tips to reduce stress.", score: 0.4)])
        #expect(record.avgSimilarityScore == 0.1093)
    }

    @Test func anUnparsableJSONArrayIsAnErrorNamingTheFile() {
        #expect(throws: PoolError.self) { try UpstreamFormats.read(data: Data("[{\"instruction\": ".utf8), file: "bad.json") }
    }

    @Test func ourOwnExportsImportBack() throws {
        try withTemporaryFolder { folder in
            let pool = try PoolFile(at: folder.pool)
            try pool.importFile(SharedData.url("data/seed_tasks.jsonl"))
            for format in [ExportFormat.instances, .alpaca] {
                var text = ""
                try FineTuningExport.export(pool, format: format) { text += $0 }
                let batch = try UpstreamFormats.read(data: Data(text.utf8), file: format.rawValue)
                #expect(batch.problems.isEmpty)
                #expect(batch.records.count == 175)
                #expect(Set(batch.records.map(\.instruction)) == Set(pool.entries.map(\.instruction)))
            }
            var upstream = ""
            try FineTuningExport.export(pool, format: .upstream, options: ExportOptions(statuses: [.seed])) { upstream += $0 }
            #expect(UpstreamFormats.read(text: upstream, file: "upstream.jsonl").formats == ["machine-generated": 175])
            // The pool file itself imports too, statuses and all.
            let copy = UpstreamFormats.read(text: try folder.read("pool.jsonl"), file: "pool.jsonl")
            #expect(copy.formats == ["pool": 175] && copy.records.allSatisfy { $0.status == .seed })
        }
    }
}
