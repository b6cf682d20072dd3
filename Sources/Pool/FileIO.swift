import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The POSIX file operations only the pool needs (positioned reads, the appends' sync), with
/// retries on EINTR and errors that name the file; the rest are in `DurableFiles.POSIXFile`.
enum FileIO {
    /// Reads exactly `count` bytes at `offset`.
    static func readExactly(_ descriptor: Int32, count: Int, at offset: Int64, path: String) throws -> [UInt8] {
        var bytes = [UInt8](repeating: 0, count: count)
        try bytes.withUnsafeMutableBytes { try read(descriptor, into: $0, at: offset, path: path) }
        return bytes
    }

    /// Fills `buffer` with the bytes at `offset`.
    static func read(_ descriptor: Int32, into buffer: UnsafeMutableRawBufferPointer, at offset: Int64, path: String) throws {
        var done = 0
        while done < buffer.count {
            let n = pread(descriptor, buffer.baseAddress! + done, buffer.count - done, off_t(offset) + off_t(done))
            if n < 0 {
                if errno == EINTR { continue }
                throw PoolError.system("read", path: path)
            }
            if n == 0 { throw PoolError.unreadableFile(path, "the file ended early at byte \(offset + Int64(done)); was it truncated by another program?") }
            done += n
        }
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

    /// The file's size in bytes.
    static func size(_ descriptor: Int32, path: String) throws -> Int64 {
        var info = stat()
        guard fstat(descriptor, &info) == 0 else { throw PoolError.system("stat", path: path) }
        return Int64(info.st_size)
    }
}
