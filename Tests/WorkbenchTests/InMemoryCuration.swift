import DatasetCard
import Engine
import Foundation
import Pool
import Settings
import Similarity
import VerbNoun
@testable import Workbench

/// A pool kept in memory, for reducer tests that need no file: decisions and edits change
/// records through the same `PoolRecord` methods the pool file uses, each call one action
/// that undo and redo take back and bring back whole (as the pool file does), re-scoring is
/// exact ROUGE-L against the seeds and accepted records, and the verdict is the recipe's.
/// `failingDecisions` makes every decision fail, as a full disk would; `unreadable` records
/// fail to load in full, as a damaged line would.
actor InMemoryCuration: PoolCuration {
    nonisolated let poolPath = "memory"
    private var records: [PoolRecord]
    /// Actions that can be undone, latest last, and undone ones that can be redone.
    private var undoable: [Action] = []
    private var redoable: [Action] = []
    private var threshold = 0.7
    /// When set, every decision throws this error and changes nothing.
    var failingDecisions: WorkbenchError?
    /// Records whose full revision cannot be read.
    var unreadable: Set<String> = []

    init(_ records: [PoolRecord]) {
        self.records = records
    }

    func failDecisions(_ error: WorkbenchError?) {
        failingDecisions = error
    }

    func makeUnreadable(_ ids: Set<String>) {
        unreadable = ids
    }

    /// The record `id` as it is now.
    func current(_ id: String) -> PoolRecord? {
        records.first { $0.id == id }
    }

    func entries() -> [PoolEntry] {
        records.enumerated().map { PoolEntry(summarizing: $1, line: $0 + 1) }
    }

    func prepare() {}

    func record(_ id: String) throws -> PoolRecord {
        guard let record = current(id), !unreadable.contains(id) else { throw WorkbenchError("no record \(id) in memory") }
        return record
    }

    func decide(_ ids: [String], status: RecordStatus, why: StatusReason) throws -> [PoolEntry] {
        if let failingDecisions { throw failingDecisions }
        let verb = status == .accepted ? "accept" : status == .rejected ? "reject" : "reopen"
        return try act(ids.count == 1 ? "\(verb) \(ids[0])" : "\(verb) \(ids.count) records", on: ids) { $0.decide(status, why: why) }
    }

    func edit(_ id: String, _ change: RecordChange) throws -> PoolEntry {
        if case .instruction(let text) = change { return try reviseInstruction(id, to: text, acceptingAnyway: false).entry }
        return try act("edit \(id)", on: [id]) { try $0.apply(change) }[0]
    }

    func reviseInstruction(_ id: String, to text: String, acceptingAnyway: Bool) throws -> RevisedInstruction {
        let nearest = rescore(text, excluding: id, k: 10)
        let compared = records.filter { ($0.status == .seed || $0.status == .accepted) && $0.id != id }
        let mean = compared.isEmpty ? nil : compared.map { RougeL.score(target: text, prediction: $0.instruction).fmeasure }.reduce(0, +) / Double(compared.count)
        let similarity = TextSimilarity(
            neighbours: nearest.enumerated().map { Neighbour(index: $0, id: $1.id ?? "", text: $1.text, fmeasure: $1.score) }, mean: mean)
        let verdict = Recipe.selfInstruct().verdict(for: text, nearest: nearest.first.map { ($0.text, $0.score) }, threshold: threshold)
        var outcome = InstructionRevision.Outcome.kept
        let entry = try act("edit \(id)", on: [id]) { record in
            outcome = try InstructionRevision.revise(&record, to: text, similarity: similarity, verdict: verdict, acceptingAnyway: acceptingAnyway)
        }[0]
        return RevisedInstruction(entry: entry, verdict: verdict, outcome: outcome)
    }

    func undoLastAction() -> ActionStep? {
        guard let action = undoable.popLast() else { return nil }
        redoable.append(action)
        return ActionStep(name: action.name, entries: write(action.before))
    }

    func redoLastAction() -> ActionStep? {
        guard let action = redoable.popLast() else { return nil }
        undoable.append(action)
        return ActionStep(name: action.name, entries: write(action.after))
    }

    func rescore(_ text: String, excluding id: String?, k: Int) -> [ScoredNeighbour] {
        records.filter { ($0.status == .seed || $0.status == .accepted) && $0.id != id }
            .map { ScoredNeighbour(id: $0.id, text: $0.instruction, score: RougeL.score(target: text, prediction: $0.instruction).fmeasure) }
            .sorted { $0.score > $1.score }
            .prefix(k).map { $0 }
    }

    func verdict(on reviewed: ReviewedText) -> FilterVerdict {
        Recipe.selfInstruct().verdict(for: reviewed.text, nearest: reviewed.nearestForVerdict, threshold: reviewed.threshold)
    }

    func export(format: ExportFormat, to path: String) throws -> ExportSummary {
        throw WorkbenchError("an in-memory pool has no file to export from")
    }

    func writeReport(
        to folder: URL, options: DatasetReport.Options, settings: ResolvedSettings?, verbNoun: VerbNounSummary?
    ) throws -> DatasetReport.Written {
        throw WorkbenchError("an in-memory pool has no file to report on")
    }

    func setSimilarityThreshold(_ threshold: Double) {
        self.threshold = threshold
    }

    func shutDown() {}

    /// A person's action: each record before and after it.
    private struct Action {
        var name: String
        var before: [PoolRecord]
        var after: [PoolRecord]
    }

    /// Changes every record or none, as one action; a new action clears the redo stack.
    private func act(_ name: String, on ids: [String], _ change: (inout PoolRecord) throws -> Void) throws -> [PoolEntry] {
        var before: [PoolRecord] = [], after: [PoolRecord] = []
        for id in ids {
            guard var record = current(id) else { throw WorkbenchError("no record \(id) in memory") }
            before.append(record)
            try change(&record)
            after.append(record)
        }
        undoable.append(Action(name: name, before: before, after: after))
        redoable.removeAll()
        return write(after)
    }

    /// Writes each record's content as its next revision.
    private func write(_ contents: [PoolRecord]) -> [PoolEntry] {
        contents.map { content in
            let position = records.firstIndex { $0.id == content.id }!
            var record = content
            record.revision = records[position].revision + 1
            records[position] = record
            return PoolEntry(summarizing: record, line: position + 1)
        }
    }
}
