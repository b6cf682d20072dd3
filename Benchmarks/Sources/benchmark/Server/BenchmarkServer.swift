import ChildProcesses
import DurableFiles
import Foundation

/// The benchmarks' fake OpenAI-compatible server, run as a child process (this executable's
/// hidden `serve` subcommand) so that CPU time and memory measured here are the client's
/// alone. It stops when `stop()` closes its standard input, or when this process ends.
final class BenchmarkServer {
    /// "http://127.0.0.1:PORT/v1"
    let baseURL: String
    private let child: ChildProcess

    /// Starts the server and waits until it listens.
    init(_ options: ServeOptions) throws {
        child = try ChildProcess(executable: Bundle.main.executablePath ?? CommandLine.arguments[0], arguments: ["serve"] + options.arguments,
                                 error: .inherit)
        guard let line = Self.readLine(child.output!), let port = Int(line) else {
            throw BenchmarkServerError(message: "the benchmark server did not start (its messages are above)")
        }
        baseURL = "http://127.0.0.1:\(port)/v1"
    }

    /// Stops the server and returns what it counted.
    func stop() throws -> ServerTally {
        child.closeInput()
        let line = Self.readLine(child.output!) ?? ""
        _ = child.wait()
        do {
            return try JSONDecoder().decode(ServerTally.self, from: Data(line.utf8))
        } catch {
            throw BenchmarkServerError(message: "the benchmark server ended without its counts (it printed \"\(line)\")")
        }
    }

    /// One line from `descriptor`, without its newline; nil at the end of the output.
    private static func readLine(_ descriptor: Int32) -> String? {
        var bytes = Data()
        while let byte = try? POSIXFile.readSome(descriptor, limit: 1, path: "the benchmark server's output"), let first = byte.first {
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
