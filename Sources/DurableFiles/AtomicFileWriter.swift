#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Writes a file that appears under its name only once it is whole and on disk: the bytes go
/// to a temporary file beside the target (`.<name>.<pid>.partial`, same folder so the rename
/// cannot cross file systems), which is synced, renamed over the target, and the folder
/// synced. On any failure, or if the writer is dropped uncommitted, the temporary file is
/// removed, so a failed write leaves neither a partial target nor a stray temporary file.
///
/// Used for the pool's compaction, command output files and the workbench's export.
/// Not thread-safe.
public final class AtomicFileWriter {
    /// The file being written.
    public let path: String
    /// Where the bytes go until `commit()`.
    public let temporaryPath: String
    private var descriptor: Int32
    private var temporaryExists = true
    private var buffer: [UInt8] = []
    private static let blockSize = 1 << 20

    /// Creates the temporary file beside `path` (replacing one a crashed run of this process
    /// id left behind).
    /// - Throws: `FileError` if it cannot be created (no such folder, not writable).
    public init(path: String) throws {
        self.path = path
        let name = POSIXFile.fileName(of: path)
        temporaryPath = String(decoding: path.utf8.dropLast(name.utf8.count), as: UTF8.self) + ".\(name).\(getpid()).partial"
        descriptor = open(temporaryPath, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else { throw FileError("create", path: temporaryPath) }
        buffer.reserveCapacity(Self.blockSize)
    }

    deinit { discard() }

    /// Writes the file in one go: `body` writes to the writer, which is then committed. If
    /// `body` or the commit throws, the temporary file is removed and the error rethrown.
    public static func write<Result>(to path: String, _ body: (AtomicFileWriter) throws -> Result) throws -> Result {
        let writer = try AtomicFileWriter(path: path)
        do {
            let result = try body(writer)
            try writer.commit()
            return result
        } catch {
            writer.discard()
            throw error
        }
    }

    /// Appends bytes; they reach the temporary file in blocks of about 1 MiB.
    public func write(_ bytes: some Collection<UInt8>) throws {
        buffer.append(contentsOf: bytes)
        if buffer.count >= Self.blockSize { try flush() }
    }

    /// Appends text as UTF-8.
    public func write(_ text: String) throws {
        try write(text.utf8)
    }

    /// Writes what is buffered, syncs, renames the temporary file over the target and syncs
    /// the folder. A failure up to the rename removes the temporary file and leaves the
    /// target as it was; one syncing the folder after it leaves the new file in place, whole
    /// (only its durability across a power cut is in doubt).
    public func commit() throws {
        guard temporaryExists else { throw FileError("commit", path: path, code: EBADF) }
        do {
            try flush()
            try POSIXFile.sync(descriptor, path: temporaryPath)
            POSIXFile.close(descriptor)
            descriptor = -1
            guard rename(temporaryPath, path) == 0 else { throw FileError("rename \(temporaryPath) to", path: path) }
        } catch {
            discard()
            throw error
        }
        temporaryExists = false
        try POSIXFile.syncDirectory(POSIXFile.directory(of: path))
    }

    /// Abandons the write: closes and removes the temporary file. Does nothing after a commit.
    public func discard() {
        if descriptor >= 0 {
            POSIXFile.close(descriptor)
            descriptor = -1
        }
        if temporaryExists {
            unlink(temporaryPath)
            temporaryExists = false
        }
        buffer = []
    }

    private func flush() throws {
        try buffer.withUnsafeBytes { (bytes) in try POSIXFile.writeAll(descriptor, bytes, path: temporaryPath) }
        buffer.removeAll(keepingCapacity: true)
    }
}
