import Foundation
import Pool
import TestSupport
import Testing

/// The built `selfinstruct` in tmux, generating over two `--endpoint`s of which one fails:
/// the status bar and the Stats view show both, the pool's records all come from the other.
@Suite("Workbench with several endpoints in tmux", .serialized)
struct SeveralEndpointsEndToEndTests {
    static let tmuxPath = TmuxSession.tmuxPath

    private func tmux(_ arguments: [String]) throws -> String { try TmuxSession.run(arguments) }

    /// Polls the pane until `condition` holds, for at most a minute, answering the start-up
    /// question (keep the flags for this session only) if it comes.
    private func waitFor(_ session: String, _ condition: (String) -> Bool) async throws -> String {
        var screen = ""
        for _ in 0..<600 {
            screen = try tmux(["capture-pane", "-t", session, "-p"])
            if condition(screen) { return screen }
            if screen.contains("remember for this pool? (y/n)") { _ = try tmux(["send-keys", "-t", session, "n"]) }
            try await Task.sleep(for: .milliseconds(100))
        }
        Issue.record("the pane never showed what was waited for; it shows:\n\(screen)")
        return screen
    }

    @Test(.enabled(if: tmuxPath != nil, "tmux is not installed; scripts/test installs it"))
    func aFailingEndpointShowsAsRestingAndTheOtherAnswersEveryRequest() async throws {
        try await withTemporaryFolder { folder in
            let up = try await FakeLLMServer { _ in
                .completion(text: " Write a haiku about the first rain of autumn.\n10. Explain why the sky looks blue during the day.\n11.")
            }
            let down = try await FakeLLMServer { _ in .serverError(503) }
            let session = "selfinstruct-e2e-endpoints-\(getpid())"
            let script = "cd '\(folder.url.path)' && '\(CommandRunner.executable.path)' tui --pool pool.jsonl "
                + "--endpoint 'down=\(down.baseURL),fake-model' --endpoint 'up=\(up.baseURL),fake-model' --max-pending 2; "
                + "echo \"EXITED $?\"; sleep 30"
            _ = try tmux(["new-session", "-d", "-s", session, "-x", "220", "-y", "40", "env", "TERM=xterm-256color", "LANG=C.UTF-8",
                          "XDG_CONFIG_HOME=\(folder.url.path)", "OPENAI_API_KEY=", "OPENAI_BASE_URL=", "sh", "-c", script])
            defer { _ = try? tmux(["kill-session", "-t", session]) }

            let live = try await waitFor(session) { $0.contains("2 pending") && $0.contains(" · up ") && $0.contains("✗") }
            #expect(live.contains(" · down 0↑ "), "\(live)")
            #expect(live.contains("down (fake-model), up (fake-model)"), "\(live)")
            _ = try tmux(["send-keys", "-t", session, "5"])
            // The same two candidates each round: the second round's are near-duplicates.
            let stats = try await waitFor(session) { $0.contains("up (fake-model): 0% accepted") && $0.contains("2 pending") }
            #expect(stats.contains("down (fake-model): 0 in flight"), "\(stats)")
            #expect(stats.contains("HTTP 503"), "\(stats)")
            _ = try tmux(["send-keys", "-t", session, "q"])
            _ = try await waitFor(session) { $0.contains("EXITED") }
            await up.stop()
            await down.stop()

            let pool = try PoolFile(at: folder.file("pool.jsonl"), access: .readOnly)
            let generated = pool.entries.filter { $0.round != nil }
            #expect(!generated.isEmpty)
            #expect(generated.allSatisfy { $0.origin?.endpointName == "up" })
        }
    }
}
