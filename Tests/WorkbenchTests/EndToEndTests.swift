import Foundation
import Pool
import TestSupport
import Testing

/// The built `selfinstruct` in a real terminal (tmux): open a pool with pending candidates,
/// press a, x, e (type, Enter), u, q, and check the pool and the terminal afterwards.
///
/// Generation is not part of this run (the workbench curates an existing pool), so the
/// candidates are prepared in the pool rather than fetched from the fake server.
@Suite("Workbench end to end in tmux", .serialized)
struct EndToEndTests {
    static let tmuxPath = ["/usr/bin/tmux", "/usr/local/bin/tmux"].first { FileManager.default.isExecutableFile(atPath: $0) }

    /// Runs a tmux command and returns what it printed. Spawned and reaped directly, with
    /// output through a file rather than a pipe: the tmux server that `new-session` starts
    /// inherits the client's descriptors and would hold a pipe open for ever.
    private func tmux(_ arguments: [String]) throws -> String {
        let output = FileManager.default.temporaryDirectory.appendingPathComponent("tmux-\(UUID().uuidString)").path
        defer { unlink(output) }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, output, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0)
        let argv = ([Self.tmuxPath!] + arguments).map { strdup($0) } + [nil]
        defer { argv.forEach { free($0) } }
        var pid: pid_t = 0
        guard posix_spawn(&pid, Self.tmuxPath!, &actions, nil, argv, environ) == 0 else {
            throw POSIXError(.ECHILD)
        }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
        return (try? String(contentsOfFile: output, encoding: .utf8)) ?? ""
    }

    /// Polls the pane until `condition` holds, at most `tries` times 100 ms apart.
    private func waitFor(_ session: String, tries: Int = 100, _ condition: (String) -> Bool) throws -> String {
        var screen = ""
        for _ in 0..<tries {
            screen = try tmux(["capture-pane", "-t", session, "-p"])
            if condition(screen) { return screen }
            usleep(100_000)
        }
        Issue.record("the pane never showed what was waited for; it shows:\n\(screen)")
        return screen
    }

    @Test(.enabled(if: tmuxPath != nil, "tmux is not installed; scripts/test installs it"))
    func decisionsFromKeysReachThePoolAndTheTerminalIsRestored() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let url = try Fixture.makePool(in: folder)
        let session = "selfinstruct-e2e-\(getpid())"
        let script = "cd '\(folder.url.path)' && '\(CommandRunner.executable.path)' tui --pool pool.jsonl; "
            + "echo \"EXITED $?\"; stty -a | tr ' ' '\\n' | grep -x -e icanon -e echo -e -icanon -e -echo | tr '\\n' ' '; echo; sleep 30"
        _ = try tmux(["new-session", "-d", "-s", session, "-x", "100", "-y", "30", "env", "TERM=xterm-256color", "LANG=C.UTF-8", "sh", "-c", script])
        defer { _ = try? tmux(["kill-session", "-t", session]) }

        _ = try waitFor(session) { $0.contains("Candidates to review (3)") && $0.contains("Write a haiku") }
        _ = try tmux(["send-keys", "-t", session, "a"])
        _ = try waitFor(session) { $0.contains("1 accepted") }
        _ = try tmux(["send-keys", "-t", session, "x"])
        _ = try waitFor(session) { $0.contains("3 rejected") }
        _ = try tmux(["send-keys", "-t", session, "e"])
        _ = try waitFor(session) { $0.contains("Edit instruction of r1-2") }
        _ = try tmux(["send-keys", "-t", session, "End", " today", "Enter"])
        _ = try waitFor(session) { $0.contains("saved the instruction of r1-2") }
        _ = try tmux(["send-keys", "-t", session, "u"])
        _ = try waitFor(session) { $0.contains("undid the last change to r1-2") }
        _ = try tmux(["send-keys", "-t", session, "q"])
        let after = try waitFor(session) { $0.contains("EXITED") && $0.contains("icanon") }

        #expect(after.contains("EXITED 0"))
        // Canonical mode and echo are back on: the shell's terminal settings were restored.
        #expect(after.contains("icanon echo") && !after.contains("-icanon") && !after.contains("-echo"))
        #expect(!after.contains("Candidates to review"), "the workbench's screen is still showing")

        let pool = try PoolFile(at: url, access: .readOnly)
        #expect(pool.entry("r1-0")?.status == .accepted)
        #expect(pool.entry("r1-1")?.status == .rejected)
        #expect(pool.entry("r1-2")?.status == .pending)
        #expect(pool.entry("r1-2")?.instruction == "用一句话总结这篇新闻文章的主要内容和观点。")
        // The undo wrote revision 3 with revision 1's content, noting the undo.
        let undone = try pool.record("r1-2")
        #expect(undone.revision == 3 && undone.restores == 1)
        #expect(undone.edits.map(\.field) == ["undo"])
        #expect(pool.entries.filter { $0.revision > 1 }.map(\.id) == ["r1-0", "r1-1", "r1-2"])
    }
}
