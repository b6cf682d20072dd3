import Foundation
import JSONLines
import TestSupport
import Testing

/// A temporary folder with a pool in it, and `selfinstruct` run against that pool.
private struct PoolFolder {
    let folder: TemporaryFolder
    var pool: URL { folder.pool }

    /// Runs `selfinstruct command --pool POOL arguments...`.
    func run(_ command: String, _ arguments: String...) async throws -> CommandRunner.Outcome {
        try await CommandRunner.run([command, "--pool", pool.path] + arguments)
    }

    /// Writes `text` to a file in the folder and returns its path.
    func write(_ name: String, _ text: String) throws -> String {
        try Data(text.utf8).write(to: folder.file(name))
        return folder.file(name).path
    }

    /// Imports `text` (written to `name`), expecting success.
    func importText(_ text: String, as name: String = "tasks.jsonl") async throws {
        let outcome = try await run("import", try write(name, text))
        #expect(outcome.status == 0, "\(outcome.stdout)\(outcome.stderr)")
    }
}

/// Runs `body` with a `PoolFolder` in a fresh temporary folder, removed afterwards.
private func withPoolFolder<Result>(_ body: (PoolFolder) async throws -> Result) async throws -> Result {
    try await withTemporaryFolder { try await body(PoolFolder(folder: $0)) }
}

/// Two seed tasks (one with three instances and inputs, one with an empty input) and two
/// Alpaca-style accepted tasks, one of them with two instances.
private let fixtureTasks = [
    #"{"id": "seed_task_0", "name": "antonyms", "instruction": "Give the antonym of the word.", "instances": [{"input": "hot", "output": "cold"}, {"input": "up", "output": "down"}, {"input": "light", "output": "dark"}], "is_classification": false}"#,
    #"{"id": "seed_task_1", "name": "joke", "instruction": "Tell a joke about cats.", "instances": [{"input": "", "output": "Why did the cat sit on the computer? To keep an eye on the mouse."}], "is_classification": false}"#,
    #"{"instruction": "Name the capital of the country.", "input": "France", "output": "Paris"}"#,
    #"{"instruction": "Name the capital of the country.", "input": "Japan", "output": "Tokyo"}"#,
    #"{"instruction": "Is the number even? Answer yes or no.", "input": "7", "output": "No"}"#,
].joined(separator: "\n") + "\n"

/// The JSON values of every non-empty line of `text`.
private func jsonLines(_ text: String) throws -> [JSONValue] {
    try text.split(separator: "\n").map { try JSONParser.parse($0) }
}

/// The keys of an object, sorted, or nil.
private func keys(_ value: JSONValue) -> [String]? {
    value.objectValue.map { $0.keys.sorted() }
}

@Suite(.serialized) struct PoolImportCommandTests {
    @Test func importsTheUpstreamSeedTasksAndReportsTheCounts() async throws {
        try await withPoolFolder { pool in
            let seeds = SharedData.url("data/seed_tasks.jsonl").path
            let first = try await pool.run("import", seeds)
            #expect(first.status == 0, "\(first.stderr)")
            #expect(first.stdout.contains("read 175 seed-tasks; added 175 records, 0 already in the pool, 0 problems"))
            let again = try await pool.run("import", seeds)
            #expect(again.status == 0)
            #expect(again.stdout.contains("added 0 records, 175 already in the pool"))
            let stats = try await pool.run("stats")
            #expect(stats.stdout.hasPrefix("175 records: 175 seed, 0 pending, 0 accepted, 0 rejected\n"))
        }
    }

    @Test func importsTheAlpacaArrayAsAcceptedTasks() async throws {
        try await withPoolFolder { pool in
            let outcome = try await pool.run("import", SharedData.url("data/alpaca_5000.json").path)
            #expect(outcome.status == 0, "\(outcome.stderr)")
            #expect(outcome.stdout.contains("read 5000 alpaca; added 5000 records, 0 already in the pool, 0 problems"))
            let stats = try await pool.run("stats")
            #expect(stats.stdout.hasPrefix("5000 records: 0 seed, 0 pending, 5000 accepted, 0 rejected\n"))
        }
    }

    @Test func reportsAMalformedLineAsFileAndLineAndImportsTheRest() async throws {
        try await withPoolFolder { pool in
            let lines = fixtureTasks.split(separator: "\n")
            let file = try pool.write("broken.jsonl", ([lines[0], #"{"instruction": "Cut off", "output": "#, lines[1]]).joined(separator: "\n") + "\n")
            let outcome = try await pool.run("import", file)
            #expect(outcome.status == 1)
            #expect(outcome.stdout.contains("\(file):2: unusable record: not valid JSON"))
            #expect(outcome.stdout.contains("added 2 records, 0 already in the pool, 1 problems"))
            #expect(try await pool.run("stats").stdout.hasPrefix("2 records: 2 seed,"))
        }
    }

    @Test func aNULByteAndAnArrayLineAreNamedOnceAndEveryOtherRecordIsImported() async throws {
        try await withPoolFolder { pool in
            let lines = fixtureTasks.split(separator: "\n").map(String.init)
            let file = try pool.write("mixed.jsonl", [lines[0], "[1, 2]", lines[2].replacingOccurrences(of: "France", with: "Fra\u{0}nce"), lines[1]].joined(separator: "\n") + "\n")
            let outcome = try await pool.run("import", file)
            #expect(outcome.status == 1)
            let array = "\(file):2: unusable record: a JSON array, not an object"
            let nul = "\(file):3: unusable record: contains a NUL byte at column 66"
            #expect(outcome.stdout.components(separatedBy: array).count == 2, "\(outcome.stdout)")
            #expect(outcome.stdout.components(separatedBy: nul).count == 2, "\(outcome.stdout)")
            #expect(!outcome.stderr.contains("mixed.jsonl:"), "errors are printed once: \(outcome.stderr)")
            #expect(outcome.stdout.contains("added 2 records, 0 already in the pool, 2 problems"))
        }
    }
}

@Suite(.serialized) struct PoolExportCommandTests {
    /// Runs `body` with a pool of the fixture tasks: 2 seeds (4 instances) and 2 accepted
    /// (3 instances), removed afterwards.
    private func withFixturePool(_ body: (PoolFolder) async throws -> Void) async throws {
        try await withPoolFolder { pool in
            try await pool.importText(fixtureTasks)
            try await body(pool)
        }
    }

    @Test func instancesWritesOneInstructionInputOutputObjectPerLine() async throws {
        try await withFixturePool { pool in
            let outcome = try await pool.run("export", "--format", "instances")
            #expect(outcome.status == 0, "\(outcome.stderr)")
            let lines = try jsonLines(outcome.stdout)
            #expect(lines.count == 7)
            for line in lines {
                #expect(keys(line) == ["input", "instruction", "output"])
                #expect(line.objectValue?.values.allSatisfy { $0.stringValue != nil } == true)
            }
            #expect(outcome.stderr.contains("exported 7 examples from 4 tasks"))
        }
    }

    @Test func alpacaWritesOneJSONArrayOfObjects() async throws {
        try await withFixturePool { pool in
            let outcome = try await pool.run("export", "--format", "alpaca")
            #expect(outcome.status == 0, "\(outcome.stderr)")
            let elements = try #require(try JSONParser.parse(outcome.stdout).arrayValue)
            #expect(elements.count == 7)
            #expect(elements.allSatisfy { keys($0) == ["input", "instruction", "output"] })
            #expect(elements.contains { $0["input"] == .string("Japan") && $0["output"] == .string("Tokyo") })
        }
    }

    /// The chat formats: one conversation per line, the user's turn then the model's.
    @Test(arguments: [
        (format: "openai-chat", list: "messages", speaker: "role", speakers: ["user", "assistant"], text: "content"),
        (format: "sharegpt", list: "conversations", speaker: "from", speakers: ["human", "gpt"], text: "value"),
    ])
    func chatFormatsWriteAUserTurnAndAModelTurnPerLine(
        shape: (format: String, list: String, speaker: String, speakers: [String], text: String)
    ) async throws {
        try await withFixturePool { pool in
            let lines = try await jsonLines(try pool.run("export", "--format", shape.format).stdout)
            #expect(lines.count == 7)
            for line in lines {
                #expect(keys(line) == [shape.list])
                let turns = try #require(line[shape.list]?.arrayValue)
                #expect(turns.map { $0[shape.speaker]?.stringValue } == shape.speakers)
                #expect(turns.allSatisfy { keys($0) == [shape.speaker, shape.text].sorted() && $0[shape.text]?.stringValue != nil })
            }
            #expect(lines.contains { $0[shape.list]?.arrayValue?.first?[shape.text] == .string("Name the capital of the country.\n\nFrance") })
        }
    }

    @Test func selfInstructWritesPromptCompletionPairsEndingInEndOfText() async throws {
        try await withFixturePool { pool in
            let outcome = try await pool.run("export", "--format", "self-instruct")
            let lines = try jsonLines(outcome.stdout)
            #expect(lines.count == 7)
            for line in lines {
                #expect(keys(line) == ["completion", "prompt"])
                #expect(line["prompt"]?.stringValue != nil)
                #expect(line["completion"]?.stringValue?.hasSuffix("<|endoftext|>") == true)
            }
            #expect(try await pool.run("export", "--format", "self-instruct").stdout == outcome.stdout, "the same seed gives the same file")
        }
    }

    @Test func upstreamWritesAcceptedTasksInTheMachineGeneratedShape() async throws {
        try await withFixturePool { pool in
            let lines = try await jsonLines(try pool.run("export", "--format", "upstream").stdout)
            #expect(lines.count == 2, "upstream exports accepted tasks only by default")
            for line in lines {
                #expect(keys(line) == ["avg_similarity_score", "instruction", "metadata", "most_similar", "request_idx"])
                #expect(line["instruction"]?.stringValue != nil)
                #expect(line["avg_similarity_score"]?.doubleValue != nil)
                #expect(line["request_idx"]?.intValue == 0)
                #expect(line["most_similar"]?.objectValue != nil)
                #expect(line["metadata"]?["response"]?["choices"]?.arrayValue?.count == 1)
            }
        }
    }

    @Test func upstreamKeepsUpstreamKeyOrderAndMostSimilarFromTheHighestScoreDown() async throws {
        try await withPoolFolder { pool in
            try await pool.importText(
                #"{"instruction": "Find the odd one out in the list of words.", "most_similar": {"Zebra crossings are safe.": 0.5, "Apples are red.": 0.25, "Make a list of fruits.": 0.4}, "avg_similarity_score": 0.1, "metadata": {"prompt": "p"}, "request_idx": 3}"# + "\n",
                as: "machine_generated_instructions.jsonl")
            let line = try await pool.run("export", "--format", "upstream").stdout
            #expect(line.hasPrefix(#"{"instruction": "Find the odd one out in the list of words.", "most_similar": {"Zebra crossings are safe.": 0.5, "Make a list of fruits.": 0.4, "Apples are red.": 0.25}, "avg_similarity_score": 0.1, "metadata": "#))
            #expect(line.hasSuffix(#", "request_idx": 3}"# + "\n"))
        }
    }

    @Test func statusChoosesWhichRecordsAreExported() async throws {
        try await withFixturePool { pool in
            let seeds = try await pool.run("export", "--format", "instances", "--status", "seed")
            #expect(try jsonLines(seeds.stdout).count == 4)
            #expect(seeds.stderr.contains("exported 4 examples from 2 tasks"))
            let accepted = try await pool.run("export", "--format", "instances", "--status", "accepted")
            #expect(try jsonLines(accepted.stdout).count == 3)
            #expect(try await jsonLines(try pool.run("export", "--format", "upstream", "--status", "all").stdout).count == 4)
            let wrong = try await pool.run("export", "--format", "instances", "--status", "approved")
            #expect(wrong.status != 0)
            #expect(wrong.stderr.contains("approved"))
        }
    }

    @Test func maxInstancesSamplesAtMostThatManyPerTask() async throws {
        try await withFixturePool { pool in
            let outcome = try await pool.run("export", "--format", "instances", "--max-instances", "1")
            let lines = try jsonLines(outcome.stdout)
            #expect(lines.count == 4)
            #expect(Set(lines.compactMap { $0["instruction"]?.stringValue }).count == 4)
            #expect(outcome.stderr.contains("exported 4 examples from 4 tasks"))
            #expect(try await pool.run("export", "--format", "instances", "--max-instances", "0").status != 0)
        }
    }

    @Test func outputGoesToAFileWhenAsked() async throws {
        try await withFixturePool { pool in
            let target = pool.folder.file("train.json")
            let outcome = try await pool.run("export", "--format", "alpaca", "-o", target.path)
            #expect(outcome.status == 0, "\(outcome.stderr)")
            #expect(outcome.stdout.isEmpty)
            let text = try String(contentsOf: target, encoding: .utf8)
            #expect(try JSONParser.parse(text).arrayValue?.count == 7)
            let left = try FileManager.default.contentsOfDirectory(atPath: pool.folder.url.path)
            #expect(!left.contains { $0.hasSuffix(".partial") }, "no temporary file is left behind: \(left)")
        }
    }

    @Test func anUnwritableOutputIsAnErrorNamingThePath() async throws {
        try await withFixturePool { pool in
            let target = pool.folder.file("missing-folder/train.jsonl").path
            let outcome = try await pool.run("export", "--format", "instances", "-o", target)
            #expect(outcome.status == 1)
            #expect(outcome.stderr.contains("error: \(target): cannot create the output file"))
        }
    }

    @Test func anExportThatFailsMidwayLeavesNeitherTheOutputNorATemporaryFile() async throws {
        try await withPoolFolder { pool in
            _ = try pool.write("pool.jsonl", [
                #"{"id":"a","instruction":"Do a.","instances":[{"input":"","output":"x"}],"status":"accepted"}"#,
                #"{"id":"b","instruction":"Do b.","instances":[],"status":"accepted","provenance":{"instruction_generation":"oops"}}"#,
            ].joined(separator: "\n") + "\n")
            let before = try pool.folder.fileNames()
            let outcome = try await pool.run("export", "--format", "instances", "-o", pool.folder.file("train.jsonl").path)
            #expect(outcome.status == 1)
            #expect(outcome.stderr.contains("\(pool.pool.path):2"), "\(outcome.stderr)")
            #expect(try pool.folder.fileNames() == before)
        }
    }
}

@Suite(.serialized) struct PoolCheckAndStatsCommandTests {
    /// Pool lines: a seed, three rejected (two by keyword, one by similarity), one accepted.
    private let poolLines = [
        #"{"id":"a","instruction":"Do a.","instances":[{"input":"","output":"x"}],"status":"seed"}"#,
        #"{"id":"b","instruction":"Do b.","instances":[],"status":"rejected","why":{"kind":"similarity","value":0.82,"neighbour":"Do a."}}"#,
        #"{"id":"c","instruction":"Draw an image.","instances":[],"status":"rejected","why":{"kind":"keyword","value":"image"}}"#,
        #"{"id":"d","instruction":"Plot a graph.","instances":[],"status":"rejected","why":{"kind":"keyword","value":"graph"}}"#,
        #"{"id":"e","instruction":"Do e.","instances":[{"input":"","output":"y"}],"status":"accepted"}"#,
    ]

    @Test func checkReportsATornLastLineAndRepairMovesItToTheQuarantine() async throws {
        try await withPoolFolder { pool in
            _ = try pool.write("pool.jsonl", poolLines.joined(separator: "\n") + "\n" + #"{"id":"f","instruction":"Do f.","inst"#)
            let check = try await pool.run("check")
            #expect(check.status == 1)
            #expect(check.stdout.contains("\(pool.pool.path):6: torn last line"))
            #expect(check.stdout.contains("5 records in 6 lines, 1 problems"))

            let repair = try await pool.run("check", "--repair")
            #expect(repair.status == 0, "\(repair.stdout)")
            #expect(repair.stdout.contains("repaired: \(pool.pool.path):6: torn last line"))
            let quarantine = try String(contentsOf: pool.folder.file("pool.jsonl.quarantine"), encoding: .utf8)
            #expect(quarantine.contains(#"{"id":"f","instruction":"Do f.","inst"#))

            let after = try await pool.run("check")
            #expect(after.status == 0)
            #expect(after.stdout.contains("5 records in 5 lines, 0 problems"))
        }
    }

    @Test func checkRepairRewritesARecordWhoseProvenanceDoesNotRead() async throws {
        try await withPoolFolder { pool in
            let broken = #"{"id":"f","instruction":"Do f.","instances":[{"input":"","output":"z"}],"status":"accepted","provenance":{"instruction_generation":"oops"}}"#
            _ = try pool.write("pool.jsonl", (poolLines + [broken]).joined(separator: "\n") + "\n")
            let check = try await pool.run("check")
            #expect(check.status == 1)
            #expect(check.stdout.contains("\(pool.pool.path):6"))

            let repair = try await pool.run("check", "--repair")
            #expect(repair.status == 0, "\(repair.stdout)")
            #expect(repair.stdout.contains("repaired: \(pool.pool.path):6: 'f' did not read whole; rewritten without provenance"))
            let quarantine = try String(contentsOf: pool.folder.file("pool.jsonl.quarantine"), encoding: .utf8)
            #expect(quarantine.contains(broken))
            #expect(try await pool.run("check").status == 0)
        }
    }

    @Test func checkRepairRepairsInvalidUTF8InEveryStoredFieldAndExportThenWorksInEveryFormat() async throws {
        try await withPoolFolder { pool in
            // One record per stored string, each with the bytes C3 28 (an unfinished sequence) in it.
            let fields = ["ID", "NAME", "INSTRUCTION", "INPUT", "OUTPUT", "TASKDETAIL", "DROPPEDINPUT", "NEIGHBOUR", "NOTE", "SIMILAR", "COMPLETION", "BEFORE", "AFTER"]
            let template = #"{"format_version":2,"id":"ID","revision":1,"name":"NAME","instruction":"INSTRUCTION","instances":[{"input":"INPUT","output":"OUTPUT","status":"accepted"}],"instances_why":{"task":{"name":"none-parsed","detail":"TASKDETAIL"},"dropped":[{"input":"DROPPEDINPUT","output":"o","reason":{"name":"duplicate","detail":"d"}}]},"is_classification":false,"status":"accepted","why":{"kind":"similarity","value":0.8,"neighbour":"NEIGHBOUR","note":"NOTE"},"most_similar":{"SIMILAR":0.8},"avg_similarity_score":0.1,"round":1,"provenance":{"instruction_generation":{"raw_completion":"COMPLETION"}},"edits":[{"field":"instruction","before":"BEFORE","after":"AFTER","at":"2025-01-01T00:00:00.000Z"}]}"#
            var bytes = Array((poolLines.joined(separator: "\n") + "\n").utf8)
            for (index, field) in fields.enumerated() {
                let line = fields.reduce(template) { $0.replacingOccurrences(of: "\"\($1)\"", with: "\"\($1)-\(index)\"") }
                let cut = line.range(of: "\"\(field)-\(index)")!.upperBound
                bytes += Array(line[..<cut].utf8) + [0xC3, 0x28] + Array(line[cut...].utf8) + [0x0A]
            }
            try Data(bytes).write(to: pool.pool)
            let check = try await pool.run("check")
            #expect(check.status == 1)
            #expect(check.stdout.contains("12 records in 18 lines, 13 problems\n"), "\(check.stdout)")  // 6 lines do not load
            #expect(!check.stdout.contains("run `selfinstruct check`"), "no advice to run the command that printed it")
            #expect(check.stdout.contains("`selfinstruct check --repair --pool \(pool.pool.path)` moves unreadable lines"))

            let repair = try await pool.run("check", "--repair")
            #expect(repair.status == 0, "\(repair.stdout)")
            #expect(!repair.stdout.contains("check --repair"), "no advice to run the command that printed it")
            let after = try await pool.run("check")
            #expect(after.status == 0, "\(after.stdout)")
            #expect(after.stdout.contains("\(5 + fields.count) records in"))
            for format in ["self-instruct", "openai-chat", "alpaca", "sharegpt", "instances", "upstream"] {
                let export = try await pool.run("export", "--format", format, "--status", "all")
                #expect(export.status == 0, "\(format): \(export.stderr)")
            }
            let quarantine = Array(try Data(contentsOf: pool.folder.file("pool.jsonl.quarantine")))
            #expect(quarantine.count(where: { $0 == 0xC3 }) == fields.count, "every original line is kept")
        }
    }

    @Test func checkNamesRecordsWithEmptyOutputsOrRejectedWithoutAReason() async throws {
        try await withPoolFolder { pool in
            _ = try pool.write("pool.jsonl", [
                #"{"id":"a","instruction":"Do a.","instances":[{"input":"","output":" "}],"status":"accepted"}"#,
                #"{"id":"b","instruction":"Do b.","instances":[],"status":"rejected"}"#,
            ].joined(separator: "\n") + "\n")
            let check = try await pool.run("check")
            #expect(check.status == 1)
            #expect(check.stdout.contains("\(pool.pool.path):1: 'a' instance 0 has an empty output"))
            #expect(check.stdout.contains("\(pool.pool.path):2: 'b' is rejected without a reason"))
        }
    }

    @Test func statsCountsRecordsByStatusAndRejectionsByReason() async throws {
        try await withPoolFolder { pool in
            _ = try pool.write("pool.jsonl", poolLines.joined(separator: "\n") + "\n")
            let stats = try await pool.run("stats")
            #expect(stats.status == 0, "\(stats.stderr)")
            let lines = stats.stdout.split(separator: "\n", omittingEmptySubsequences: false)
            #expect(lines.first == "5 records: 1 seed, 0 pending, 1 accepted, 3 rejected")
            #expect(lines.dropFirst().first == "rejected by reason: 2 keyword, 1 similarity")
            #expect(stats.stdout.contains("instances per task (seed + accepted)"))
        }
    }
}
