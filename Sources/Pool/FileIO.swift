import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The few POSIX file operations the pool needs, with retries on EINTR and errors that
/// name the file.
enum FileIO {
    /// Writes every byte at the descriptor's position (the end, for O_APPEND).
    static func writeAll(_ descriptor: Int32, _ bytes: UnsafeRawBufferPointer, path: String) throws {
        var done = 0
        while done < bytes.count {
            let n = write(descriptor, bytes.baseAddress! + done, bytes.count - done)
            if n < 0 {
                if errno == EINTR { continue }
                throw PoolError.system("write", path: path)
            }
            done += n
        }
    }

    /// Reads exactly `count` bytes at `offset`.
    static func readExactly(_ descriptor: Int32, count: Int, at offset: Int64, path: String) throws -> [UInt8] {
        var bytes = [UInt8](repeating: 0, count: count)
        var done = 0
        try bytes.withUnsafeMutableBytes { buffer in
            while done < count {
                let n = pread(descriptor, buffer.baseAddress! + done, count - done, off_t(offset) + off_t(done))
                if n < 0 {
                    if errno == EINTR { continue }
                    throw PoolError.system("read", path: path)
                }
                if n == 0 { throw PoolError.unreadableFile(path, "the file ended early at byte \(offset + Int64(done)); was it truncated by another program?") }
                done += n
            }
        }
        return bytes
    }

    /// Makes written data durable. Uses fdatasync on Linux: the file size is data for it,
    /// so an append is durable without the cost of flushing timestamps.
    static func sync(_ descriptor: Int32, path: String) throws {
        #if os(Linux)
        let result = fdatasync(descriptor)
        #else
        let result = fsync(descriptor)
        #endif
        guard result == 0 else { throw PoolError.system("sync", path: path) }
    }

    /// Makes a rename or a file creation in `directory` durable.
    static func syncDirectory(_ directory: String) throws {
        let descriptor = open(directory, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard descriptor >= 0 else { throw PoolError.system("open folder", path: directory) }
        defer { close(descriptor) }
        guard fsync(descriptor) == 0 else { throw PoolError.system("sync folder", path: directory) }
    }

    /// The folder holding `path` (`.` for a bare file name).
    static func directory(of path: String) -> String {
        let folder = (path as NSString).deletingLastPathComponent
        return folder.isEmpty ? "." : folder
    }

    /// Closes a descriptor, ignoring errors (nothing useful can be done about them).
    static func close(_ descriptor: Int32) {
        #if canImport(Glibc)
        _ = Glibc.close(descriptor)
        #else
        _ = Darwin.close(descriptor)
        #endif
    }

    /// The file's size in bytes.
    static func size(_ descriptor: Int32, path: String) throws -> Int64 {
        var info = stat()
        guard fstat(descriptor, &info) == 0 else { throw PoolError.system("stat", path: path) }
        return Int64(info.st_size)
    }
}
