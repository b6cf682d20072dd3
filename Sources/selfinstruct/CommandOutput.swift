import ArgumentParser
import DurableFiles
import Foundation
import Terminal

/// Writes a line to standard error, for messages that must not mix with data on stdout.
/// Messages quote pool, input and endpoint text (a record's id, an HTML error page), so
/// their control characters are made visible as in `printVisibly`.
func printError(_ line: String) {
    FileHandle.standardError.write(Data((TextSanitizer.printable(line) + "\n").utf8))
}

/// Prints text that holds pool or model text (instructions, reasons) with every control
/// character made visible (`␛`, `<U+009B>`), so a record cannot drive the terminal it is
/// printed on. Tabs and line breaks stay as they are.
func printVisibly(_ text: String, terminator: String = "\n") {
    print(TextSanitizer.printable(text), terminator: terminator)
}

/// Command output to standard output, or to a file that appears only when complete (an
/// `AtomicFileWriter`), so a failed or interrupted command never leaves a partial file under
/// the real name, nor a temporary one beside it.
final class OutputFile {
    private let file: AtomicFileWriter?
    private var buffer = Data()

    /// Output to `path`; nil or `-` is standard output.
    init(path: String?) throws {
        guard let path, path != "-" else {
            file = nil
            return
        }
        do {
            file = try AtomicFileWriter(path: path)
        } catch {
            printError("error: \(path): cannot create the output file (\(error))")
            throw ExitCode.failure
        }
    }

    /// Writes `lines`, each followed by a newline, to `path` (standard output when nil).
    static func write(lines: [String], to path: String?) throws {
        let output = try OutputFile(path: path)
        for line in lines { try output.write(line + "\n") }
        try output.finish()
    }

    /// Appends `text`; it reaches the output in blocks of about 1 MiB.
    func write(_ text: String) throws {
        guard let file else {
            buffer.append(contentsOf: text.utf8)
            if buffer.count >= 1 << 20 { try flushStandardOutput() }
            return
        }
        do {
            try file.write(text)
        } catch {
            throw failure(error)
        }
    }

    /// Writes what is buffered and, for a file, makes it durable and renames it into place.
    func finish() throws {
        guard let file else { return try flushStandardOutput() }
        do {
            try file.commit()
        } catch {
            throw failure(error)
        }
    }

    private func flushStandardOutput() throws {
        do {
            try FileHandle.standardOutput.write(contentsOf: buffer)
            buffer.removeAll(keepingCapacity: true)
        } catch {
            throw failure(error)
        }
    }

    /// Removes the temporary file and says what went wrong; the command then exits with status 1.
    private func failure(_ error: any Error) -> ExitCode {
        file?.discard()
        printError("error: \(file?.path ?? "standard output"): cannot write the output (\(error))")
        return ExitCode.failure
    }
}
