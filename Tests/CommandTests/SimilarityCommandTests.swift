import Foundation
import JSONLines
import TestSupport
import Testing

@Suite(.serialized) struct SimilarityCommandTests {
    @Test func rougeReproducesTheReferenceFileLineForLine() async throws {
        let reference = try String(contentsOf: SharedData.url("data/rougeL_reference.jsonl"), encoding: .utf8)
        let outcome = try await CommandRunner.run(["rouge", SharedData.url("data/rougeL_reference.jsonl").path])
        #expect(outcome.status == 0, "\(outcome.stderr)")
        #expect(outcome.stdout == reference)
    }

    @Test func rougeReadsStandardInputAndWritesIntegerZerosForEmptyTexts() async throws {
        let outcome = try await CommandRunner.run(["rouge"], input: #"{"a": "???", "b": "abc", "id": 7}"# + "\n")
        #expect(outcome.stdout == #"{"a": "???", "b": "abc", "id": 7, "precision": 0, "recall": 0, "fmeasure": 0}"# + "\n")
    }

    @Test func malformedInputExitsWithFileAndLineAndWritesNothing() async throws {
        try await withTemporaryFolder { folder in
            let input = folder.file("pairs.jsonl")
            try Data((#"{"a": "x", "b": "y"}"# + "\n" + #"{"a": "x" "b"}"# + "\n" + #"{"a": 1, "b": "y"}"# + "\n").utf8).write(to: input)
            let outcome = try await CommandRunner.run(["rouge", input.path])
            #expect(outcome.status != 0)
            #expect(outcome.stdout.isEmpty)
            #expect(outcome.stderr.contains("pairs.jsonl:2: not valid JSON"))
            #expect(outcome.stderr.contains("pairs.jsonl:3: needs string fields"))
        }
    }

    @Test func dedupLeavesNoOutputFileWhenTheInputIsMalformed() async throws {
        try await withTemporaryFolder { folder in
            try Data("{\"instruction\": \"fine\"}\n{\"text\": \"no instruction\"}\n".utf8).write(to: folder.file("in.jsonl"))
            let outcome = try await CommandRunner.run(["dedup", folder.file("in.jsonl").path, "-o", folder.file("out.jsonl").path])
            #expect(outcome.status != 0)
            #expect(outcome.stderr.contains("in.jsonl:2: needs a string field \"instruction\""))
            #expect(!FileManager.default.fileExists(atPath: folder.file("out.jsonl").path))
        }
    }

    @Test func dedupReplacesAnExistingOutputFileWhole() async throws {
        try await withTemporaryFolder { folder in
            let output = folder.file("out.jsonl")
            try Data("stale\nlines\nfrom before\n".utf8).write(to: output)
            let input = #"{"instruction": "Name three rivers in Africa."}"#
            for _ in 0..<2 {
                let outcome = try await CommandRunner.run(["dedup", "-", "-o", output.path], input: input)
                #expect(outcome.status == 0, "\(outcome.stderr)")
            }
            let written = try String(contentsOf: output, encoding: .utf8)
            #expect(written.hasPrefix(#"{"instruction": "Name three rivers in Africa.", "kept": true"#))
            #expect(written.split(separator: "\n").count == 1)
            #expect(try FileManager.default.contentsOfDirectory(atPath: folder.url.path) == ["out.jsonl"])
        }
    }

    @Test func dedupKeepsOneOfTwoNearDuplicatesAndRecordsNeighbours() async throws {
        let input = [
            "Write a haiku about the first rain of autumn.",
            "Write a haiku about the first rain of spring.",
            "List three uses of baking soda in the kitchen.",
        ].map { JSONValue.object([("instruction", .string($0))]).jsonText }.joined(separator: "\n")
        let outcome = try await CommandRunner.run(["dedup", "-", "--top", "2"], input: input)
        #expect(outcome.status == 0, "\(outcome.stderr)")
        let lines = try outcome.stdout.split(separator: "\n").map { try JSONParser.parse($0) }
        #expect(lines.map { $0["kept"]?.boolValue } == [true, false, true])
        #expect(lines[1]["max_similarity"]?.doubleValue == 8.0 / 9.0)
        #expect(lines[1]["most_similar"]?["Write a haiku about the first rain of autumn."]?.doubleValue == 8.0 / 9.0)
        #expect(outcome.stderr.contains("kept 2 of 3"))
    }

    @Test func dedupWithoutTheMeanWritesTheSameDecisionsAndNeighboursWithANullMean() async throws {
        try await withTemporaryFolder { folder in
            // 3,000 of Alpaca's instructions and 1,500 near-duplicates of them, against the
            // paper's seeds: more lines than one formatting chunk.
            let alpaca = try JSONParser.parse(String(contentsOf: SharedData.url("data/alpaca_5000.json"), encoding: .utf8))
            guard case .array(let records) = alpaca else { throw CocoaError(.fileReadCorruptFile) }
            let originals = try records.prefix(3000).map { try #require($0["instruction"]?.stringValue) }
            let stream = originals + originals.prefix(1500).map { $0 + " please" }
            let input = folder.file("stream.jsonl").path
            try Data(stream.map { JSONValue.object([("instruction", .string($0))]).jsonText + "\n" }.joined().utf8)
                .write(to: URL(fileURLWithPath: input))
            let seeds = SharedData.url("data/seed_tasks.jsonl").path
            var outputs: [[JSONValue]] = []
            for (name, flags) in [("complete.jsonl", [String]()), ("pruned.jsonl", ["--no-mean"])] {
                let path = folder.file(name).path
                let outcome = try await CommandRunner.run(["dedup", input, "--seeds", seeds, "-o", path] + flags)
                #expect(outcome.status == 0, "\(outcome.stderr)")
                let text = try String(contentsOfFile: path, encoding: .utf8)
                outputs.append(try text.split(separator: "\n").map { try JSONParser.parse($0) })
            }
            let (complete, pruned) = (outputs[0], outputs[1])
            #expect(complete.count == 4500 && pruned.count == 4500)
            for (line, (full, fast)) in zip(complete, pruned).enumerated() {
                #expect(fast["instruction"] == full["instruction"], "line \(line + 1)")
                #expect(fast["kept"] == full["kept"], "line \(line + 1)")
                #expect(fast["max_similarity"] == full["max_similarity"], "line \(line + 1)")
                #expect(fast["most_similar"] == full["most_similar"], "line \(line + 1)")
                #expect(fast["avg_similarity_score"] == .null && full["avg_similarity_score"]?.doubleValue != nil)
            }
            #expect(complete.contains { $0["kept"]?.boolValue == false })
        }
    }

    @Test(.enabled(if: ReferencePython.executable != nil, "needs SELFINSTRUCT_PYTHON with rouge-score (scripts/test sets it)"))
    func dedupMatchesTheRougeScoreReferenceReplay() async throws {
        try await withTemporaryFolder { folder in
            let stream = folder.file("stream.jsonl")
            let python = try #require(ReferencePython.executable)
            let made = try await CommandRunner.run(
                executable: python, [SharedData.url("bench/make_instructions.py").path, "400", "-o", stream.path])
            #expect(made.status == 0, "\(made.stderr)")
            let seeds = SharedData.url("data/seed_tasks.jsonl").path
            let reference = try await CommandRunner.run(
                executable: python,
                [PackageRoot.url.appendingPathComponent("scripts/bench/rouge_reference.py").path, stream.path,
                 "--seeds", seeds, "--style", "alpaca"])
            #expect(reference.status == 0, "\(reference.stderr)")
            let ours = try await CommandRunner.run(["dedup", stream.path, "--seeds", seeds])
            #expect(ours.status == 0, "\(ours.stderr)")
            let expected = try reference.stdout.split(separator: "\n").map { try JSONParser.parse($0) }
            let actual = try ours.stdout.split(separator: "\n").map { try JSONParser.parse($0) }
            #expect(actual.count == 400)
            #expect(expected.count == actual.count)
            for (line, (mine, theirs)) in zip(actual, expected).enumerated() {
                #expect(mine["kept"] == theirs["kept"], "line \(line + 1)")
                #expect(mine["max_similarity"]?.doubleValue == theirs["max_similarity"]?.doubleValue, "line \(line + 1)")
                #expect(mine["most_similar"] == theirs["most_similar"], "line \(line + 1)")
                let mean = try #require(mine["avg_similarity_score"]?.doubleValue)
                let referenceMean = try #require(theirs["avg_similarity_score"]?.doubleValue)
                #expect(abs(mean - referenceMean) <= 1e-12, "line \(line + 1)")
            }
        }
    }

    @Test func neighborsPrintsTheMostSimilarPoolInstructions() async throws {
        try await withTemporaryFolder { folder in
            let pool = [
                #"{"id": "a", "instruction": "Write a poem about the ocean."}"#,
                #"{"id": "b", "instruction": "Compose a limerick about cats."}"#,
                #"{"id": "a", "instruction": "Write a poem about the sea."}"#,
                #"{"id": "c", "instruction": "Write a poem about the sea at night!", "status": "rejected"}"#,
            ].joined(separator: "\n")
            try Data(pool.utf8).write(to: folder.file("pool.jsonl"))
            let outcome = try await CommandRunner.run(["neighbors", "--pool", folder.file("pool.jsonl").path, "-k", "1", "Write a poem about the sea at night."])
            #expect(outcome.status == 0, "\(outcome.stderr)")
            #expect(outcome.stdout.contains("0.857  Write a poem about the sea.  [a]"))
            #expect(outcome.stdout.contains("over 2"))
        }
    }
}
