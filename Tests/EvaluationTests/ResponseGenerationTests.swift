import Evaluation
import Foundation
import JSONLines
import Synchronization
import TestSupport
import Testing

/// Twenty tasks, "Task N: …"; the even ones have an input.
private let taskLines = (1...20).map { number in
    #"{"id": "t\#(number)", "instruction": "Task \#(number): repeat the word.", "input": "\#(number % 2 == 0 ? "word \(number)" : "")", "output": "word \#(number)"}"#
}

/// The task number in a completion prompt.
private func taskNumber(_ request: FakeLLMServer.RecordedRequest) -> Int {
    let prompt = request.json?["prompt"] as? String ?? ""
    return Int(prompt.dropFirst("Task ".count).prefix { $0.isNumber }) ?? 0
}

/// Whether a fake model fails half the time; the test turns it off between runs.
private final class Flakiness: Sendable {
    private let on = Atomic(true)
    var isOn: Bool { on.load(ordering: .relaxed) }
    func turnOff() { on.store(false, ordering: .relaxed) }
}

/// A model that answers "answer N", streamed when asked to; while `flakiness` is on, the
/// stream for an odd task breaks after its first word (a failure the client does not retry).
private func model(flakiness: Flakiness? = nil) -> @Sendable (FakeLLMServer.RecordedRequest) -> FakeLLMServer.Reply {
    { request in
        let number = taskNumber(request)
        if flakiness?.isOn == true, number % 2 == 1 { return .streamCutMidItem(["answer"]) }
        let streamed = request.json?["stream"] as? Bool ?? false
        return streamed ? .streamedWordByWord("answer \(number)") : .completion(text: "answer \(number)")
    }
}

@Suite(.serialized) struct ResponseGenerationTests {
    @Test func twoEndpointsOneFailingHalfTheTimeEndWithEveryResponseStoredOrReportedAndARerunResumes() async throws {
        let flakiness = Flakiness()
        let steady = try await FakeLLMServer(responder: model())
        let flaky = try await FakeLLMServer(responder: model(flakiness: flakiness))
        defer { Task { await steady.stop(); await flaky.stop() } }
        try await withTemporaryFolder { folder in
            try folder.write("tasks.jsonl", taskLines.joined(separator: "\n") + "\n")
            #expect(try await runCommand(["eval", "import", "tasks.jsonl"], in: folder).status == 0)
            let generate = ["eval", "generate", "--endpoint", "steady=\(steady.baseURL),fake-model",
                            "--endpoint", "flaky=\(flaky.baseURL),fake-model,completions"]

            let first = try await runCommand(generate, in: folder)
            #expect(first.status == 1, "\(first.stderr)")
            let reported = Set(first.stderr.split(separator: "\n").compactMap { line -> String? in
                guard line.hasPrefix("error: flaky: task ") else { return nil }
                return String(line.dropFirst("error: flaky: task ".count).prefix { $0 != ":" })
            })
            #expect(reported == Set((1...20).filter { $0 % 2 == 1 }.map { "t\($0)" }), "\(first.stderr)")
            #expect(first.stdout.contains("steady: 20 stored, 0 answered before, 0 failed"))
            #expect(first.stdout.contains("flaky: 10 stored, 0 answered before, 10 failed"))
            let steadyLines = try jsonLines(folder.file("eval/responses/steady.jsonl"))
            #expect(Set(steadyLines.compactMap { $0["task"]?.stringValue }).count == 20)
            let flakyFirst = try folder.read("eval/responses/flaky.jsonl")
            let stored = Set(try jsonLines(folder.file("eval/responses/flaky.jsonl")).compactMap { $0["task"]?.stringValue })
            #expect(stored.isDisjoint(with: reported))
            #expect(stored.union(reported) == Set((1...20).map { "t\($0)" }))

            let byTask = Dictionary(uniqueKeysWithValues: steadyLines.map { ($0["task"]!.stringValue!, $0) })
            #expect(byTask["t2"]?["response"]?.stringValue == "answer 2")
            #expect(byTask["t2"]?["provenance"]?["prompt"]?.stringValue == "Task 2: repeat the word.\n\nInput: word 2\nOutput:")
            #expect(byTask["t3"]?["provenance"]?["prompt"]?.stringValue == "Task 3: repeat the word.\nOutput:")
            #expect(byTask["t3"]?["provenance"]?["model"]?.stringValue == "fake-model")
            #expect(byTask["t3"]?["provenance"]?["finish_reason"]?.stringValue == "stop")
            #expect(steady.requests.allSatisfy { ($0.json?["temperature"] as? Double) == 0 && ($0.json?["max_tokens"] as? Int) == 1024 })

            flakiness.turnOff()
            let (steadyBefore, flakyBefore) = (steady.receivedCount, flaky.receivedCount)
            let second = try await runCommand(generate + ["--no-stream"], in: folder)
            #expect(second.status == 0, "\(second.stderr)")
            #expect(steady.receivedCount == steadyBefore)
            #expect(flaky.receivedCount == flakyBefore + 10)
            #expect(second.stdout.contains("flaky: 10 stored, 10 answered before, 0 failed"))
            #expect(try folder.read("eval/responses/flaky.jsonl").hasPrefix(flakyFirst))
            let flakyLines = try jsonLines(folder.file("eval/responses/flaky.jsonl"))
            #expect(flakyLines.count == 20)
            #expect(flakyLines.allSatisfy { $0["response"]?.stringValue == "answer " + $0["task"]!.stringValue!.dropFirst() })
        }
    }

    @Test func anUnusableEndpointIsNotSentTheRestAndNothingIsStored() async throws {
        let refusing = try await FakeLLMServer { _ in .invalidAPIKey }
        defer { Task { await refusing.stop() } }
        try await withTemporaryFolder { folder in
            try folder.write("tasks.jsonl", taskLines.joined(separator: "\n") + "\n")
            _ = try await runCommand(["eval", "import", "tasks.jsonl"], in: folder)
            let outcome = try await runCommand(["eval", "generate", "--endpoint", "locked=\(refusing.baseURL),fake-model", "--concurrency", "2"], in: folder)
            #expect(outcome.status == 1)
            let asked = outcome.stderr.components(separatedBy: "error: locked: task ").count - 1
            #expect(asked == refusing.receivedCount)
            #expect(refusing.receivedCount <= 2)
            #expect(outcome.stderr.contains("error: locked: \(20 - asked) more tasks not asked: the endpoint is unusable (\(refusing.baseURL)/completions answered 401 Unauthorized"), "\(outcome.stderr)")
            #expect(outcome.stdout.contains("locked: 0 stored, 0 answered before, 20 failed"))
            #expect(!FileManager.default.fileExists(atPath: folder.file("eval/responses/locked.jsonl").path))
        }
    }

    @Test func thePromptIsUpstreamsUnlessTemplatesOfOnesOwnAreGiven() async throws {
        let task = EvaluationTask(id: "t", instruction: " Say {input} twice. ", input: "hi", reference: "hi hi")
        let bare = EvaluationTask(id: "u", instruction: "Write a haiku about rain.", input: " ", reference: "")
        #expect(ResponsePrompt.upstream.text(for: task) == "Say {input} twice.\n\nInput: hi\nOutput:")
        #expect(ResponsePrompt.upstream.text(for: bare) == "Write a haiku about rain.\nOutput:")
        let alpaca = try ResponsePrompt(withInput: "### Instruction:\n{instruction}\n\n### Input:\n{input}\n\n### Response:",
                                        withoutInput: "### Instruction:\n{instruction}\n\n### Response:")
        #expect(alpaca.text(for: task) == "### Instruction:\nSay {input} twice.\n\n### Input:\nhi\n\n### Response:")
        #expect(throws: EvaluationError.self) { try ResponsePrompt(withInput: "{instruction}", withoutInput: "{instruction}") }

        let server = try await FakeLLMServer(responder: model())
        defer { Task { await server.stop() } }
        try await withTemporaryFolder { folder in
            try folder.write("tasks.jsonl", taskLines.prefix(2).joined(separator: "\n") + "\n")
            try folder.write("with.txt", "Task? {instruction}\nGiven: {input}\nAnswer:\n")
            #expect(try await runCommand(["eval", "import", "tasks.jsonl"], in: folder).status == 0)
            let outcome = try await runCommand(["eval", "generate", "--endpoint", "m=\(server.baseURL),fake-model", "--prompt", "with.txt"], in: folder)
            #expect(outcome.status == 0, "\(outcome.stderr)")
            #expect(outcome.stdout.contains("m: 2 stored, 0 answered before, 0 failed; "), "\(outcome.stdout)")
            #expect(outcome.stdout.contains(" completion tokens, $0.0000"))
            let prompts = try jsonLines(folder.file("eval/responses/m.jsonl")).compactMap { $0["provenance"]?["prompt"]?.stringValue }
            #expect(Set(prompts) == ["Task 1: repeat the word.\nOutput:", "Task? Task 2: repeat the word.\nGiven: word 2\nAnswer:"])
            try folder.write("bad.txt", "{instruction} only")
            let bad = try await runCommand(["eval", "generate", "--endpoint", "m=\(server.baseURL),fake-model", "--prompt", "bad.txt"], in: folder)
            #expect(bad.status != 0)
            #expect(bad.stderr.contains("bad.txt: the prompt for tasks with an input needs {instruction} and {input}"), "\(bad.stderr)")
        }
    }

    @Test func aBadEndpointSpecSaysHowToWriteOne() async throws {
        try await withTemporaryFolder { folder in
            _ = try await runCommand(["eval", "import", SharedData.url("data/user_oriented_instructions.jsonl").path], in: folder)
            let outcome = try await runCommand(["eval", "generate", "--endpoint", "mine=http://127.0.0.1:9/v1,m,telepathy"], in: folder)
            #expect(outcome.status != 0)
            #expect(outcome.stderr.contains("the api is “telepathy”, not completions or chat"))
            #expect(outcome.stderr.contains("NAME=URL[,model][,api]"))
        }
    }
}
