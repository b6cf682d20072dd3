import Foundation
import TestSupport
import Testing

/// `selfinstruct generate` (or another headless command) against a fake endpoint, in a
/// temporary folder with no user config; run off the test's threads, since the fake server
/// answers on them.
struct HeadlessRun {
    let folder: TemporaryFolder
    let server: FakeLLMServer
    var pool: URL { folder.file("pool.jsonl") }

    init(responder: (@Sendable (FakeLLMServer.RecordedRequest) -> FakeLLMServer.Reply)? = nil) async throws {
        folder = try TemporaryFolder()
        server = try await FakeLLMServer(responder: responder)
    }

    func run(_ command: String = "generate", _ arguments: String..., prefix: [String] = []) async throws -> CommandRunner.Outcome {
        let endpoint = command == "check" ? [] : ["--base-url", server.baseURL, "--api-key", "sk-fault-secret", "--model", "fake-model"]
        let all = [command, "--pool", pool.path] + endpoint + arguments
        let environment = ["XDG_CONFIG_HOME": folder.url.path, "OPENAI_BASE_URL": "", "OPENAI_API_KEY": "", "OPENAI_MODEL": ""]
        if prefix.isEmpty { return try await CommandRunner.run(all, environment: environment) }
        return try await CommandRunner.run(
            executable: URL(fileURLWithPath: "/bin/sh"), prefix + [CommandRunner.executable.path] + all, environment: environment)
    }

    /// The pool's lines, as text.
    func poolText() throws -> String { (try? String(contentsOf: pool, encoding: .utf8)) ?? "" }

    /// Records with a round, i.e. generated ones.
    func generatedLines() throws -> [String] {
        try poolText().split(separator: "\n").map(String.init).filter { $0.contains(#""round":"#) }
    }

    func finish() async {
        await server.stop()
        folder.remove()
    }
}

/// How often `needle` occurs in `text`.
private func occurrences(of needle: String, in text: String) -> Int {
    text.components(separatedBy: needle).count - 1
}

@Suite(.serialized) struct GenerateFaultTests {
    @Test(arguments: [
        (401, "401 Unauthorized"), (403, "403 Forbidden"), (404, "404 Not Found"), (400, "HTTP 400"),
    ])
    func anUnusableEndpointEndsATargetRunWithStatus3AndTheCauseOnce(status: Int, words: String) async throws {
        let run = try await HeadlessRun { _ in .raw(status: status, body: #"{"error":{"message":"refused by the fake"}}"#) }
        let outcome = try await run.run("generate", "--target", "1000")
        #expect(outcome.status == 3, "\(outcome.stderr)")
        #expect(occurrences(of: words, in: outcome.stderr) == 1, "\(outcome.stderr)")
        #expect(outcome.stderr.contains("error: generation stopped: \(run.server.baseURL)"))
        #expect(!outcome.stderr.contains("Usage:"))
        #expect(!outcome.stderr.contains("sk-fault-secret"))
        #expect(run.server.receivedCount <= 5)
        #expect(try run.generatedLines().isEmpty)
        await run.finish()
    }

    @Test(arguments: [false, true])
    func anHTMLPageOnA200EndsTheRunSayingItIsNotAnAPI(streamed: Bool) async throws {
        let run = try await HeadlessRun { _ in .htmlPage(status: 200) }
        let outcome = streamed ? try await run.run("generate", "--target", "1000") : try await run.run("generate", "--target", "1000", "--no-stream")
        #expect(outcome.status == 3, "\(outcome.stderr)")
        #expect(outcome.stderr.contains("not JSON"))
        #expect(outcome.stderr.contains("OpenAI-compatible API"))
        #expect(run.server.receivedCount <= 5)
        #expect(try run.generatedLines().isEmpty)
        await run.finish()
    }

    @Test(arguments: [false, true])
    func jsonWithoutChoicesEndsTheRun(streamed: Bool) async throws {
        let run = try await HeadlessRun { _ in .raw(status: 200, body: #"{"object":"list","data":[]}"#) }
        let outcome = streamed ? try await run.run("generate", "--target", "1000") : try await run.run("generate", "--target", "1000", "--no-stream")
        #expect(outcome.status == 3, "\(outcome.stderr)")
        #expect(outcome.stderr.contains("not an OpenAI-compatible answer"))
        #expect(run.server.receivedCount <= 5)
        #expect(try run.generatedLines().isEmpty)
        await run.finish()
    }

    @Test func streamsCutMidItemWriteNoRecordAndStopAfterThreeRounds() async throws {
        let body = FakeLLMServer.StreamScript.completion([" Describe the water cycle", " in simple words.\n", "10. "], finishReason: nil, done: false)
        let run = try await HeadlessRun { _ in .stream(FakeLLMServer.StreamScript(body: body, splitPoints: [120], dropAtEnd: true)) }
        let outcome = try await run.run("generate", "--target", "1000")
        #expect(outcome.status == 3, "\(outcome.stderr)")
        #expect(outcome.stderr.contains("every request of the last 3 rounds failed"))
        // 3 rounds of 5 prompts; a broken stream is not retried.
        #expect(run.server.receivedCount == 15)
        #expect(!(try run.poolText()).contains(#""instruction":"""#))
        await run.finish()
    }

    @Test func aStreamEndingRightAfterANumberKeepsTheItemsBeforeIt() async throws {
        let run = try await HeadlessRun { _ in .streamedWordByWord(" Describe the water cycle in simple words.\n10. ") }
        let outcome = try await run.run("generate", "--rounds", "1", "--prompts-per-round", "1")
        #expect(outcome.status == 0, "\(outcome.stderr)")
        let lines = try run.generatedLines()
        #expect(lines.count == 1)
        #expect(lines.allSatisfy { !$0.contains(#""instruction":"""#) })
        await run.finish()
    }

    @Test func aTooManyRequestsStormGoesOnOnceTheServerAnswers() async throws {
        let run = try await HeadlessRun()
        for _ in 0..<3 { run.server.enqueue(.rateLimited(retryAfter: "0")) }
        for _ in 0..<5 { run.server.enqueue(.streamedWordByWord(" Describe the water cycle in simple words.")) }
        let outcome = try await run.run("generate", "--rounds", "1")
        #expect(outcome.status == 0, "\(outcome.stderr)")
        #expect(outcome.stderr.contains("retrying"))
        #expect(try run.generatedLines().count == 5)
        await run.finish()
    }

    @Test func badFlagValuesAndFilesAreBadInputWithoutUsage() async throws {
        let run = try await HeadlessRun()
        let zero = try await run.run("generate", "--rounds", "0")
        #expect(zero.status == 2)
        #expect(zero.stderr.contains("--rounds must be at least 1"))
        #expect(!zero.stderr.contains("Usage:"))
        try FileManager.default.createDirectory(at: run.folder.file("templates"), withIntermediateDirectories: true)
        try run.folder.write("templates/bogus.txt", "not a template name")
        let templates = try await run.run("generate", "--templates", run.folder.file("templates").path)
        #expect(templates.status == 2, "\(templates.stderr)")
        #expect(!templates.stderr.contains("Usage:"))
        #expect(templates.stderr.contains("bogus.txt"))
        let seeds = try await run.run("instances", "--seeds", run.folder.file("missing.jsonl").path)
        #expect(seeds.status == 2, "\(seeds.stderr)")
        #expect(occurrences(of: "missing.jsonl", in: seeds.stderr) == 1)
        #expect(run.server.receivedCount == 0)
        await run.finish()
    }

    @Test func aLockedPoolIsAPoolProblem() async throws {
        let run = try await HeadlessRun()
        _ = try await run.run("classify")
        let lock = try FileHandle(forWritingTo: URL(fileURLWithPath: run.pool.path + ".lock"))
        #expect(flock(lock.fileDescriptor, LOCK_EX | LOCK_NB) == 0)
        // As a writer does: its pid in the lock file (an empty one is waited for a moment,
        // as a released lock lingering in a child about to exec).
        lock.write(Data("\(getpid())\n".utf8))
        let outcome = try await run.run("generate", "--rounds", "1")
        try lock.close()
        #expect(outcome.status == 4, "\(outcome.stderr)")
        #expect(outcome.stderr.contains("lock"))
        #expect(!outcome.stderr.contains("Usage:"))
        await run.finish()
    }

    @Test func aFullDiskWhileGeneratingIsAPoolProblemAndLeavesThePoolWhole() async throws {
        let run = try await HeadlessRun { _ in .completion(text: " Describe the water cycle in simple words.\n10. Name three famous painters from Spain.") }
        _ = try await run.run("classify")
        let before = try run.poolText()
        // A file-size limit (in 512-byte blocks) 2 KiB above the pool: the first round's
        // append (five completions with their prompts) fails as on a full disk.
        let blocks = before.utf8.count / 512 + 4
        let outcome = try await run.run("generate", "--rounds", "1", prefix: ["-c", "trap '' XFSZ; ulimit -f \(blocks) && exec \"$@\"", "sh"])
        #expect(outcome.status == 4, "\(outcome.stderr)")
        #expect(outcome.stderr.contains("the pool could not be updated"))
        #expect(occurrences(of: "the pool could not be updated", in: outcome.stderr) == 1)
        #expect(try run.poolText() == before)
        let check = try await run.run("check")
        #expect(check.status == 0, "\(check.stderr)")
        await run.finish()
    }
}
