import DatasetCard
import Engine
import Foundation
import Pool
import Settings
import VerbNoun

/// The backend for curating an existing pool without generation: decisions, edits, undo,
/// re-scoring and export straight on a `PoolFile`, re-scoring edits against the engine's
/// comparison index (seeds and accepted records), kept by the engine's rules.
///
/// An actor, because `PoolFile` is confined to one owner: every pool call runs here, off the
/// screen's thread.
public actor PoolCurationBackend: PoolCuration {
    /// The pool file's path.
    public nonisolated let poolPath: String

    private let pool: PoolFile
    private let recipe: Recipe
    private var threshold: Double
    private var comparison = ComparisonIndex(comparing: [.seed, .accepted], threads: 1)

    /// Opens (creating if missing, from `seedTasksIfNew`) the pool at `url` for writing.
    ///
    /// With `readOnlyIfUnwritable`, a pool that cannot be opened for writing (another
    /// process holds it, the file or folder is read-only, a newer selfinstruct wrote it) is
    /// opened read-only instead: browse, search, statistics and export work, and
    /// `readOnlyReason` says why changes are refused.
    /// - Throws: `PoolError` when the pool cannot be opened (or, without
    ///   `readOnlyIfUnwritable`, not for writing).
    public init(
        poolAt url: URL, seedTasksIfNew: String? = nil, recipe: Recipe = .selfInstruct(), readOnlyIfUnwritable: Bool = false
    ) throws {
        do {
            pool = try PoolFile(at: url, access: .readWrite, seedTasksIfNew: seedTasksIfNew)
            readOnlyReason = nil
        } catch let error as PoolError where readOnlyIfUnwritable {
            pool = try PoolFile(at: url, access: .readOnly)
            readOnlyReason = error.description
        }
        poolPath = url.path
        openingProblems = pool.problems.map(\.description)
        self.recipe = recipe
        threshold = recipe.similarityThreshold
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
        let before = ids.map { pool.entry($0) }
        let records = try pool.decide(ids, status: status, why: why)
        for (entry, record) in zip(before, records) { comparison.noteChange(from: entry, to: record) }
        return try ids.map(entry)
    }

    public func edit(_ id: String, _ change: RecordChange) throws -> PoolEntry {
        if case .instruction(let text) = change { return try reviseInstruction(id, to: text, acceptingAnyway: false).entry }
        let before = pool.entry(id)
        comparison.noteChange(from: before, to: try pool.edit(id, change))
        return try entry(id)
    }

    public func reviseInstruction(_ id: String, to text: String, acceptingAnyway: Bool) throws -> RevisedInstruction {
        let revision = try InstructionRevision.save(
            text, as: id, in: pool, comparison: &comparison, recipe: recipe, threshold: threshold, acceptingAnyway: acceptingAnyway)
        return RevisedInstruction(entry: try entry(id), verdict: revision.verdict, outcome: revision.outcome)
    }

    public func undoLastAction() throws -> ActionStep? {
        try summarize(pool.undoLastAction())
    }

    public func redoLastAction() throws -> ActionStep? {
        try summarize(pool.redoLastAction())
    }

    /// Keeps the comparison index right after an undo or a redo, and says what it did.
    private func summarize(_ step: HistoryStep?) throws -> ActionStep? {
        guard let step else { return nil }
        for (entry, record) in zip(step.replaced, step.records) { comparison.noteChange(from: entry, to: record) }
        return ActionStep(name: step.action.name, entries: try step.records.map { try entry($0.id) })
    }

    public func rescore(_ text: String, excluding id: String?, k: Int) -> [ScoredNeighbour] {
        comparison.nearest(to: text, k: k, excluding: id, in: pool).map { ScoredNeighbour(id: $0.id, text: $0.text, score: $0.fmeasure) }
    }

    public func verdict(on reviewed: ReviewedText) -> FilterVerdict {
        recipe.verdict(for: reviewed.text, nearest: reviewed.nearestForVerdict, threshold: reviewed.threshold)
    }

    public func export(format: ExportFormat, to path: String) throws -> ExportSummary {
        try ExportWriter.write(pool, format: format, to: path)
    }

    /// Writes the report from the pool file as it is on disk, off this actor (seconds at 100K
    /// records), so decisions go on meanwhile.
    public nonisolated func writeReport(
        to folder: URL, options: DatasetReport.Options, settings: ResolvedSettings?, verbNoun: VerbNounSummary?
    ) async throws -> DatasetReport.Written {
        try DatasetReport.write(poolAt: URL(fileURLWithPath: poolPath), to: folder, options: options, settings: settings, verbNoun: verbNoun)
    }

    public func setSimilarityThreshold(_ threshold: Double) {
        self.threshold = threshold
    }

    public func shutDown() {
        try? pool.close()
    }

    public func prepare() {
        _ = comparison.index(over: pool)
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
