import Foundation

/// What an import did: how many records of which format were read, added, filled in or
/// skipped.
public struct ImportReport: Sendable, CustomStringConvertible {
    /// The imported file.
    public var file: String
    /// Lines or elements read per recognised format.
    public var formats: [String: Int]
    /// Records added to the pool.
    public var added: Int
    /// Records already in the pool that the file completed (upstream's stage 2 and 3 files
    /// after stage 1: the classification, the instance completion and instances).
    public var completed: Int = 0
    /// Records skipped because the pool already had them with nothing to add.
    public var alreadyInPool: Int
    /// Lines or elements that could not be used, with file:line.
    public var problems: [PoolProblem]

    /// A summary line, then one line per problem.
    public var description: String {
        let formatText = formats.sorted { $0.key < $1.key }.map { "\($0.value) \($0.key)" }.joined(separator: ", ")
        let completedText = completed > 0 ? ", completed \(completed)" : ""
        var lines = ["\(file): read \(formatText.isEmpty ? "nothing" : formatText); added \(added) records\(completedText), \(alreadyInPool) already in the pool, \(problems.count) problems"]
        lines += problems.map(\.description)
        return lines.joined(separator: "\n")
    }
}

extension PoolFile {
    /// Adds the records of an import batch whose ids the pool does not have yet, and fills
    /// in what the pool's copy of the others lacks, with one durable write each.
    ///
    /// A record already in the pool (by id, or for upstream's machine-generated files by
    /// instruction text, as upstream joins its stage files) gains the classification, the
    /// stage 2 and 3 calls and the instances it does not have; nothing it has is replaced.
    /// `complete` then sees every added or changed record (to parse instances, say).
    @discardableResult
    public func importRecords(_ batch: ImportBatch, complete: (inout PoolRecord) -> Void = { _ in }) throws -> ImportReport {
        var fresh: [PoolRecord] = []
        var completed: [PoolRecord] = []
        var completedIndex: [String: Int] = [:]
        var skipped = 0
        let byInstruction = machineGeneratedIDsByInstruction(batch)
        for var record in batch.records {
            let existingID = entry(record.id) != nil ? record.id : byInstruction[record.instruction]
            guard let existingID else {
                complete(&record)
                fresh.append(record)
                continue
            }
            let earlier = completedIndex[existingID]
            var current = try earlier.map { completed[$0] } ?? self.record(existingID)
            let before = current
            current.fillIn(from: record)
            complete(&current)
            if current == before {
                skipped += 1
            } else if let earlier {
                completed[earlier] = current
            } else {
                completedIndex[existingID] = completed.count
                completed.append(current)
            }
        }
        try add(contentsOf: fresh)
        try revise(contentsOf: completed)
        return ImportReport(file: batch.file, formats: batch.formats, added: fresh.count, completed: completed.count,
                            alreadyInPool: skipped, problems: batch.problems)
    }

    /// Reads a file in any supported format and imports it (see `UpstreamFormats`).
    @discardableResult
    public func importFile(_ url: URL, complete: (inout PoolRecord) -> Void = { _ in }) throws -> ImportReport {
        try importRecords(try UpstreamFormats.read(contentsOf: url), complete: complete)
    }

    /// For the batch's machine-generated records whose id the pool lacks: the id of a pool
    /// record (seeds aside) with the same instruction, if any.
    private func machineGeneratedIDsByInstruction(_ batch: ImportBatch) -> [String: String] {
        let wanted = Set(batch.records.lazy.filter {
            $0.provenance?.importedFrom?.format == "machine-generated" && self.entry($0.id) == nil
        }.map(\.instruction))
        guard !wanted.isEmpty else { return [:] }
        var ids: [String: String] = [:]
        for entry in entries where entry.status != .seed && wanted.contains(entry.instruction) && ids[entry.instruction] == nil {
            ids[entry.instruction] = entry.id
        }
        return ids
    }
}

extension PoolRecord {
    /// Takes from `imported` what this record lacks: the classification, the instances, the
    /// stage 2 and 3 calls, the similarity fields and the upstream metadata.
    mutating func fillIn(from imported: PoolRecord) {
        if isClassification == nil { isClassification = imported.isClassification }
        if instances.isEmpty && instancesWhy == nil { instances = imported.instances }
        if mostSimilar.isEmpty { mostSimilar = imported.mostSimilar }
        if avgSimilarityScore == nil { avgSimilarityScore = imported.avgSimilarityScore }
        guard let incoming = imported.provenance else { return }
        var mine = provenance ?? Provenance()
        if mine.instructionGeneration == nil { mine.instructionGeneration = incoming.instructionGeneration }
        if mine.classification == nil { mine.classification = incoming.classification }
        if mine.instanceGeneration == nil { mine.instanceGeneration = incoming.instanceGeneration }
        if mine.upstreamMetadata == nil { mine.upstreamMetadata = incoming.upstreamMetadata }
        if mine.importedFrom == nil { mine.importedFrom = incoming.importedFrom }
        if mine != (provenance ?? Provenance()) { provenance = mine }
    }
}
