#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The POSIX calls durable writing is built from, retried on EINTR, with errors that name
/// the file. Shared by `AtomicFileWriter` and the pool's appends, and by whatever reads a
/// child process's pipe (Foundation's `FileHandle` reads stop the process on EINTR).
public enum POSIXFile {
    /// Writes every byte at the descriptor's position (the end, for O_APPEND).
    public static func writeAll(_ descriptor: Int32, _ bytes: UnsafeRawBufferPointer, path: String) throws {
        var done = 0
        while done < bytes.count {
            let n = write(descriptor, bytes.baseAddress! + done, bytes.count - done)
            if n < 0 {
                if errno == EINTR { continue }
                throw FileError("write", path: path)
            }
            done += n
        }
    }

    /// The bytes the descriptor has now, up to `limit`, waiting until some arrive; empty at
    /// the end (a pipe: once every writer has closed it). Retried on EINTR.
    public static func readSome(_ descriptor: Int32, limit: Int = 65_536, path: String) throws -> [UInt8] {
        var bytes = [UInt8](repeating: 0, count: limit)
        while true {
            let n = bytes.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, limit) }
            if n >= 0 {
                bytes.removeSubrange(n...)
                return bytes
            }
            if errno != EINTR { throw FileError("read", path: path) }
        }
    }

    /// Every byte up to the end (a pipe: until every writer has closed it).
    public static func readToEnd(_ descriptor: Int32, path: String) throws -> [UInt8] {
        var all: [UInt8] = []
        while true {
            let chunk = try readSome(descriptor, path: path)
            if chunk.isEmpty { return all }
            all += chunk
        }
    }

    /// Makes a file's contents and metadata durable (fsync).
    public static func sync(_ descriptor: Int32, path: String) throws {
        guard fsync(descriptor) == 0 else { throw FileError("sync", path: path) }
    }

    /// Makes a rename or a file creation in `directory` durable.
    public static func syncDirectory(_ directory: String) throws {
        let descriptor = open(directory, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard descriptor >= 0 else { throw FileError("open folder", path: directory) }
        defer { close(descriptor) }
        guard fsync(descriptor) == 0 else { throw FileError("sync folder", path: directory) }
    }

    /// The folder holding `path` (`.` for a bare file name).
    public static func directory(of path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return "." }
        return slash == path.startIndex ? "/" : String(path[..<slash])
    }

    /// The last component of `path`.
    public static func fileName(of path: String) -> String {
        path.lastIndex(of: "/").map { String(path[path.index(after: $0)...]) } ?? path
    }

    /// Closes a descriptor, ignoring errors (nothing useful can be done about them).
    public static func close(_ descriptor: Int32) {
        #if canImport(Glibc)
        _ = Glibc.close(descriptor)
        #else
        _ = Darwin.close(descriptor)
        #endif
    }
}
