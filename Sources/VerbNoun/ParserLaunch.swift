import ChildProcesses
import DurableFiles
import Foundation

/// How to start a process that speaks the parser's protocol: one `{"texts": [...]}` line in,
/// one `{"pairs": [[verb, noun], ...]}` line out, after a first `{"ready": ...}` line.
/// Texts travel as JSON on stdin, never through a shell.
public struct ParserLaunch: Sendable {
    /// The program.
    public var executable: URL
    /// Its arguments.
    public var arguments: [String]
    /// What its results are cached under; results under another tag are not reused.
    public var tag: String
    /// Where its standard error goes.
    public var log: URL

    /// A launch of `executable` with `arguments`, whose results are cached under `tag`.
    public init(executable: URL, arguments: [String], tag: String, log: URL) {
        self.executable = executable
        self.arguments = arguments
        self.tag = tag
        self.log = log
    }

    /// A started process with stdin and stdout as pipes and stderr to `log`.
    func start() throws -> (process: ChildProcess, input: FileHandle, output: LineReader) {
        // A parser that dies mid-request would otherwise kill this process with SIGPIPE.
        signal(SIGPIPE, SIG_IGN)
        try FileManager.default.createDirectory(at: log.deletingLastPathComponent(), withIntermediateDirectories: true)
        _ = FileManager.default.createFile(atPath: log.path, contents: nil)
        let process = try ChildProcess(executable: executable.path, arguments: arguments, error: .file(log.path))
        // The handles own the descriptors from here on; the process object no longer closes them.
        let input = FileHandle(fileDescriptor: fcntl(process.input!, F_DUPFD_CLOEXEC, 0), closeOnDealloc: true)
        let output = FileHandle(fileDescriptor: fcntl(process.output!, F_DUPFD_CLOEXEC, 0), closeOnDealloc: true)
        process.closeInput()
        return (process, input, LineReader(output))
    }

    /// Runs to the end with no input, passing each line of its output to `report`; returns
    /// its exit status.
    func run(report: (String) -> Void) throws -> Int32 {
        let (process, input, output) = try start()
        try? input.close()
        while let line = output.next() { report(String(decoding: line, as: UTF8.self)) }
        return process.wait().status
    }

    /// The last lines of the log, on one line, for an error message.
    func logTail(lines: Int = 6) -> String {
        let text = (try? String(contentsOf: log, encoding: .utf8)) ?? ""
        let tail = text.split(separator: "\n").suffix(lines).joined(separator: " | ")
        return tail.isEmpty ? "nothing" : tail
    }
}

/// Reads `\n`-terminated lines from a pipe, blocking.
final class LineReader {
    private let handle: FileHandle
    private var buffer = Data()
    private var ended = false

    init(_ handle: FileHandle) {
        self.handle = handle
    }

    /// The next line without its `\n`; nil at the end of the stream (a last unterminated
    /// line is returned first).
    func next() -> Data? {
        while true {
            if let newline = buffer.firstIndex(of: UInt8(ascii: "\n")) {
                let line = buffer[buffer.startIndex..<newline]
                buffer = Data(buffer[(newline + 1)...])
                return Data(line)
            }
            if ended {
                defer { buffer = Data() }
                return buffer.isEmpty ? nil : buffer
            }
            // A failed read ends the stream: the caller then reports the parser's stderr.
            let chunk = (try? POSIXFile.readSome(handle.fileDescriptor, path: "the parser's output")) ?? []
            if chunk.isEmpty { ended = true } else { buffer.append(contentsOf: chunk) }
        }
    }
}
