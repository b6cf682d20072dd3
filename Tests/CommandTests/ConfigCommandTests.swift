import Foundation
import TestSupport
import Testing

/// The config files as the generation commands and `selfinstruct config` use them.
@Suite struct ConfigCommandTests {
    static let secret = "sk-config-secret-4242"

    /// Runs the command with `environment`.
    func run(_ arguments: [String], environment: [String: String]) async throws -> CommandRunner.Outcome {
        try await CommandRunner.run(arguments, environment: environment)
    }

    @Test func keyFromThePoolConfigIsSentButNeverWrittenOrPrinted() async throws {
        try await withTemporaryFolder { folder in
            let server = try await FakeLLMServer()
            let pool = folder.file("pool.jsonl").path
            let configHome = folder.file("config")
            try FileManager.default.createDirectory(at: configHome.appendingPathComponent("selfinstruct"), withIntermediateDirectories: true)
            try "[endpoint]\nbase_url = \"\(server.baseURL)\"\nmodel = \"user-model\"\n[generation]\nseed = 5\n"
                .write(to: configHome.appendingPathComponent("selfinstruct/config.toml"), atomically: true, encoding: .utf8)
            try "[endpoint]\napi_key = \"\(Self.secret)\"\nmodel = \"pool-model\"\n[generation]\nprompts_per_round = 1\n"
                .write(to: folder.file("pool.toml"), atomically: true, encoding: .utf8)
            let environment = ["XDG_CONFIG_HOME": configHome.path, "OPENAI_API_KEY": "", "OPENAI_BASE_URL": "", "OPENAI_MODEL": ""]

            server.enqueue(.completion(text: " Describe the water cycle in simple words.\n10. Name three painters from Spain."))
            let generate = try await run(["generate", "--rounds", "1", "--no-stream", "--pool", pool], environment: environment)
            #expect(generate.status == 0, "\(generate.stderr)")
            let request = try #require(server.requests.first)
            #expect(request.headers.first { $0.key.lowercased() == "authorization" }?.value == "Bearer \(Self.secret)")
            #expect(String(decoding: request.body, as: UTF8.self).contains("\"pool-model\""))

            let config = try await run(["config", "--pool", pool, "--seed", "9"], environment: environment)
            #expect(config.status == 0, "\(config.stderr)")
            #expect(config.stdout.contains("base_url"), "\(config.stdout)")
            for (name, value, source) in [("base_url", server.baseURL, "user"), ("model", "pool-model", "pool"),
                                          ("api_key", "<redacted>", "pool"), ("seed", "9", "flag"), ("prompts_per_round", "1", "pool"),
                                          ("api", "completions", "default")] {
                #expect(config.stdout.split(separator: "\n").contains { $0.hasPrefix(name + " ") && $0.hasSuffix("\(value)  (\(source))") },
                        "\(name) in \(config.stdout)")
            }
            let stats = try await run(["stats", "--pool", pool], environment: environment)
            let export = try await run(["export", "--format", "upstream", "--status", "all", "--pool", pool], environment: environment)
            let poolText = try String(contentsOfFile: pool, encoding: .utf8)
            #expect(poolText.contains("Describe the water cycle"))
            for text in [poolText, generate.stdout, generate.stderr, config.stdout, config.stderr, stats.stdout, stats.stderr, export.stdout, export.stderr] {
                #expect(!text.contains(Self.secret))
                #expect(!text.contains("4242"))
            }
            await server.stop()
        }
    }

    @Test func badConfigStopsTheCommandWithFileLineAndKey() async throws {
        try await withTemporaryFolder { folder in
            let pool = folder.file("pool.jsonl").path
            try "[endpoint]\nmodel = \"m\"\nmax_in_flight = 0\n".write(to: folder.file("pool.toml"), atomically: true, encoding: .utf8)
            let outcome = try await run(["config", "--pool", pool], environment: ["XDG_CONFIG_HOME": folder.file("none").path])
            #expect(outcome.status != 0)
            #expect(outcome.stderr.contains("\(folder.file("pool.toml").path):3: [endpoint] max_in_flight: expected a whole number of at least 1"), "\(outcome.stderr)")
        }
    }
}
