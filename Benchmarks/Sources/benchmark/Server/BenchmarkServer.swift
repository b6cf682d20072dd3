import Foundation

/// The benchmarks' fake OpenAI-compatible server, run as a child process (this executable's
/// hidden `serve` subcommand) so that CPU time and memory measured here are the client's
/// alone. It stops when `stop()` closes its standard input, or when this process ends.
final class BenchmarkServer {
    /// "http://127.0.0.1:PORT/v1"
    let baseURL: String
    private let child = Process()
    private let input = Pipe()
    private let output = Pipe()

    /// Starts the server and waits until it listens.
    init(_ options: ServeOptions) throws {
        child.executableURL = Bundle.main.executableURL
        child.arguments = ["serve"] + options.arguments
        child.standardInput = input
        child.standardOutput = output
        try child.run()
        guard let line = Self.readLine(output.fileHandleForReading), let port = Int(line) else {
            throw BenchmarkServerError(message: "the benchmark server did not start (its messages are above)")
        }
        baseURL = "http://127.0.0.1:\(port)/v1"
    }

    /// Stops the server and returns what it counted.
    func stop() throws -> ServerTally {
        try input.fileHandleForWriting.close()
        let line = Self.readLine(output.fileHandleForReading) ?? ""
        child.waitUntilExit()
        do {
            return try JSONDecoder().decode(ServerTally.self, from: Data(line.utf8))
        } catch {
            throw BenchmarkServerError(message: "the benchmark server ended without its counts (it printed \"\(line)\")")
        }
    }

    /// One line from `handle`, without its newline; nil at the end of the output.
    private static func readLine(_ handle: FileHandle) -> String? {
        var bytes = Data()
        while let byte = try? handle.read(upToCount: 1), let first = byte.first {
            if first == UInt8(ascii: "\n") { return String(decoding: bytes, as: UTF8.self) }
            bytes.append(first)
        }
        return bytes.isEmpty ? nil : String(decoding: bytes, as: UTF8.self)
    }
}

/// The benchmark server failed to start or to report.
struct BenchmarkServerError: Error, CustomStringConvertible {
    /// What happened.
    let message: String
    /// The message.
    var description: String { message }
}
