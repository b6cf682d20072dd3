import Evaluation
import Foundation
import JSONLines
import TestSupport
import Testing

@Suite struct PredictionImportTests {
    @Test func theSixUpstreamPredictionFilesGive252TasksAnsweredBySixSystems() async throws {
        try await withTemporaryFolder { folder in
            let outcome = try await runCommand(["eval", "import"] + upstreamPredictionFiles, in: folder)
            #expect(outcome.status == 0, "\(outcome.stderr)")
            let eval = folder.file("eval")
            #expect(try jsonLines(eval.appendingPathComponent("tasks.jsonl")).count == 252)
            for system in upstreamSystems {
                let responses = try jsonLines(eval.appendingPathComponent("responses/\(system).jsonl"))
                #expect(responses.count == 252, "\(system)")
                #expect(Set(responses.compactMap { $0["task"]?.stringValue }).count == 252)
                #expect(responses.allSatisfy { $0["system"]?.stringValue == system })
                #expect(responses.first?["provenance"]?["source"]?.stringValue?.hasSuffix("\(system)_predictions.jsonl:1") == true)
            }
            let summary = try JSONParser.parse(try await runCommand(["eval", "summary", "--json"], in: folder).stdout)
            for system in upstreamSystems {
                #expect(summary["systems"]?[system]?["tasks"]?.intValue == 252)
            }
        }
    }

    @Test func predictionsTakeTheIdOfTheTaskTheyAnswerWhicheverFileComesFirst() throws {
        try withTemporaryFolder { folder in
            var batch = EvaluationImport()
            batch.read(file: upstreamPredictionFiles[1])
            batch.read(file: SharedData.url("data/user_oriented_instructions.jsonl").path)
            let evaluation = try EvaluationFolder(path: folder.file("eval").path, creating: true)
            let outcome = try batch.store(in: evaluation)
            #expect(outcome.tasksAdded == 252)
            #expect(outcome.responsesAdded == ["davinci-self-instruct": 252])
            #expect(evaluation.tasks.first?.id == "user_oriented_task_0")
            #expect(evaluation.responses["davinci-self-instruct"]?["user_oriented_task_251"] != nil)
        }
    }

    @Test func importingTheSameFilesAgainChangesNoFile() async throws {
        try await withTemporaryFolder { folder in
            let files = [SharedData.url("data/user_oriented_instructions.jsonl").path, upstreamPredictionFiles[0]]
            _ = try await runCommand(["eval", "import"] + files, in: folder)
            let before = try folder.read("eval/tasks.jsonl") + folder.read("eval/responses/davinci.jsonl")
            let again = try await runCommand(["eval", "import"] + files, in: folder)
            #expect(again.status == 0)
            #expect(again.stdout.contains("0 tasks added (252 in eval)"))
            #expect(try folder.read("eval/tasks.jsonl") + folder.read("eval/responses/davinci.jsonl") == before)
        }
    }

    @Test func seedTaskFilesAndAlpacaArraysAreTaskSetsToo() async throws {
        try await withTemporaryFolder { folder in
            let seeds = SharedData.url("data/seed_tasks.jsonl").path
            let first = try await runCommand(["eval", "import", seeds], in: folder)
            #expect(first.stdout.contains("175 tasks added"), "\(first.stderr)")
            let tasks = try jsonLines(folder.file("eval/tasks.jsonl"))
            #expect(tasks.first?["id"]?.stringValue == "seed_task_0")
            // The seed tasks' is_classification is kept: exact match scores those 26.
            #expect(tasks.filter { $0["is_classification"] == .bool(true) }.count == 26)
            let seedLine = try #require(String(contentsOfFile: seeds, encoding: .utf8).split(separator: "\n").first)
            let seed = try JSONParser.parse(seedLine)
            let output = try #require(seed["instances"]?.arrayValue?.first?["output"]?.stringValue)
            let alpaca = JSONValue.array([
                .object(["instruction": seed["instruction"]!, "input": .string(""), "output": .string(output)]),
                .object(["instruction": .string("Name a primary colour."), "input": .string(""), "output": .string("Red")]),
            ])
            try folder.write("alpaca.json", alpaca.jsonText)
            let second = try await runCommand(["eval", "import", "alpaca.json"], in: folder)
            #expect(second.stdout.contains("1 tasks added (176 in eval)"), "\(second.stdout)\(second.stderr)")
        }
    }

    @Test func badLinesAreNamedByFileAndLineAndEveryOtherLineIsImported() async throws {
        try await withTemporaryFolder { folder in
            try folder.write("mixed.jsonl", """
                {"instruction": "Name a colour.", "input": "", "output": "Blue."}
                {"instruction": "Add the numbers.", "input": "2 3
                {"title": "not a task"}
                {"id": "t4", "instruction": "Translate to French.", "instances": [{"input": "cat", "output": "chat"}]}

                """)
            try folder.write("mine_predictions.jsonl", """
                {"instruction": "Name a colour.", "input": "", "response": " Red.", "target": "Blue."}
                {"instruction": "Translate to French.", "input": "cat", "response": "chat"}

                """)
            let outcome = try await runCommand(["eval", "import", "mixed.jsonl", "mine_predictions.jsonl"], in: folder)
            #expect(outcome.status == 1)
            #expect(outcome.stderr.contains("error: mixed.jsonl:2: not valid JSON"), "\(outcome.stderr)")
            #expect(outcome.stderr.contains("error: mixed.jsonl:3: neither a task"))
            #expect(outcome.stderr.contains("error: mine_predictions.jsonl:2: a prediction needs"))
            let tasks = try jsonLines(folder.file("eval/tasks.jsonl"))
            #expect(tasks.compactMap { $0["instruction"]?.stringValue } == ["Name a colour.", "Translate to French."])
            #expect(tasks.last?["id"]?.stringValue == "t4")
            let responses = try jsonLines(folder.file("eval/responses/mine.jsonl"))
            #expect(responses.count == 1)
            #expect(responses.first?["response"]?.stringValue == " Red.")
            #expect(responses.first?["task"] == tasks.first?["id"])
        }
    }

    @Test(.enabled(if: rougeScorePython != nil, "needs rouge-score: set SELFINSTRUCT_PYTHON or run scripts/test to make the venv"))
    func meanRougeLPerSystemIsRougeScoresToTheLastBit() async throws {
        try await withTemporaryFolder { folder in
            let python = try #require(rougeScorePython)
            let script = """
                import json, sys
                from rouge_score import rouge_scorer
                scorer = rouge_scorer.RougeScorer(["rougeL"], use_stemmer=False)
                means = {}
                for path in sys.argv[1:]:
                    total, count = 0.0, 0
                    for line in open(path, encoding="utf-8"):
                        record = json.loads(line)
                        total += scorer.score(record["target"], record["response"])["rougeL"].fmeasure
                        count += 1
                    means[path.rsplit("/", 1)[-1].removesuffix("_predictions.jsonl")] = total / count
                print(json.dumps(means))
                """
            let reference = try await CommandRunner.run(executable: python, ["-c", script] + upstreamPredictionFiles)
            #expect(reference.status == 0, "\(reference.stderr)")
            let expected = try JSONParser.parse(reference.stdout)
            _ = try await runCommand(["eval", "import"] + upstreamPredictionFiles, in: folder)
            let summary = try JSONParser.parse(try await runCommand(["eval", "summary", "--json"], in: folder).stdout)
            for system in upstreamSystems {
                let ours = try #require(summary["systems"]?[system]?["rougeL_mean"]?.doubleValue)
                #expect(ours == expected[system]?.doubleValue, "\(system)")
            }
        }
    }
}
