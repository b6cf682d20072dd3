import DurableFiles
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A JSONL file that only grows: each record is appended as one whole line and is on disk
/// (fsync) before `append` returns, as the pool writes its records.
///
/// A line torn by a crash is closed with a line break before the next append, so it stays a
/// bad line of its own (reported with file:line when read) instead of swallowing the next.
public final class AppendLog {
    /// The file's path.
    public let path: String
    private let descriptor: Int32
    private var needsLineBreak: Bool

    /// Opens `path` for appending, creating it (and making its creation durable) if needed.
    public init(path: String) throws {
        self.path = path
        let existed = access(path, F_OK) == 0
        descriptor = open(path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else { throw FileError("open", path: path) }
        needsLineBreak = false
        do {
            if existed {
                needsLineBreak = try Self.endsWithoutLineBreak(path: path)
            } else {
                try POSIXFile.syncDirectory(POSIXFile.directory(of: path))
            }
        } catch {
            POSIXFile.close(descriptor)
            throw error
        }
    }

    deinit { POSIXFile.close(descriptor) }

    /// Appends `records`, one line each, and makes them durable before returning.
    public func append(_ records: [JSONValue]) throws {
        guard !records.isEmpty else { return }
        var text = needsLineBreak ? "\n" : ""
        for record in records {
            record.write(to: &text)
            text += "\n"
        }
        try Array(text.utf8).withUnsafeBytes { try POSIXFile.writeAll(descriptor, $0, path: path) }
        try POSIXFile.sync(descriptor, path: path)
        needsLineBreak = false
    }

    /// Appends one record durably.
    public func append(_ record: JSONValue) throws { try append([record]) }

    private static func endsWithoutLineBreak(path: String) throws -> Bool {
        let reader = open(path, O_RDONLY | O_CLOEXEC)
        guard reader >= 0 else { throw FileError("open", path: path) }
        defer { POSIXFile.close(reader) }
        let size = lseek(reader, 0, SEEK_END)
        guard size > 0 else { return false }
        var last: UInt8 = 0
        guard pread(reader, &last, 1, size - 1) == 1 else { throw FileError("read", path: path) }
        return last != UInt8(ascii: "\n")
    }
}
