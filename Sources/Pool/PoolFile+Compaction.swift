import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// What a compaction did.
public struct CompactionReport: Sendable, Hashable, CustomStringConvertible {
    /// Lines before compaction.
    public var linesBefore: Int
    /// Lines after: one per record.
    public var linesAfter: Int
    /// Malformed lines moved to the quarantine file first.
    public var quarantinedLines: Int

    public var description: String {
        "compacted \(linesBefore) lines to \(linesAfter)" + (quarantinedLines > 0 ? ", \(quarantinedLines) malformed lines moved to quarantine" : "")
    }
}

extension PoolFile {
    /// Rewrites the pool with only the latest revision of each record: writes a temporary
    /// file beside it, syncs it, renames it over the pool and syncs the folder, so a crash
    /// at any moment leaves either the old or the new file, both whole. Malformed lines go
    /// to the quarantine file first. Undo cannot reach revisions from before a compaction.
    @discardableResult
    public func compact() throws -> CompactionReport {
        guard access == .readWrite, descriptor >= 0 else { throw PoolError.readOnly(pool: path) }
        let linesBefore = lineCount
        if !setAside.isEmpty {
            let items = try setAside.map { bad in
                Quarantine.Item(
                    line: bad.line, reason: "malformed line: \(bad.message)",
                    bytes: try FileIO.readExactly(descriptor, count: bad.location.length, at: bad.location.offset, path: path))
            }
            _ = try Quarantine.append(items, poolPath: path)
        }
        let quarantined = setAside.count

        let temporary = path + ".compacting"
        let output = open(temporary, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard output >= 0 else { throw PoolError.system("create", path: temporary) }
        var newLocations: [LineLocation] = []
        newLocations.reserveCapacity(entries.count)
        do {
            defer { FileIO.close(output) }
            var buffer: [UInt8] = []
            buffer.reserveCapacity(4 << 20)
            var offset: Int64 = 0
            for entry in entries {
                let line = try FileIO.readExactly(descriptor, count: entry.location.length, at: entry.location.offset, path: path)
                newLocations.append(LineLocation(offset: offset, length: line.count))
                buffer += line
                buffer.append(0x0A)
                offset += Int64(line.count + 1)
                if buffer.count >= 4 << 20 {
                    try buffer.withUnsafeBytes { try FileIO.writeAll(output, $0, path: temporary) }
                    buffer.removeAll(keepingCapacity: true)
                }
            }
            try buffer.withUnsafeBytes { try FileIO.writeAll(output, $0, path: temporary) }
            guard fsync(output) == 0 else { throw PoolError.system("sync", path: temporary) }
        } catch {
            unlink(temporary)
            throw error
        }
        guard rename(temporary, path) == 0 else {
            let code = errno
            unlink(temporary)
            throw PoolError.system("rename \(temporary) to", path: path, errno: code)
        }
        try FileIO.syncDirectory(FileIO.directory(of: path))

        FileIO.close(descriptor)
        descriptor = open(path, O_RDWR | O_APPEND | O_CLOEXEC)
        guard descriptor >= 0 else { throw PoolError.system("reopen", path: path) }
        for index in entries.indices {
            entries[index].location = newLocations[index]
            entries[index].line = index + 1
        }
        olderRevisions = Array(repeating: [], count: entries.count)
        setAside = []
        lineCount = entries.count
        endOffset = newLocations.last.map { $0.offset + Int64($0.length) + 1 } ?? 0
        return CompactionReport(linesBefore: linesBefore, linesAfter: lineCount, quarantinedLines: quarantined)
    }
}
