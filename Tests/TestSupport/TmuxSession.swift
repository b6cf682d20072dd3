import Foundation

/// A detached tmux session running a shell script, for driving the built `selfinstruct` in
/// a real terminal: send keys, then poll the pane until it shows what the test waits for.
public struct TmuxSession {
    /// The tmux binary, when it is installed.
    public static let tmuxPath = ["/usr/bin/tmux", "/usr/local/bin/tmux"].first { FileManager.default.isExecutableFile(atPath: $0) }

    /// The pane never showed what was waited for; it shows `screen`.
    public struct NeverShown: Error, CustomStringConvertible {
        /// The last capture of the pane.
        public var screen: String
        /// Says what the pane showed instead.
        public var description: String { "the pane never showed what was waited for; it shows:\n\(screen)" }
    }

    /// The session's name.
    public let name: String

    /// Starts `script` under `sh -c` in a new `width`×`height` session called `name`, with
    /// `environment` added (TERM and a UTF-8 locale are set already).
    public init(name: String, width: Int, height: Int, environment: [String: String] = [:], script: String) throws {
        self.name = name
        let variables = ["TERM=xterm-256color", "LANG=C.UTF-8"] + environment.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }
        _ = try Self.run(["new-session", "-d", "-s", name, "-x", String(width), "-y", String(height), "env"] + variables + ["sh", "-c", script])
    }

    /// Types `keys` (tmux key names: "a", "Enter", "Left"…).
    public func send(_ keys: String...) throws { _ = try Self.run(["send-keys", "-t", name] + keys) }

    /// The pane's text now.
    public func capture() throws -> String { try Self.run(["capture-pane", "-t", name, "-p"]) }

    /// Polls the pane until `condition` holds, at most `tries` times 100 ms apart (a minute,
    /// for a loaded machine), and returns it; throws `NeverShown` after.
    public func waitFor(tries: Int = 600, _ condition: (String) -> Bool) async throws -> String {
        var screen = ""
        for _ in 0..<tries {
            screen = try capture()
            if condition(screen) { return screen }
            try await Task.sleep(for: .milliseconds(100))
        }
        throw NeverShown(screen: screen)
    }

    /// Ends the session and what runs in it.
    public func kill() { _ = try? Self.run(["kill-session", "-t", name]) }

    /// Runs a tmux command and returns what it printed. Spawned and reaped directly, with
    /// output through a file rather than a pipe: the tmux server that `new-session` starts
    /// inherits the client's descriptors and would hold a pipe open for ever.
    public static func run(_ arguments: [String]) throws -> String {
        guard let tmuxPath else { throw POSIXError(.ENOENT) }
        let output = FileManager.default.temporaryDirectory.appendingPathComponent("tmux-\(UUID().uuidString)").path
        defer { unlink(output) }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, output, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0)
        let argv = ([tmuxPath] + arguments).map { strdup($0) } + [nil]
        defer { argv.forEach { free($0) } }
        var pid: pid_t = 0
        guard posix_spawn(&pid, tmuxPath, &actions, nil, argv, environ) == 0 else { throw POSIXError(.ECHILD) }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
        return (try? String(contentsOfFile: output, encoding: .utf8)) ?? ""
    }
}
