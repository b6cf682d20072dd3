import Foundation
import JSONLines
import TestSupport
import Testing

/// `selfinstruct generate` over several endpoints, from `--endpoint` flags and from
/// `[[endpoints]]` in pool.toml, against fake servers; then `stats --json`.
@Suite(.serialized) struct SeveralEndpointsCommandTests {
    static let answer = " Describe the water cycle in simple words.\n5. Name three famous painters from Spain.\n6."

    /// Runs the command off the test's threads (the fake servers answer on them), in a folder
    /// with no user config and no OPENAI_* variables but `environment`.
    func run(_ arguments: [String], in folder: TemporaryFolder, environment: [String: String] = [:]) async throws -> CommandRunner.Outcome {
        var variables = ["XDG_CONFIG_HOME": folder.url.path, "OPENAI_BASE_URL": "", "OPENAI_API_KEY": "", "OPENAI_MODEL": ""]
        variables.merge(environment) { $1 }
        let all = variables
        return try await CommandRunner.run(arguments, environment: all)
    }

    @Test func generateOverTwoEndpointFlagsFinishesFromTheHealthyOneAndStatsSplitsByEndpoint() async throws {
        let folder = try TemporaryFolder()
        let healthy = try await FakeLLMServer { _ in .completion(text: Self.answer) }
        let failing = try await FakeLLMServer { _ in .serverError(503) }
        let pool = folder.file("pool.jsonl").path
        let outcome = try await run(
            ["generate", "--pool", pool, "--rounds", "3", "--no-stream", "--api-key", "sk-cli-secret-key",
             "--endpoint", "down=\(failing.baseURL),fake-model", "--endpoint", "up=\(healthy.baseURL),fake-model"], in: folder)
        #expect(outcome.status == 0, "\(outcome.stderr)")
        #expect(outcome.stderr.contains("down (fake-model), up (fake-model)"))
        // Progress samples the endpoints' health, so a second failure may come before the first
        // sample: the line then says "resting 3 s … (2 errors so far".
        let rest = #/endpoint down: resting [0-9]+ s, its share goes to the others \([0-9]+ errors? so far; the last: /#
        #expect(outcome.stderr.contains(rest), "\(outcome.stderr)")
        #expect(outcome.stderr.contains("so far; the last: \(failing.baseURL)"), "\(outcome.stderr)")
        let text = try String(contentsOfFile: pool, encoding: .utf8)
        let generated = text.split(separator: "\n").filter { $0.contains(#""round":"#) }
        #expect(!generated.isEmpty)
        #expect(generated.allSatisfy { $0.contains(#""endpoint_name":"up""#) })
        #expect(!text.contains("sk-cli-secret-key"))

        let stats = try await run(["stats", "--pool", pool, "--json"], in: folder)
        #expect(stats.status == 0, "\(stats.stderr)")
        let json = try JSONParser.parse(stats.stdout)
        let byEndpoint = json["by_endpoint"]?.arrayValue ?? []
        #expect(byEndpoint.count == 1)
        #expect(byEndpoint.first?["endpoint"]?.stringValue == "up")
        #expect(byEndpoint.first?["model"]?.stringValue == "fake-model")
        #expect((byEndpoint.first?["accepted"]?.intValue ?? 0) + (byEndpoint.first?["rejected"]?.intValue ?? 0) == generated.count)
        await healthy.stop()
        await failing.stop()
        folder.remove()
    }

    @Test func endpointTablesInPoolTomlSpreadByWeightAndKeepEachKeyOutOfThePool() async throws {
        let folder = try TemporaryFolder()
        let one = try await FakeLLMServer { _ in .completion(text: Self.answer) }
        let two = try await FakeLLMServer { _ in .completion(text: Self.answer) }
        try """
            [[endpoints]]
            name = "one"
            base_url = "\(one.baseURL)"
            model = "fake-model"
            api_key_env = "ONE_KEY"
            weight = 1

            [[endpoints]]
            name = "two"
            base_url = "\(two.baseURL)"
            model = "fake-model"
            api_key_env = "TWO_KEY"
            weight = 1
            """.write(to: folder.file("pool.toml"), atomically: true, encoding: .utf8)
        let pool = folder.file("pool.jsonl").path
        let outcome = try await run(["generate", "--pool", pool, "--rounds", "4", "--no-stream"], in: folder,
                                    environment: ["ONE_KEY": "sk-one-secret", "TWO_KEY": "sk-two-secret"])
        #expect(outcome.status == 0, "\(outcome.stderr)")
        #expect(one.receivedCount + two.receivedCount >= 4)
        #expect(one.requests.allSatisfy { $0.headers.first { $0.key.lowercased() == "authorization" }?.value == "Bearer sk-one-secret" })
        #expect(two.requests.allSatisfy { $0.headers.first { $0.key.lowercased() == "authorization" }?.value == "Bearer sk-two-secret" })
        let everything = try folder.fileNames().map { (try? String(contentsOf: folder.file($0), encoding: .utf8)) ?? "" }.joined()
        #expect(!everything.contains("sk-one-secret") && !everything.contains("sk-two-secret"))
        await one.stop()
        await two.stop()
        folder.remove()
    }

    @Test func anEndpointFlagWithABaseURLFlagIsRefusedWithTheReason() async throws {
        let folder = try TemporaryFolder()
        let outcome = try await run(["generate", "--pool", folder.file("pool.jsonl").path, "--base-url", "http://127.0.0.1:9/v1",
                                     "--endpoint", "a=http://127.0.0.1:9/v1,m"], in: folder)
        #expect(outcome.status != 0)
        #expect(outcome.stderr.contains("--endpoint names each endpoint's URL, model and api; drop --base-url"))
        folder.remove()
    }
}
