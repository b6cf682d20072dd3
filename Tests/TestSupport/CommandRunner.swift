import ChildProcesses
import DurableFiles
import Foundation

/// Runs the built `selfinstruct` executable, as a user would, and captures what it prints.
public enum CommandRunner {
    /// What a finished command printed and how it exited.
    public struct Outcome: Sendable {
        /// The exit status.
        public var status: Int32
        /// Standard output.
        public var stdout: String
        /// Standard error.
        public var stderr: String
    }

    /// The `selfinstruct` binary beside the test bundle in the build folder.
    public static var executable: URL {
        var folder = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        while !FileManager.default.isExecutableFile(atPath: folder.appendingPathComponent("selfinstruct").path),
              folder.path != "/"
        {
            folder.deleteLastPathComponent()
        }
        return folder.appendingPathComponent("selfinstruct")
    }

    /// Runs `selfinstruct arguments...` with `input` on standard input, in `directory`.
    public static func run(
        _ arguments: [String], input: String = "", directory: URL? = nil,
        environment: [String: String] = [:]
    ) async throws -> Outcome {
        try await run(executable: executable, arguments, input: input, directory: directory, environment: environment)
    }

    /// Runs any program with `arguments` and `input` on standard input, waiting for it on a
    /// thread of its own (see `offThePool`).
    public static func run(
        executable: URL, _ arguments: [String], input: String = "", directory: URL? = nil,
        environment: [String: String] = [:]
    ) async throws -> Outcome {
        try await offThePool {
            try runBlocking(executable: executable, arguments, input: input, directory: directory, environment: environment)
        }
    }

    private static func runBlocking(
        executable: URL, _ arguments: [String], input: String, directory: URL?, environment: [String: String]
    ) throws -> Outcome {
        let child = try ChildProcess(
            executable: executable.path, arguments: arguments,
            environment: ProcessInfo.processInfo.environment.merging(environment) { $1 }, directory: directory?.path)
        // Drain both pipes while the process runs, so a large output cannot block it.
        let outData = LockedData(), errData = LockedData()
        let group = DispatchGroup()
        for (descriptor, sink) in [(child.output!, outData), (child.error!, errData)] {
            group.enter()
            DispatchQueue.global().async {
                sink.set(Data((try? POSIXFile.readToEnd(descriptor, path: "the child's output")) ?? []))
                group.leave()
            }
        }
        // A child that exits without reading its input must not end the test process.
        signal(SIGPIPE, SIG_IGN)
        try? Array(input.utf8).withUnsafeBytes {
            try POSIXFile.writeAll(child.input!, $0, path: "the child's input")
        }
        child.closeInput()
        let termination = child.wait()
        group.wait()
        return Outcome(
            status: termination.status,
            stdout: String(decoding: outData.get(), as: UTF8.self),
            stderr: String(decoding: errData.get(), as: UTF8.self))
    }
}

/// Data written by one thread and read by another after a join.
private final class LockedData: @unchecked Sendable {
    private let lock = NSLock()
    private var data = Data()
    func set(_ value: Data) { lock.withLock { data = value } }
    func get() -> Data { lock.withLock { data } }
}

/// The Python interpreter with rouge-score that scripts/test sets up, if available.
public enum ReferencePython {
    /// `$SELFINSTRUCT_PYTHON`, when it names an executable.
    public static var executable: URL? {
        guard let path = ProcessInfo.processInfo.environment["SELFINSTRUCT_PYTHON"],
              FileManager.default.isExecutableFile(atPath: path)
        else { return nil }
        return URL(fileURLWithPath: path)
    }
}
