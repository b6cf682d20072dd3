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
    /// file first; when one is the latest revision of a record that can be salvaged (see
    /// `SalvagedRecord`), the salvaged record is then appended as its next revision (or
    /// added, if no other revision loaded). Undo and redo cannot reach revisions from before
    /// a compaction: the history starts anew.
    @discardableResult
    public func compact() throws -> CompactionReport {
        guard access == .readWrite, descriptor >= 0 else { throw PoolError.readOnly(pool: path) }
        let linesBefore = lineCount
        var salvaged: [String: SalvagedRecord] = [:]
        var salvagedOrder: [String] = []
        if !setAside.isEmpty {
            var items: [Quarantine.Item] = []
            for bad in setAside {
                let bytes = try FileIO.readExactly(descriptor, count: bad.location.length, at: bad.location.offset, path: path)
                var reason = "malformed line: \(bad.message)"
                // Keep what reads of the record when this line is its latest revision.
                if let rescue = SalvagedRecord(line: bytes, decoder: decoder),
                   rescue.record.revision > max(entry(rescue.record.id)?.revision ?? 0, salvaged[rescue.record.id]?.record.revision ?? 0)
                {
                    if salvaged.updateValue(rescue, forKey: rescue.record.id) == nil { salvagedOrder.append(rescue.record.id) }
                    reason += "; its record \(rescue.repair)"
                    if let problem = problems.firstIndex(where: { $0.kind == .malformedLine && $0.line == bad.line }) {
                        problems[problem].message += "; the record '\(rescue.record.id)' was kept, \(rescue.repair)"
                    }
                }
                items.append(Quarantine.Item(line: bad.line, reason: reason, bytes: bytes))
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
        history = ActionHistory()
        setAside = []
        lineCount = entries.count
        endOffset = newLocations.last.map { $0.offset + Int64($0.length) + 1 } ?? 0
        let report = CompactionReport(linesBefore: linesBefore, linesAfter: lineCount, quarantinedLines: quarantined)
        for id in salvagedOrder {
            let record = salvaged[id]!.record
            if entry(id) == nil { try add(record) } else { try revise(record) }
        }
        return report
    }
}
