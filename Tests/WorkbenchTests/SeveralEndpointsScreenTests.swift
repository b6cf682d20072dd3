import Foundation
import LLM
import Pool
import TestSupport
import Terminal
import Testing
@testable import Workbench

/// Several endpoints on screen: each one's figures in the status bar and the Stats view,
/// and acceptance split by the endpoint and model that generated the instructions.
@Suite("Workbench: several endpoints", .serialized)
struct SeveralEndpointsScreenTests {
    init() {
        setlocale(LC_ALL, "C.UTF-8")
    }

    static let statuses = [
        EndpointStatus(name: "fast", model: "llama-3-8b", inFlight: 3, answersLastMinute: 41, answered: 812, errors: 0, cost: 0.0213),
        EndpointStatus(name: "slow", model: "qwen-7b", inFlight: 0, answersLastMinute: 2, answered: 9, errors: 2, health: .resting(.seconds(8))),
        EndpointStatus(name: "dead\u{1B}[2J", model: "m", errors: 1, health: .unusable),
    ]

    /// A generated record answered by `endpoint`'s `model`.
    static func generated(_ id: String, _ status: RecordStatus, endpoint: String, model: String) -> PoolRecord {
        PoolRecord(id: id, instruction: "Write a limerick about \(id).", status: status, round: 1,
                   provenance: Provenance(instructionGeneration: ModelCall(endpointName: endpoint, model: model)))
    }

    @Test func theStatusBarShowsEachEndpointsInFlightRateErrorsCostAndHealth() async throws {
        var harness = await Harness(backend: InMemoryCuration([]), size: Size(width: 200, height: 30))
        harness.state.endpoint = "fast (llama-3-8b), slow (qwen-7b)"
        await harness.send(.curation(.usage(promptTokens: 10, completionTokens: 20, cost: 0.03), at: 1))
        await harness.send(.curation(.endpoints(Self.statuses), at: 1))
        harness.state.message = nil
        let status = Workbench.render(harness.state).lines().last!
        #expect(status.contains("fast 3↑ 41/min $0.02 · slow 0↑ 2/min ✗2 $0.00 rests 8 s · dead"), "\(status)")
        #expect(status.contains("unusable"), "\(status)")
        #expect(!status.contains("\u{1B}"))
    }

    @Test func theStatsViewShowsEachEndpointAndAcceptanceByEndpointAndModel() async throws {
        let backend = InMemoryCuration([
            Self.generated("a", .accepted, endpoint: "fast", model: "llama-3-8b"),
            Self.generated("b", .rejected, endpoint: "fast", model: "llama-3-8b"),
            Self.generated("c", .accepted, endpoint: "slow", model: "qwen-7b"),
        ])
        var harness = await Harness(backend: backend, size: Size(width: 200, height: 40))
        await harness.send(.curation(.endpoints(Self.statuses), at: 1))
        await harness.press("5")
        let screen = Workbench.render(harness.state).lines().joined(separator: "\n")
        #expect(screen.contains("fast (llama-3-8b): 3 in flight, 41 answers in the last minute, 812 in all, 0 errors, healthy"), "\(screen)")
        #expect(screen.contains("slow (qwen-7b): 0 in flight, 2 answers in the last minute, 9 in all, 2 errors, rests 8 s"))
        #expect(screen.contains("fast (llama-3-8b): 50% accepted (1 of 2 decided)"))
        #expect(screen.contains("slow (qwen-7b): 100% accepted (1 of 1 decided)"))
    }
}
