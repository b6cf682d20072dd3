import DurableFiles
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
    /// Rewrites the pool with only the latest revision of each record, through an
    /// `AtomicFileWriter`, so a crash or a failure at any moment leaves either the old or the
    /// new file, both whole, and no temporary file. Malformed lines go to the quarantine
    /// file first. Undo cannot reach revisions from before a compaction.
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

        var newLocations: [LineLocation] = []
        newLocations.reserveCapacity(entries.count)
        try AtomicFileWriter.write(to: path) { output in
            var offset: Int64 = 0
            for entry in entries {
                let line = try FileIO.readExactly(descriptor, count: entry.location.length, at: entry.location.offset, path: path)
                newLocations.append(LineLocation(offset: offset, length: line.count))
                try output.write(line)
                try output.write(CollectionOfOne(0x0A))
                offset += Int64(line.count + 1)
            }
        }

        POSIXFile.close(descriptor)
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
