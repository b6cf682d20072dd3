import ArgumentParser
import Foundation

/// Writes a line to standard error, for messages that must not mix with data on stdout.
func printError(_ line: String) {
    FileHandle.standardError.write(Data((line + "\n").utf8))
}

/// Command output to standard output, or to a file that appears only when complete: the text
/// goes to a temporary file beside the target, renamed into place by `finish()`, so a
/// failed or interrupted command never leaves a partial file under the real name.
final class OutputFile {
    private let path: String?
    private let temporary: URL?
    private let handle: FileHandle
    private var buffer = Data()

    /// Output to `path`; nil or `-` is standard output.
    init(path: String?) throws {
        guard let path, path != "-" else {
            self.path = nil
            temporary = nil
            handle = FileHandle.standardOutput
            return
        }
        let url = URL(fileURLWithPath: path)
        let temporary = url.deletingLastPathComponent()
            .appendingPathComponent(".\(url.lastPathComponent).\(ProcessInfo.processInfo.processIdentifier).partial")
        guard FileManager.default.createFile(atPath: temporary.path, contents: nil),
              let handle = FileHandle(forWritingAtPath: temporary.path)
        else {
            printError("error: \(path): cannot create the output file; check that the folder exists and is writable")
            throw ExitCode.failure
        }
        self.path = path
        self.temporary = temporary
        self.handle = handle
    }

    /// Writes `lines`, each followed by a newline, to `path` (standard output when nil).
    static func write(lines: [String], to path: String?) throws {
        let output = try OutputFile(path: path)
        for line in lines { try output.write(line + "\n") }
        try output.finish()
    }

    /// Appends `text`; it reaches the file in blocks of about 1 MiB.
    func write(_ text: String) throws {
        buffer.append(contentsOf: text.utf8)
        if buffer.count >= 1 << 20 { try flush() }
    }

    /// Writes what is buffered and, for a file, makes it durable and renames it into place.
    func finish() throws {
        try flush()
        guard let path, let temporary else { return }
        do {
            try handle.synchronize()
            try handle.close()
            guard rename(temporary.path, path) == 0 else { throw POSIXError(POSIXErrorCode(rawValue: errno) ?? .EIO) }
        } catch {
            throw failure(error)
        }
    }

    private func flush() throws {
        do {
            try handle.write(contentsOf: buffer)
            buffer.removeAll(keepingCapacity: true)
        } catch {
            throw failure(error)
        }
    }

    /// Removes the temporary file and says what went wrong; the command then exits with status 1.
    private func failure(_ error: any Error) -> ExitCode {
        if let temporary { try? FileManager.default.removeItem(at: temporary) }
        printError("error: \(path ?? "standard output"): cannot write the output (\(error.localizedDescription))")
        return ExitCode.failure
    }
}
