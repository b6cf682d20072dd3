import DurableFiles
import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A JSONL file beside a pool (`pool.spending.jsonl`, `pool.batches.jsonl` for `pool.jsonl`),
/// appended a durable line at a time by the pool's writer.
enum SidecarFile {
    /// The path of the file named `suffix` beside the pool at `poolURL`.
    static func path(forPool poolURL: URL, suffix: String) -> String {
        let file = poolURL.pathExtension == "jsonl"
            ? poolURL.deletingPathExtension().appendingPathExtension(suffix)
            : poolURL.appendingPathExtension(suffix)
        return file.path
    }

    /// Appends `line` and a line break, durable (file and, when new, its folder) before returning.
    /// - Throws: `PoolError` naming the file when it cannot be written.
    static func append(_ line: Data, to path: String, what: String) throws {
        var line = line
        line.append(0x0A)
        let existed = FileManager.default.fileExists(atPath: path)
        let descriptor = open(path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else { throw PoolError.system("open \(what)", path: path) }
        defer { POSIXFile.close(descriptor) }
        do {
            try line.withUnsafeBytes { try POSIXFile.writeAll(descriptor, $0, path: path) }
            try POSIXFile.sync(descriptor, path: path)
            if !existed { try POSIXFile.syncDirectory(POSIXFile.directory(of: path)) }
        } catch let error as FileError {
            throw PoolError.system(error.operation, path: error.path, errno: error.code)
        }
    }

    /// The file's non-blank lines, in order; none when it does not exist yet.
    /// - Throws: `PoolError` when the file exists but cannot be read.
    static func lines(at path: String) throws -> [Data] {
        guard FileManager.default.fileExists(atPath: path) else { return [] }
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: path))
        } catch {
            throw PoolError.unreadableFile(path, "cannot be read (\(error.localizedDescription)); check its permissions")
        }
        return data.split(separator: 0x0A).filter { !$0.allSatisfy { $0 == 0x20 || $0 == 0x0D } }.map { Data($0) }
    }
}
