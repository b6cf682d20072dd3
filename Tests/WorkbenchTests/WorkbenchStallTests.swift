import Foundation
import LLM
import Pool
import TestSupport
import Terminal
import Testing
@testable import Workbench

/// The workbench over the engine against a server that falls silent, with short injected
/// timeouts (6 s: long enough that a loaded machine still shows the wait, which is reported
/// from a third of the timeout) against stalls of a minute. Every status bar drawn on the
/// way is kept, since how long each state lasts follows the machine's load.
@Suite("Workbench against stalled answers", .timeLimit(.minutes(5)))
struct WorkbenchStallTests {
    init() {
        setlocale(LC_ALL, "C.UTF-8")
    }

    @Test func aServerSilentBeforeHeadersShowsTheWaitThenTheTimeoutAndWritesNothing() async throws {
        var session = try await LiveSession(timeouts: .init(firstByte: .seconds(6)), retryPolicy: .never, width: 400)
        session.server.enqueue(.delayed(.seconds(60), .streamedWordByWord(" Describe the water cycle in simple words.")))
        await session.backend.start()
        var bars: [String] = []
        await session.pump { state in
            bars.append(Workbench.render(state).lines().last ?? "")
            return showsFailedRequest(state)
        }
        let endpoint = session.server.baseURL + "/completions"
        #expect(bars.contains { $0.contains("│ waiting ") && $0.contains(" s for the first byte from \(endpoint)") && !$0.contains("✗") },
                "\(bars.filter { $0.contains("waiting") })")
        #expect(session.statusBar.contains("✗ endpoint down: request instructions 1.0 failed: \(endpoint) did not answer in time: no answer within 6 s of sending the request (the first-byte timeout)"),
                "\(session.statusBar)")
        #expect(session.statusBar.contains("raise the timeout (--timeout"))
        await session.quit()
        #expect(try generatedInstructions(session).isEmpty)
        await session.finish()
    }

    @Test func aStreamStallingMidAnswerShowsTheWaitThenTheIdleTimeoutAndWritesNothingOfIt() async throws {
        var session = try await LiveSession(timeouts: .init(idle: .seconds(6)), retryPolicy: .never, width: 400)
        // The first item is whole before the stall; the request fails, so it is not written either.
        session.server.enqueue(.stallingStream([" Describe the water cycle in", " simple words.\n5. Explain how a rain"], stall: .seconds(60)))
        await session.backend.start()
        var bars: [String] = []
        await session.pump { state in
            bars.append(Workbench.render(state).lines().last ?? "")
            return showsFailedRequest(state)
        }
        let endpoint = session.server.baseURL + "/completions"
        #expect(bars.contains { $0.contains("│ waiting ") && $0.contains(" s for the next piece of the answer from \(endpoint)") },
                "\(bars.filter { $0.contains("waiting") })")
        #expect(session.statusBar.contains("✗ endpoint down: request instructions 1.0 failed: The stream from \(endpoint) broke after text had arrived: nothing received for 6 s in the middle of the answer (the idle timeout)"),
                "\(session.statusBar)")
        #expect(session.harness.state.live.stream?.text.contains("Explain how a rain") == true)
        await session.quit()
        #expect(try generatedInstructions(session).isEmpty)
        await session.finish()
    }
}
