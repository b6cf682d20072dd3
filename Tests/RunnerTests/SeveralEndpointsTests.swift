import Foundation
import Synchronization
import Testing
@testable import Engine
import LLM
import Pool
import TestSupport

@Suite struct SeveralEndpointsTests {
    /// Two new instructions a round, as a model continuing the list would write them.
    static let answer = " Describe the water cycle in simple words.\n5. Name three famous painters from Spain.\n6."

    /// An engine on `h`'s pool over `endpoints`, collecting its events into `h`.
    func engine(_ h: RunnerHarness, _ endpoints: [NamedEndpoint], seed: UInt64 = 1) throws -> GenerationEngine {
        var generator = SplitMix64(seed: seed)
        let draws = Mutex([Double]((0..<10_000).map { _ in Double(generator.next() >> 11) / Double(1 << 53) }))
        return try h.engine(endpoints: endpoints, draw: { draws.withLock { $0.removeFirst() } })
    }

    /// An endpoint; only a failing one gets a short timeout, so a loaded machine never times
    /// out a healthy one (which would then rest for the test's minute).
    func endpoint(_ name: String, _ url: String, key: String, model: String, weight: Double = 1,
                  firstByte: Duration = .seconds(120)) -> NamedEndpoint {
        NamedEndpoint(name: name, configuration: EndpointConfiguration(baseURL: url, apiKey: APIKey(key), model: model,
                                                                       timeouts: .init(firstByte: firstByte)),
                      limits: RateLimits(maxInFlight: 2), weight: weight)
    }

    @Test(arguments: ["5xx", "429", "timeout"])
    func aRunWithOneFailingEndpointCompletesWithEveryRecordFromTheHealthyOne(fault: String) async throws {
        let h = try await RunnerHarness { _ in .completion(text: Self.answer) }
        let failing = try await FakeLLMServer { _ in
            switch fault {
            case "5xx": .serverError(500)
            case "429": .rateLimited(retryAfter: "1")
            default: .delayed(.seconds(120), .completion(text: Self.answer))
            }
        }
        let engine = try engine(h, [
            endpoint("flaky", failing.baseURL, key: "sk-flaky-secret-1", model: "big-model", weight: 4, firstByte: .milliseconds(500)),
            endpoint("steady", h.server.baseURL, key: "sk-steady-secret-2", model: "fake-model"),
        ])
        try await engine.run(.rounds(4))
        try await engine.close()
        let generated = try h.generated()
        #expect(generated.count >= 2)
        for record in generated {
            #expect(record.provenance?.instructionGeneration?.endpointName == "steady")
            #expect(record.provenance?.instructionGeneration?.model == "fake-model")
            #expect(record.provenance?.instructionGeneration?.endpoint == h.server.baseURL)
        }
        #expect(failing.receivedCount >= 1)
        let statuses = await h.allEvents().compactMap { if case .endpoints(let statuses) = $0 { statuses } else { nil } }
        #expect(statuses.last?.map(\.name) == ["flaky", "steady"])
        #expect((statuses.last?[0].errors ?? 0) >= 1)
        #expect(statuses.last?[0].answered == 0)
        await failing.stop()
        await h.finish()
    }

    @Test func recordsNameTheEndpointThatAnsweredAndNoKeyReachesThePoolOrTheLedger() async throws {
        let h = try await RunnerHarness { _ in .completion(text: Self.answer) }
        // The other server reports its own model, as the pool's provenance then records.
        let body = try JSONSerialization.data(withJSONObject: [
            "id": "cmpl-2", "object": "text_completion", "model": "other-model",
            "choices": [["index": 0, "text": Self.answer, "finish_reason": "stop"]],
        ])
        let other = try await FakeLLMServer { _ in .raw(status: 200, body: String(decoding: body, as: UTF8.self)) }
        let engine = try engine(h, [
            endpoint("left", h.server.baseURL, key: "sk-left-secret-1", model: "fake-model"),
            endpoint("right", other.baseURL, key: "sk-right-secret-2", model: "other-model"),
        ], seed: 3)
        try await engine.run(.rounds(6))
        try await engine.close()
        let calls = try h.generated().compactMap(\.provenance?.instructionGeneration)
        #expect(calls.count >= 6)
        let names = Set(calls.compactMap(\.endpointName))
        #expect(names == ["left", "right"])
        for call in calls {
            #expect(call.model == (call.endpointName == "left" ? "fake-model" : "other-model"))
            #expect(call.endpoint == (call.endpointName == "left" ? h.server.baseURL : other.baseURL))
        }
        let folderText = try FileManager.default.contentsOfDirectory(atPath: h.folder.url.path).map { name in
            (try? String(contentsOf: h.folder.url.appendingPathComponent(name), encoding: .utf8)) ?? ""
        }.joined()
        #expect(folderText.contains("\"endpoint_name\":\"left\"") || folderText.contains("\"endpoint_name\": \"left\""))
        #expect(!folderText.contains("sk-left-secret-1"))
        #expect(!folderText.contains("sk-right-secret-2"))
        await other.stop()
        await h.finish()
    }

    @Test func aLoneEndpointSetTheOldWayWritesNoEndpointNameAndNoStatuses() async throws {
        let h = try await RunnerHarness { _ in .completion(text: Self.answer) }
        let engine = try h.engine()
        try await engine.run(.rounds(1))
        try await engine.close()
        let generated = try h.generated()
        #expect(!generated.isEmpty)
        #expect(generated.allSatisfy { $0.provenance?.instructionGeneration?.endpointName == nil })
        #expect(try !String(contentsOf: h.poolURL, encoding: .utf8).contains("endpoint_name"))
        #expect(await !h.allEvents().contains { if case .endpoints = $0 { true } else { false } })
        await h.finish()
    }
}
