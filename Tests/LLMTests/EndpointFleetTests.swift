import Foundation
import LLM
import Synchronization
import Testing
import TestSupport

/// Seeded uniform draws that child tasks may share.
final class SharedDraws: Sendable {
    private let generator: Mutex<SplitMix64>

    init(seed: UInt64) { generator = Mutex(SplitMix64(seed: seed)) }

    var draw: @Sendable () -> Double {
        { self.generator.withLock { Double($0.next() >> 11) / Double(1 << 53) } }
    }
}

@Suite struct EndpointFleetTests {
    func endpoint(_ name: String, _ server: FakeLLMServer, weight: Double = 1, firstByte: Duration = .seconds(120)) -> NamedEndpoint {
        NamedEndpoint(name: name,
                      configuration: EndpointConfiguration(baseURL: server.baseURL, apiKey: APIKey("sk-\(name)-secret"), model: "model-\(name)",
                                                           timeouts: .init(firstByte: firstByte)),
                      limits: RateLimits(maxInFlight: 4), weight: weight)
    }

    /// Sends `count` completions one after another; the names of the endpoints that answered.
    func send(_ count: Int, through fleet: EndpointFleet) async throws -> [String] {
        var names: [String] = []
        for _ in 0..<count {
            let answer = try await fleet.send(accounting: { ($0.usage, $0.model) }) { client in
                try await client.complete(CompletionRequest(prompt: "1. Say hi.\n2."))
            }
            names.append(answer.endpoint.name)
        }
        return names
    }

    @Test func requestsFollowTheWeightsOverManyRequests() async throws {
        let heavy = try await FakeLLMServer { _ in .completion(text: " heavy") }
        let light = try await FakeLLMServer { _ in .completion(text: " light") }
        let fleet = EndpointFleet(endpoints: [endpoint("heavy", heavy, weight: 3), endpoint("light", light, weight: 1)],
                                  draw: SharedDraws(seed: 11).draw)
        let names = try await send(200, through: fleet)
        let heavyCount = names.filter { $0 == "heavy" }.count
        #expect((135...165).contains(heavyCount))
        #expect(heavy.receivedCount == heavyCount)
        #expect(light.receivedCount == 200 - heavyCount)
        #expect(fleet.statuses.map(\.answered) == [heavyCount, 200 - heavyCount])
        await heavy.stop()
        await light.stop()
    }

    @Test(arguments: ["5xx", "429", "timeout", "refused"])
    func aFailingEndpointsShareMovesToTheHealthyOneAndEveryRequestIsAnswered(fault: String) async throws {
        let healthy = try await FakeLLMServer { _ in .completion(text: " fine") }
        let failing = try await FakeLLMServer { _ in
            switch fault {
            case "5xx": .serverError(503)
            case "429": .rateLimited(retryAfter: nil)
            default: .delayed(.seconds(120), .completion(text: " too late"))
            }
        }
        var broken = endpoint("broken", failing, firstByte: .milliseconds(300))
        if fault == "refused" {
            // A port nothing listens on: the server stopped.
            await failing.stop()
            broken.configuration.baseURL = failing.baseURL
        }
        let fleet = EndpointFleet(endpoints: [broken, endpoint("fine", healthy)], retryPolicy: RetryPolicy(maxAttempts: 3),
                                  backoff: .init(base: .seconds(600)), draw: SharedDraws(seed: 5).draw)
        let names = try await send(30, through: fleet)
        #expect(names == Array(repeating: "fine", count: 30))
        #expect(healthy.receivedCount == 30)
        let statuses = fleet.statuses
        #expect(statuses[0].errors == 1)
        #expect(statuses[0].answered == 0)
        if case .resting = statuses[0].health {} else { Issue.record("the broken endpoint should rest, not \(statuses[0].health)") }
        #expect(statuses[0].lastFailure?.contains(failing.baseURL) == true)
        #expect(statuses[1].lastFailure == nil)
        #expect(statuses[1].answered == 30)
        await healthy.stop()
        await failing.stop()
    }

    @Test func aTooManyRequestsAnswerRestsItsEndpointForItsRetryAfter() async throws {
        let healthy = try await FakeLLMServer { _ in .completion(text: " fine") }
        let limited = try await FakeLLMServer { _ in .rateLimited(retryAfter: "90") }
        let clock = ManualClock()
        let fleet = EndpointFleet(endpoints: [endpoint("limited", limited), endpoint("fine", healthy)], retryPolicy: RetryPolicy(maxAttempts: 3),
                                  backoff: .init(base: .seconds(1)), clock: clock, draw: { 0 })
        // The draw of 0 picks "limited" whenever it is healthy: its 429 rests it, and the request goes on to "fine".
        #expect(try await send(5, through: fleet) == Array(repeating: "fine", count: 5))
        #expect(limited.receivedCount == 1)
        guard case .resting(let left) = fleet.statuses[0].health else {
            Issue.record("the limited endpoint should rest, not \(fleet.statuses[0].health)")
            return
        }
        #expect(left == .seconds(90), "the rest is the server's 90 s, not the 1 s backoff")
        clock.advance(by: .seconds(90))
        _ = try await send(1, through: fleet)
        #expect(limited.receivedCount == 2, "once the 90 s are over it is asked again")
        await healthy.stop()
        await limited.stop()
    }

    @Test func anEndpointThatRefusesTheKeyIsLeftOutAndTheOthersAnswer() async throws {
        let healthy = try await FakeLLMServer { _ in .completion(text: " fine") }
        let refusing = try await FakeLLMServer { _ in .invalidAPIKey }
        let fleet = EndpointFleet(endpoints: [endpoint("refusing", refusing, weight: 10), endpoint("fine", healthy)],
                                  draw: SharedDraws(seed: 3).draw)
        let names = try await send(20, through: fleet)
        #expect(Set(names) == ["fine"])
        #expect(refusing.receivedCount == 1)
        #expect(fleet.statuses[0].health == .unusable)
        await healthy.stop()
        await refusing.stop()
    }

    @Test func whenEveryEndpointIsUnusableTheRequestFailsWithTheirError() async throws {
        let one = try await FakeLLMServer { _ in .modelNotFound }
        let two = try await FakeLLMServer { _ in .invalidAPIKey }
        let fleet = EndpointFleet(endpoints: [endpoint("one", one), endpoint("two", two)], draw: SharedDraws(seed: 1).draw)
        let error = await llmError { try await send(1, through: fleet) }
        #expect(error?.makesEndpointUnusable == true)
        #expect(one.receivedCount + two.receivedCount == 2)
        await one.stop()
        await two.stop()
    }

    @Test func whileEveryEndpointRestsARequestWaitsOnTheClockAndGivesUpAfterItsAttempts() async throws {
        let one = try await FakeLLMServer { _ in .serverError(500) }
        let two = try await FakeLLMServer { _ in .serverError(502) }
        let clock = ManualClock()
        let fleet = EndpointFleet(endpoints: [endpoint("one", one), endpoint("two", two)], retryPolicy: RetryPolicy(maxAttempts: 4),
                                  backoff: .init(base: .seconds(2), max: .seconds(60)), clock: clock, draw: SharedDraws(seed: 9).draw)
        let error = await llmError { try await send(1, through: fleet) }
        #expect(error?.code == .serverError)
        #expect(one.receivedCount + two.receivedCount == 4)
        #expect(!clock.sleeps.isEmpty)
        #expect(clock.sleeps.allSatisfy { $0 > .zero && $0 <= .seconds(4) })
        await one.stop()
        await two.stop()
    }

    @Test func aLoneEndpointRetriesThroughItsOwnClientAsBefore() async throws {
        let server = try await FakeLLMServer { _ in .completion(text: " ok") }
        server.enqueue(.serverError(500), .serverError(500))
        let fleet = EndpointFleet(endpoints: [endpoint("only", server)],
                                  retryPolicy: RetryPolicy(maxAttempts: 3, baseDelay: .zero, jitter: 0))
        #expect(try await send(1, through: fleet) == ["only"])
        #expect(server.receivedCount == 3)
        #expect(fleet.statuses[0].health == .healthy)
        await server.stop()
    }

    @Test func anEndpointFlagReadsNameURLModelAndAPI() throws {
        let flag = try EndpointFlag(parsing: "fast=http://10.0.0.2:8000/v1,llama-3-8b,chat")
        #expect(flag == EndpointFlag(name: "fast", url: "http://10.0.0.2:8000/v1", model: "llama-3-8b", api: .chat))
        let bare = try EndpointFlag(parsing: "local=http://127.0.0.1:8077/v1")
        #expect(bare.model == nil)
        #expect(bare.api == .completions)
        for bad in ["no-equals", "x=", "x=http://h/v1,m,chat,extra", "x=http://h/v1,m,rest"] {
            #expect(throws: LLMError.self) { try EndpointFlag(parsing: bad) }
        }
    }

    @Test func anEndpointsDescriptionNeverShowsItsKey() {
        let named = NamedEndpoint(name: "paid", configuration: EndpointConfiguration(
            baseURL: "https://api.example.com/v1", apiKey: APIKey("sk-very-secret"), model: "m"))
        #expect(!"\(named)".contains("sk-very-secret"))
        #expect(!String(reflecting: named).contains("sk-very-secret"))
    }
}
