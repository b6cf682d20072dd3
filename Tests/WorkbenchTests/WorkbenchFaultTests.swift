import Foundation
import LLM
import Pool
import TestSupport
import Terminal
import Testing
@testable import Workbench

/// The workbench over the engine against each answer that makes an endpoint unusable: the
/// run halts at once, the status bar names the cause, and no record reaches the pool.
@Suite("Workbench against endpoint faults", .serialized, .timeLimit(.minutes(5)))
struct WorkbenchFaultTests {
    static let faults: [(String, FakeLLMServer.Reply, String)] = [
        ("an HTML login page on a 200", .loginPage, "not JSON"),
        ("JSON without choices on a 200", .jsonWithoutChoices, "OpenAI-compatible"),
        ("401", .invalidAPIKey, "401"),
        ("403", .modelForbidden, "403"),
        ("404", .modelNotFound, "404"),
        ("400 on the request's shape", .unrecognizedArgument, "400"),
    ]

    init() {
        setlocale(LC_ALL, "C.UTF-8")
    }

    @Test(arguments: faults)
    func anUnusableEndpointHaltsAtOnceNamingTheCauseAndWritesNothing(fault: String, reply: FakeLLMServer.Reply, cause: String) async throws {
        var session = try await LiveSession()
        session.server.enqueue(reply)
        await session.backend.start()
        await session.pump { state in
            if case .halted = state.generation.health { state.generation.phase == .idle } else { false }
        }
        #expect(session.server.requests.count == 1, "\(fault)")
        let statusBar = Workbench.render(session.harness.state).lines().last ?? ""
        #expect(statusBar.contains("✗ generation stopped:"), "\(fault): \(statusBar)")
        #expect(session.harness.state.log.contains { $0.isError && $0.text.contains(cause) }, "\(fault)")
        await session.harness.press("q")
        await session.pump { _ in false }
        #expect(try session.poolOnDisk().entries.allSatisfy { $0.round == nil }, "\(fault) wrote a record")
        await session.finish()
    }
}
