import Foundation
import Synchronization
import TestSupport
import Testing

/// `classify` and `instances` say what the answers came to, and `instances --retry` asks
/// again for the tasks left without instances, and only for those.
@Suite struct StageCommandTests {
    static let instructions = " Describe the water cycle in simple words.\n10. Name three famous painters from Spain.\n11. Explain how a rainbow forms in the sky."

    private func run(_ arguments: [String], _ server: FakeLLMServer, in folder: TemporaryFolder) async throws -> CommandRunner.Outcome {
        let all = [arguments[0], "--pool", folder.pool.path, "--base-url", server.baseURL, "--api-key", "sk-stage", "--model", "fake-model",
                   "--no-stream"] + arguments.dropFirst()
        let environment = ["XDG_CONFIG_HOME": folder.url.path, "OPENAI_BASE_URL": "", "OPENAI_API_KEY": "", "OPENAI_MODEL": ""]
        return try await CommandRunner.run(all, environment: environment)
    }

    @Test func instancesReportsTasksWithoutInstancesAndRetryAsksOnlyThem() async throws {
        let askedAbout = Mutex<[String]>([])
        let server = try await FakeLLMServer(responder: FakeLLMServer.pipelineResponder(
            instructions: Self.instructions, classify: { _ in " No" },
            instances: { task in
                let earlier = askedAbout.withLock { asked in
                    defer { asked.append(task) }
                    return asked.contains(task)
                }
                // The painters' task gets nothing usable the first time.
                return task.contains("painters") && !earlier ? "Sure, here are some painters." : "Output: An answer about \(task.lowercased())"
            }))
        try await withTemporaryFolder { folder in
            #expect(try await run(["generate", "--rounds", "1", "--prompts-per-round", "1"], server, in: folder).status == 0)

            let first = try await run(["instances"], server, in: folder)
            #expect(first.status == 0)
            #expect(first.stdout == """
                classification: 3 asked, 3 classified (0 classification, 3 not), 0 failed
                instances: 3 asked, 2 with instances (1 none-parsed), 0 failed

                """)
            #expect(first.stderr.contains("1 task got no usable instances; `selfinstruct instances --retry` asks again"))

            let again = try await run(["instances"], server, in: folder)
            #expect(again.stdout.contains("instances: 0 asked, 0 with instances, 0 failed"))

            let retried = try await run(["instances", "--retry"], server, in: folder)
            #expect(retried.stdout.contains("instances: 1 asked, 1 with instances, 0 failed"))
            #expect(askedAbout.withLock { $0.filter { $0.contains("painters") }.count } == 2)
            #expect(askedAbout.withLock { $0.count } == 4)

            let generated = try latestRecords(in: folder.pool).values.filter { $0["round"] != nil && $0["status"] as? String == "accepted" }
            #expect(generated.count == 3)
            #expect(generated.allSatisfy { ($0["instances"] as? [Any])?.count == 1 && $0["instances_why"] == nil })
        }
        await server.stop()
    }
}
