import DurableFiles
import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The quarantine file beside a pool (`<pool>.quarantine`): lines taken out of the pool
/// because they could not be read, kept byte for byte so nothing is ever lost.
///
/// Each moved line is preceded by a `#` header naming where it came from and why, so a
/// person can repair it and `import` it back.
enum Quarantine {
    /// One line to move: its line number in the pool, why, and its exact bytes.
    struct Item {
        var line: Int
        var reason: String
        var bytes: [UInt8]
    }

    /// The quarantine path for a pool path.
    static func path(forPool poolPath: String) -> String { poolPath + ".quarantine" }

    /// Appends the items durably; returns the quarantine file's path.
    static func append(_ items: [Item], poolPath: String) throws -> String {
        let path = path(forPool: poolPath)
        let existed = FileManager.default.fileExists(atPath: path)
        let descriptor = open(path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else { throw PoolError.system("open quarantine file", path: path) }
        defer { close(descriptor) }
        var data: [UInt8] = []
        let when = Date().formatted(.iso8601)
        for item in items {
            data += Array("# \(poolPath):\(item.line): \(item.reason); \(item.bytes.count) bytes moved here at \(when)\n".utf8)
            data += item.bytes
            data.append(0x0A)
        }
        try data.withUnsafeBytes { try POSIXFile.writeAll(descriptor, $0, path: path) }
        try POSIXFile.sync(descriptor, path: path)
        if !existed { try POSIXFile.syncDirectory(POSIXFile.directory(of: path)) }
        return path
    }
}
