import Foundation
import Pool
import TestSupport
import Testing

/// The built `selfinstruct` in a real terminal (tmux), generating against the fake server
/// this test process hosts: wait for the round's candidates, press a, x, e (type, Enter),
/// u, a bulk accept in the Pool view and one u for it, q (and y: generation is running);
/// restart without generation, press u (it undoes the last action before the restart) and
/// q; then check the pool and the terminal.
@Suite("Workbench end to end in tmux", .serialized)
struct EndToEndTests {
    static let tmuxPath = TmuxSession.tmuxPath

    /// Runs a tmux command and returns what it printed.
    private func tmux(_ arguments: [String]) throws -> String { try TmuxSession.run(arguments) }

    /// Polls the pane until `condition` holds, at most `tries` times 100 ms apart (a minute,
    /// for a loaded CI machine; without
    /// blocking the threads the fake server answers on).
    private func waitFor(_ session: String, tries: Int = 600, _ condition: (String) -> Bool) async throws -> String {
        var screen = ""
        for _ in 0..<tries {
            screen = try tmux(["capture-pane", "-t", session, "-p"])
            if condition(screen) { return screen }
            try await Task.sleep(for: .milliseconds(100))
        }
        Issue.record("the pane never showed what was waited for; it shows:\n\(screen)")
        return screen
    }

    /// One round's completion, streamed: three candidates that pass and one refused for its
    /// keyword. Later rounds get no scripted answer (the server answers after a minute), so
    /// generation is still running when the test quits.
    static let completion = FakeLLMServer.StreamScript.completion([
        " Write a haiku about the first rain of autumn.\n10. Explain why the sky looks",
        " blue during the day.\n11. Summarise the main idea of a news article in one sentence.\n12. Draw a map of the city centre.",
    ])

    @Test(.enabled(if: tmuxPath != nil, "tmux is not installed; scripts/test installs it"))
    func decisionsFromKeysReachThePoolAndTheTerminalIsRestored() async throws {
        try await withTemporaryFolder { folder in
            let server = try await FakeLLMServer(fallbackLatency: .seconds(60))
            server.enqueue(.stream(.init(body: Self.completion)))
            let url = folder.file("pool.jsonl")
            let session = "selfinstruct-e2e-\(getpid())"
            let command = "'\(CommandRunner.executable.path)' tui --pool pool.jsonl"
            let script = "cd '\(folder.url.path)' && \(command) --base-url '\(server.baseURL)' --model fake-model --prompts-per-round 1; first=$?; "
                + "\(command) --no-generate; echo \"EXITED $first $?\"; stty -a | tr ' ' '\\n' | grep -x -e icanon -e echo -e -icanon -e -echo | tr '\\n' ' '; echo; sleep 30"
            _ = try tmux(["new-session", "-d", "-s", session, "-x", "100", "-y", "30", "env", "TERM=xterm-256color", "LANG=C.UTF-8",
                          "XDG_CONFIG_HOME=\(folder.url.path)", "sh", "-c", script])
            defer { _ = try? tmux(["kill-session", "-t", session]) }

            // The endpoint flags are offered to the pool's config file once, at start.
            _ = try await waitFor(session) { $0.contains("model = \"fake-model\": remember for this pool? (y/n)") && $0.contains("Write a haiku") }
            _ = try tmux(["send-keys", "-t", session, "y"])
            _ = try await waitFor(session) { $0.contains("remembered base_url") }
            _ = try tmux(["send-keys", "-t", session, "j"])  // the next key clears the message
            _ = try await waitFor(session) { $0.contains("3 pending") && $0.contains("Write a haiku") && $0.contains("1 rejected") }
            _ = try tmux(["send-keys", "-t", session, "k", "a"])
            _ = try await waitFor(session) { $0.contains("1 accepted") }
            _ = try tmux(["send-keys", "-t", session, "x"])
            _ = try await waitFor(session) { $0.contains("2 rejected") }
            _ = try tmux(["send-keys", "-t", session, "e"])
            _ = try await waitFor(session) { $0.contains("Edit instruction of r1-0-2") }
            _ = try tmux(["send-keys", "-t", session, "End", " today", "Enter"])
            _ = try await waitFor(session) { $0.contains("saved the instruction of r1-0-2") }
            _ = try tmux(["send-keys", "-t", session, "u"])
            _ = try await waitFor(session) { $0.contains("undone: edit r1-0-2") }
            // A bulk accept of everything the Pool view shows, then one u takes it all back.
            _ = try tmux(["send-keys", "-t", session, "2", "A"])
            _ = try await waitFor(session) { $0.contains("accept 3 records matching") }
            _ = try tmux(["send-keys", "-t", session, "y"])
            _ = try await waitFor(session) { $0.contains("accepted 3 records") && $0.contains("4 accepted") }
            _ = try tmux(["send-keys", "-t", session, "u"])
            _ = try await waitFor(session) { $0.contains("undone: accept 3 records") && $0.contains("1 accepted") && $0.contains("2 rejected") }
            _ = try tmux(["send-keys", "-t", session, "q"])
            _ = try await waitFor(session) { $0.contains("generation is running: quit now (y), after this round (f), or stay (n)?") }
            _ = try tmux(["send-keys", "-t", session, "y"])
            // Restarted without generation: u undoes the last action made before the restart.
            _ = try await waitFor(session) { $0.contains("no generation") && $0.contains("2 rejected") }
            _ = try tmux(["send-keys", "-t", session, "u"])
            _ = try await waitFor(session) { $0.contains("undone: reject r1-0-1") && $0.contains("1 rejected") }
            _ = try tmux(["send-keys", "-t", session, "q"])
            let after = try await waitFor(session) { $0.contains("EXITED") && $0.contains("icanon") }
            await server.stop()

            #expect(after.contains("EXITED 0 0"))
            // Canonical mode and echo are back on: the shell's terminal settings were restored.
            #expect(after.contains("icanon echo") && !after.contains("-icanon") && !after.contains("-echo"))
            #expect(!after.contains("Round 1 ·"), "the workbench's screen is still showing")
            // y kept the flags for the pool, the API key never among them.
            let config = try String(contentsOf: folder.file("pool.toml"), encoding: .utf8)
            #expect(config == "[endpoint]\nbase_url = \"\(server.baseURL)\"  # remembered from the workbench\n"
                + "model = \"fake-model\"  # remembered from the workbench\n", "\(config)")

            let pool = try PoolFile(at: url, access: .readOnly)
            let generated = pool.entries.filter { $0.round != nil }
            #expect(generated.map(\.id) == ["r1-0-0", "r1-0-1", "r1-0-2", "r1-0-3"], "round 2 was in flight at quit and left nothing")
            #expect(generated.map(\.status) == [.accepted, .pending, .pending, .rejected])
            #expect(pool.entry("r1-0-0")?.why?.kind == .human)
            #expect(pool.entry("r1-0-3")?.why?.kind == .keyword)
            #expect(pool.entry("r1-0-2")?.instruction == "Summarise the main idea of a news article in one sentence.")
            // Revisions of r1-0-2: generated, edited, edit undone, bulk accept, bulk undone;
            // the last has revision 1's content, noting the undo.
            let undone = try pool.record("r1-0-2")
            #expect(undone.revision == 5 && undone.restores == 1)
            #expect(undone.edits.map(\.field) == ["undo"])
            #expect(try pool.record("r1-0-1").action?.undoes != nil && pool.record("r1-0-3").revision == 3)
        }
    }

    /// Press a three times, then I: the three accepted tasks are classified and get their
    /// instances (in the pool while the workbench runs); then an instance's output is edited
    /// in the Instances view. A fourth candidate stays pending, so the run waits for review
    /// (`--max-pending 1`) and the stages run at once.
    @Test(.enabled(if: tmuxPath != nil, "tmux is not installed; scripts/test installs it"))
    func iGivesAcceptedTasksInstancesAndAnInstanceOutputEditReachesThePool() async throws {
        try await withTemporaryFolder { folder in
            let server = try await FakeLLMServer(responder: stageResponder())
            server.enqueue(.stream(.init(body: FakeLLMServer.StreamScript.completion([
                " Write a haiku about the first rain of autumn.\n10. Explain why the sky looks blue during the day.",
                "\n11. Summarise the main idea of a news article in one sentence.\n12. List five fruits that are rich in vitamin C.",
            ]))))
            let session = "selfinstruct-e2e-stages-\(getpid())"
            let script = "cd '\(folder.url.path)' && '\(CommandRunner.executable.path)' tui --pool pool.jsonl --base-url '\(server.baseURL)' "
                + "--model fake-model --prompts-per-round 1 --max-pending 1; echo \"EXITED $?\"; sleep 30"
            _ = try tmux(["new-session", "-d", "-s", session, "-x", "100", "-y", "30", "env", "TERM=xterm-256color", "LANG=C.UTF-8",
                          "XDG_CONFIG_HOME=\(folder.url.path)", "sh", "-c", script])
            defer { _ = try? tmux(["kill-session", "-t", session]) }

            // The endpoint flags are offered to pool.toml at start; n keeps them for the session.
            _ = try await waitFor(session) { $0.contains("remember for this pool? (y/n)") && $0.contains("Write a haiku") }
            _ = try tmux(["send-keys", "-t", session, "n"])
            _ = try await waitFor(session) { $0.contains("4 pending") && !$0.contains("remember for this pool") }
            for accepted in 1...3 {
                _ = try tmux(["send-keys", "-t", session, "a"])
                _ = try await waitFor(session) { $0.contains("\(accepted) accepted") }
            }
            _ = try tmux(["send-keys", "-t", session, "I"])
            _ = try await waitFor(session) { $0.contains("3 accepted (3 classified · 3 with instances, 1.0 each)") }
            let staged = try PoolFile(at: folder.file("pool.jsonl"), access: .readOnly)
            #expect(staged.entries.filter { $0.status == .accepted }.map(\.instanceCount) == [1, 1, 1])
            #expect(staged.entries.filter { $0.status == .accepted }.allSatisfy { $0.isClassification == false })

            _ = try tmux(["send-keys", "-t", session, "4"])
            _ = try await waitFor(session) { $0.contains("Instances of r1-0-0") }
            _ = try tmux(["send-keys", "-t", session, "Tab", "e"])
            _ = try await waitFor(session) { $0.contains("Edit output of instance 1 of r1-0-0") }
            _ = try tmux(["send-keys", "-t", session, "C-u"])
            _ = try tmux(["send-keys", "-t", session, "-l", "Rain taps the window."])
            _ = try tmux(["send-keys", "-t", session, "M-Enter"])
            _ = try await waitFor(session) { $0.contains("output: Rain taps the window.") && $0.contains("saved the instan") }
            _ = try tmux(["send-keys", "-t", session, "q", "y"])
            _ = try await waitFor(session) { $0.contains("EXITED") }
            await server.stop()

            let pool = try PoolFile(at: folder.file("pool.jsonl"), access: .readOnly)
            let haiku = try pool.record("r1-0-0")
            #expect(haiku.instances.map(\.output) == ["Rain taps the window."])
            #expect(haiku.instances.map(\.input) == ["Write a haik"])
            #expect(haiku.edits.last?.field == "instances")
            #expect(try pool.record("r1-0-1").instances.map(\.output) == ["An answer about explain why the sky looks blue during the day."])
            #expect(pool.entry("r1-0-3")?.status == .pending && pool.entry("r1-0-3")?.isClassification == nil)
        }
    }

    @Test(.enabled(if: tmuxPath != nil, "tmux is not installed; scripts/test installs it"))
    func aResizeRedrawsAtOnceAndAnEditIntoACopyEndsRejectedWithItsNewScore() async throws {
        try await withTemporaryFolder { folder in
            let server = try await FakeLLMServer(fallbackLatency: .seconds(60))
            server.enqueue(.stream(.init(body: Self.completion)))
            let session = "selfinstruct-e2e-edit-\(getpid())"
            let script = "cd '\(folder.url.path)' && '\(CommandRunner.executable.path)' tui --pool pool.jsonl --base-url '\(server.baseURL)' --model fake-model --prompts-per-round 1; sleep 30"
            _ = try tmux(["new-session", "-d", "-s", session, "-x", "100", "-y", "30", "env", "TERM=xterm-256color", "LANG=C.UTF-8",
                          "XDG_CONFIG_HOME=\(folder.url.path)", "sh", "-c", script])
            defer { _ = try? tmux(["kill-session", "-t", session]) }

            _ = try await waitFor(session) { $0.contains("3 pending") && $0.contains("Write a haiku") }
            // No key is pressed after a resize: the new layout must come from the resize alone.
            _ = try tmux(["resize-window", "-t", session, "-x", "60", "-y", "20"])
            _ = try await waitFor(session) { $0.contains("terminal too small") }
            _ = try tmux(["resize-window", "-t", session, "-x", "100", "-y", "30"])
            _ = try await waitFor(session) { $0.contains("3 pending") && !$0.contains("terminal too small") }
            // n keeps the endpoint flags for this session only: pool.toml is not written.
            _ = try await waitFor(session) { $0.contains("remember for this pool? (y/n)") }
            _ = try tmux(["send-keys", "-t", session, "n"])
            _ = try await waitFor(session) { $0.contains("kept for this session only") }

            _ = try tmux(["send-keys", "-t", session, "a"])
            _ = try await waitFor(session) { $0.contains("1 accepted") }
            _ = try tmux(["send-keys", "-t", session, "e", "C-u"])
            _ = try tmux(["send-keys", "-t", session, "-l", "Write a haiku about the first rain of autumn."])
            _ = try tmux(["send-keys", "-t", session, "Enter"])
            _ = try await waitFor(session) { $0.contains("this text fails similar") }
            _ = try tmux(["send-keys", "-t", session, "y"])
            _ = try await waitFor(session) { $0.contains("now rejected") && $0.contains("✗ 1.0 Write a haiku") }
            _ = try tmux(["send-keys", "-t", session, "q", "y"])
            await server.stop()
            _ = try await waitFor(session) { !$0.contains("selfinstruct ·") }

            #expect(!FileManager.default.fileExists(atPath: folder.file("pool.toml").path))
            let pool = try PoolFile(at: folder.file("pool.jsonl"), access: .readOnly)
            #expect(pool.entry("r1-0-0")?.status == .accepted)
            let edited = try pool.record("r1-0-1")
            #expect(edited.instruction == "Write a haiku about the first rain of autumn.")
            #expect(edited.status == .rejected)
            #expect(edited.why?.kind == .similarity && edited.nearestSimilarity == 1.0)
            #expect(edited.mostSimilar.first?.text == "Write a haiku about the first rain of autumn.")
        }
    }
}
