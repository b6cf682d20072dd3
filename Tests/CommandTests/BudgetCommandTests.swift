import Foundation
import TestSupport
import Testing

/// `generate` under a budget: priced with `[prices]`, stopped before a request could pass
/// `max_cost`, with exit status 5, and the spent figure kept across runs in the pool's
/// spending ledger.
@Suite struct BudgetCommandTests {
    /// A dollar per generated token and free prompts; each request may generate 1 token
    /// (`--max-tokens 1`) and the fake server reports 5 prompt and 1 generated token.
    static let config = """
        [prices]
        "fake-model" = { input = 0, output = 1000000 }
        [budget]
        max_cost = 3.5

        """

    static let answers = [
        " Describe the water cycle in simple words.", " Name three famous painters from Spain.",
        " Explain how a rainbow forms in the sky.", " Suggest a name for a bakery that sells bagels.",
        " Summarize the plot of a fairy tale in two sentences.", " List four fruits that are rich in vitamin C.",
    ]

    /// Runs `selfinstruct arguments` with no endpoint from the environment.
    private func run(_ arguments: [String], in folder: TemporaryFolder) async throws -> CommandRunner.Outcome {
        let environment = ["XDG_CONFIG_HOME": folder.url.path, "OPENAI_BASE_URL": "", "OPENAI_API_KEY": "", "OPENAI_MODEL": ""]
        return try await CommandRunner.run(arguments, environment: environment)
    }

    private func generate(_ server: FakeLLMServer, _ folder: TemporaryFolder, _ extra: [String] = []) async throws -> CommandRunner.Outcome {
        try await run(["generate", "--pool", folder.pool.path, "--base-url", server.baseURL, "--api-key", "sk-budget", "--model", "fake-model",
                       "--max-tokens", "1", "--max-in-flight", "1", "--prompts-per-round", "5", "--rounds", "2", "--no-stream"] + extra,
                      in: folder)
    }

    @Test func generationStopsAtTheBudgetAndARestartKeepsTheSpentFigure() async throws {
        let server = try await FakeLLMServer()
        server.enqueue(contentsOf: Self.answers.map { .completion(text: $0, promptTokens: 5, completionTokens: 1) })
        try await withTemporaryFolder { folder in
            _ = try folder.write("pool.toml", Self.config)
            let first = try await generate(server, folder)
            #expect(first.status == 5)
            #expect(first.stderr.contains("generation stopped at the budget: the pool's max_cost of $3.5000 would be passed: $3.0000 spent, the next request may cost up to $1.0000"))
            #expect(server.receivedCount == 3)
            let ledger = try folder.read("pool.spending.jsonl").split(separator: "\n")
            #expect(ledger.count == 3 && ledger.allSatisfy { $0.contains(#""completion_tokens":1"#) && $0.contains(#""model":"fake-model""#) })
            let records = try latestRecords(in: folder.pool).values.filter { $0["round"] != nil }
            #expect(Set(records.compactMap { ($0["id"] as? String)?.split(separator: "-").dropLast().joined(separator: "-") }) == ["r1-0", "r1-1", "r1-2"])

            // A restart reads the spent figure back and refuses the next request.
            let poolBefore = try folder.read("pool.jsonl")
            let second = try await generate(server, folder)
            #expect(second.status == 5)
            #expect(second.stderr.contains("$3.0000 spent"))
            #expect(server.receivedCount == 3)
            #expect(try folder.read("pool.jsonl") == poolBefore)

            let stats = try await run(["stats", "--pool", folder.pool.path], in: folder)
            #expect(stats.status == 0)
            #expect(stats.stdout.contains("spent: 18 tokens (15 prompt, 3 generated) in 3 requests, $3.0000"))
            #expect(stats.stdout.contains("budget left: $0.5000 of max_cost $3.5000"))
            let accepted = records.filter { $0["status"] as? String == "accepted" }.count
            #expect(accepted == 3)
            #expect(stats.stdout.contains("cost per accepted instruction: $1.0000 (3 accepted)"))

            // Raised on the command line, the budget lets exactly one more request through.
            let third = try await generate(server, folder, ["--max-cost", "4.5"])
            #expect(third.status == 5)
            #expect(server.receivedCount == 4)
            #expect(try folder.read("pool.spending.jsonl").split(separator: "\n").count == 4)
        }
        await server.stop()
    }

    @Test func theExitStatusForAReachedBudgetIsDocumented() async throws {
        try await withTemporaryFolder { folder in
            for command in ["generate", "classify", "instances"] {
                let help = try await run([command, "--help"], in: folder)
                let words = help.stdout.split(whereSeparator: \.isWhitespace).joined(separator: " ")
                #expect(words.contains("5 budget reached"), "\(command) --help")
            }
        }
    }
}
