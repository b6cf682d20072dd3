import Foundation

/// What an import did: how many records of which format were read, added, or skipped.
public struct ImportReport: Sendable, CustomStringConvertible {
    /// The imported file.
    public var file: String
    /// Lines or elements read per recognised format.
    public var formats: [String: Int]
    /// Records added to the pool.
    public var added: Int
    /// Records skipped because the pool already had their id.
    public var alreadyInPool: Int
    /// Lines or elements that could not be used, with file:line.
    public var problems: [PoolProblem]

    /// A summary line, then one line per problem.
    public var description: String {
        let formatText = formats.sorted { $0.key < $1.key }.map { "\($0.value) \($0.key)" }.joined(separator: ", ")
        var lines = ["\(file): read \(formatText.isEmpty ? "nothing" : formatText); added \(added) records, \(alreadyInPool) already in the pool, \(problems.count) problems"]
        lines += problems.map(\.description)
        return lines.joined(separator: "\n")
    }
}

extension PoolFile {
    /// Adds the records of an import batch whose ids the pool does not have yet, with one
    /// durable write.
    @discardableResult
    public func importRecords(_ batch: ImportBatch) throws -> ImportReport {
        var fresh: [PoolRecord] = []
        var skipped = 0
        for record in batch.records {
            if entry(record.id) != nil { skipped += 1 } else { fresh.append(record) }
        }
        try add(contentsOf: fresh)
        return ImportReport(file: batch.file, formats: batch.formats, added: fresh.count, alreadyInPool: skipped, problems: batch.problems)
    }

    /// Reads a file in any supported format and imports it (see `UpstreamFormats`).
    @discardableResult
    public func importFile(_ url: URL) throws -> ImportReport {
        try importRecords(try UpstreamFormats.read(contentsOf: url))
    }
}
