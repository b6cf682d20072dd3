import Foundation
import Pool
import Similarity

/// The backend for curating an existing pool without generation: decisions, edits, undo,
/// re-scoring and export straight on a `PoolFile`, with a nearest-neighbour index over the
/// comparison pool (seeds and accepted records) for re-scoring edits.
///
/// An actor, because `PoolFile` is confined to one owner: every pool call runs here, off the
/// screen's thread.
public actor PoolCurationBackend: PoolCuration {
    /// The pool file's path.
    public nonisolated let poolPath: String

    private let pool: PoolFile
    private var threshold: Double
    private var index: NearestNeighbourIndex?
    /// For each record in the index, the position of its current text; older texts of an
    /// edited record stay in the index (it cannot remove) and are skipped.
    private var indexPositionByID: [String: Int] = [:]

    /// Opens (creating if missing, from `seedTasksIfNew`) the pool at `url` for writing.
    ///
    /// With `readOnlyIfUnwritable`, a pool that cannot be opened for writing (another
    /// process holds it, the file or folder is read-only, a newer selfinstruct wrote it) is
    /// opened read-only instead: browse, search, statistics and export work, and
    /// `readOnlyReason` says why changes are refused.
    /// - Throws: `PoolError` when the pool cannot be opened (or, without
    ///   `readOnlyIfUnwritable`, not for writing).
    public init(poolAt url: URL, seedTasksIfNew: String? = nil, similarityThreshold: Double = 0.7, readOnlyIfUnwritable: Bool = false) throws {
        do {
            pool = try PoolFile(at: url, access: .readWrite, seedTasksIfNew: seedTasksIfNew)
            readOnlyReason = nil
        } catch let error as PoolError where readOnlyIfUnwritable {
            pool = try PoolFile(at: url, access: .readOnly)
            readOnlyReason = error.description
        }
        poolPath = url.path
        openingProblems = pool.problems.map(\.description)
        threshold = similarityThreshold
    }

    /// Why the pool is open read-only; nil when it is open for writing.
    public nonisolated let readOnlyReason: String?

    /// Problems found when the pool was opened (torn or malformed lines), for the log.
    public nonisolated let openingProblems: [String]

    /// The current near-duplicate threshold.
    public func similarityThreshold() -> Double { threshold }

    public func entries() -> [PoolEntry] { pool.entries }

    public func record(_ id: String) throws -> PoolRecord { try pool.record(id) }

    public func decide(_ ids: [String], status: RecordStatus, why: StatusReason) throws -> [PoolEntry] {
        try ids.map { id in
            noteChanged(try pool.decide(id, status: status, why: why))
            return try entry(id)
        }
    }

    public func edit(_ id: String, _ change: RecordChange) throws -> PoolEntry {
        let record = try pool.edit(id, change)
        noteChanged(record)
        return try entry(id)
    }

    public func undo(_ id: String) throws -> PoolEntry {
        let record = try pool.undo(id)
        noteChanged(record)
        return try entry(id)
    }

    public func rescore(_ text: String, excluding id: String?, k: Int) -> [ScoredNeighbour] {
        let index = comparisonIndex()
        let search = index.search(text, k: k + 1 + staleCount)
        var result: [ScoredNeighbour] = []
        for neighbour in search.neighbours {
            let neighbourID = neighbour.id
            guard indexPositionByID[neighbourID] == neighbour.index, neighbourID != id else { continue }
            result.append(ScoredNeighbour(id: neighbourID, text: neighbour.text, score: neighbour.fmeasure))
            if result.count == k { break }
        }
        return result
    }

    public func export(format: ExportFormat, to path: String) throws -> ExportSummary {
        try ExportWriter.write(pool, format: format, to: path)
    }

    public func setSimilarityThreshold(_ threshold: Double) {
        self.threshold = threshold
    }

    public func shutDown() {
        try? pool.close()
    }

    public func prepare() {
        _ = comparisonIndex()
    }

    // MARK: The comparison index

    private var staleCount: Int { (index?.count ?? 0) - indexPositionByID.count }

    private func comparisonIndex() -> NearestNeighbourIndex {
        if let index { return index }
        let built = NearestNeighbourIndex(threads: 1)
        for entry in pool.entries where entry.status == .seed || entry.status == .accepted {
            indexPositionByID[entry.id] = built.add(entry.instruction, id: entry.id)
        }
        index = built
        return built
    }

    /// Keeps the index in step with a record's new revision: it holds seeds and accepted
    /// records at their current text.
    private func noteChanged(_ record: PoolRecord) {
        guard let index else { return }
        let isCompared = record.status == .seed || record.status == .accepted
        if let position = indexPositionByID[record.id], isCompared, index.text(at: position) == record.instruction { return }
        indexPositionByID[record.id] = nil
        if isCompared { indexPositionByID[record.id] = index.add(record.instruction, id: record.id) }
    }

    private func entry(_ id: String) throws -> PoolEntry {
        guard let entry = pool.entry(id) else { throw WorkbenchError("record \(id) vanished from \(poolPath)") }
        return entry
    }
}

/// A failure the workbench reports in its status line: what happened and what to do.
public struct WorkbenchError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The message, written for people.
    public let description: String

    /// An error with `description`.
    public init(_ description: String) {
        self.description = description
    }
}
