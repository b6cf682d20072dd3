import Pool

/// A person's curation through the engine: decisions, edits, undo and redo, each keeping
/// the comparison index right and waking a run that waits for review.
extension GenerationEngine {
    /// A person's decision on records (usually pending candidates), durably, as one action
    /// that one undo takes back. In supervised mode, a run waiting for review continues once
    /// fewer than the allowed number are pending.
    @discardableResult
    public func decide(_ ids: [String], status: RecordStatus, why: StatusReason = .human()) throws -> [PoolRecord] {
        let before = ids.map { pool.entry($0) }
        let records = try pool.decide(ids, status: status, why: why, at: configuration.now())
        for (entry, record) in zip(before, records) { comparison.noteChange(from: entry, to: record) }
        wakeWaiters()
        return records
    }

    /// A person's change to a record's content, durably. The comparison index follows when
    /// the change touches an instruction candidates are compared with.
    @discardableResult
    public func edit(_ id: String, _ change: RecordChange) throws -> PoolRecord {
        let before = pool.entry(id)
        let record = try pool.edit(id, change, at: configuration.now())
        comparison.noteChange(from: before, to: record)
        return record
    }

    /// A person's new text for an instruction, saved as one action with its own neighbours,
    /// mean similarity and verdict at the current threshold; a text that fails a filter
    /// rejects an accepted or pending record unless `acceptingAnyway` (see
    /// `InstructionRevision`).
    @discardableResult
    public func reviseInstruction(_ id: String, to text: String, acceptingAnyway: Bool = false) throws -> InstructionRevision {
        let revision = try InstructionRevision.save(
            text, as: id, in: pool, comparison: &comparison, recipe: configuration.recipe, threshold: similarityThreshold,
            acceptingAnyway: acceptingAnyway, at: configuration.now())
        wakeWaiters()
        return revision
    }

    /// Undoes the person's latest action (all its records), durably; nil when there is
    /// nothing to undo. The comparison index follows, and a run waiting for review re-checks
    /// the pending count.
    /// - Throws: `PoolError` when a record changed since the action (nothing is written).
    @discardableResult
    public func undoLastAction() throws -> HistoryStep? {
        noteChanges(try pool.undoLastAction(at: configuration.now()))
    }

    /// Redoes the action undone last, durably; nil when there is nothing to redo.
    /// - Throws: `PoolError` when a record changed since the undo (nothing is written).
    @discardableResult
    public func redoLastAction() throws -> HistoryStep? {
        noteChanges(try pool.redoLastAction(at: configuration.now()))
    }

    private func noteChanges(_ step: HistoryStep?) -> HistoryStep? {
        guard let step else { return nil }
        for (entry, record) in zip(step.replaced, step.records) { comparison.noteChange(from: entry, to: record) }
        wakeWaiters()
        return step
    }
}
