import DatasetCard
import Engine
import Foundation
import Pool
import Settings
import VerbNoun

/// What the workbench needs from the pool: its records, durable decisions and edits,
/// re-scoring of an edited text and export. Every backend curates; one that also generates
/// conforms to `GenerationControl` too.
///
/// Every call may do I/O (an fsync per decision), so the workbench makes them from its
/// effect runner, never from the reducer, and turns the results into events.
public protocol PoolCuration: Sendable {
    /// The pool file's path, for the header.
    var poolPath: String { get }

    /// The latest revision of every record, in pool order.
    func entries() async -> [PoolEntry]
    /// Builds what re-scoring needs (the similarity index); the loop calls it after the
    /// first frame, so start-up stays quick and the first edit re-scores at once.
    func prepare() async
    /// A record's full latest revision (provenance, instances, neighbours).
    func record(_ id: String) async throws -> PoolRecord
    /// Sets the status of these records durably, in order, as one action (one undo takes it
    /// back); returns their new summaries.
    func decide(_ ids: [String], status: RecordStatus, why: StatusReason) async throws -> [PoolEntry]
    /// Applies a person's change to a record's content durably, as one action; returns its
    /// new summary. A new instruction is saved as `reviseInstruction` saves it, without
    /// accepting anyway.
    func edit(_ id: String, _ change: RecordChange) async throws -> PoolEntry
    /// Saves a person's new text for an instruction durably, as one action, with the text's
    /// own nearest neighbours, mean similarity and filter verdict: a text that fails a filter
    /// rejects an accepted or pending record unless `acceptingAnyway` (an override, recorded
    /// as such).
    func reviseInstruction(_ id: String, to text: String, acceptingAnyway: Bool) async throws -> RevisedInstruction
    /// Undoes the person's latest action, all its records, durably; nil when nothing is left
    /// to undo. The history is the pool's, so it reaches back past a restart.
    /// - Throws: `PoolError` whose `isHistoryBlocked` is true when a record changed since
    ///   the action; then nothing is written.
    func undoLastAction() async throws -> ActionStep?
    /// Redoes the action undone last, durably; nil when nothing is left to redo.
    /// - Throws: `PoolError` as `undoLastAction()` does.
    func redoLastAction() async throws -> ActionStep?
    /// The pool instructions nearest to `text` (ROUGE-L F, `text` as target), highest first,
    /// leaving out the record `excluding` itself.
    func rescore(_ text: String, excluding id: String?, k: Int) async -> [ScoredNeighbour]
    /// The verdict of the pool's recipe on a text (each filter, passed or failed), as the
    /// engine would record it: the same rules as generation, off the screen's thread.
    func verdict(on reviewed: ReviewedText) async -> FilterVerdict
    /// Writes fine-tuning data in `format` to `path`.
    func export(format: ExportFormat, to path: String) async throws -> ExportSummary
    /// Writes the dataset card, its figures and the data into `folder` (`DatasetReport`).
    func writeReport(
        to folder: URL, options: DatasetReport.Options, settings: ResolvedSettings?, verbNoun: VerbNounSummary?
    ) async throws -> DatasetReport.Written
    /// Changes the near-duplicate threshold for candidates from now on.
    func setSimilarityThreshold(_ threshold: Double) async throws
    /// Ends the session: stops generation, if any, and closes the pool; called once, on quit.
    func shutDown() async
}

/// What a backend that generates adds: pause, resume and finishing, stages 2 and 3 on
/// request, and a stream of what happens while generation runs.
public protocol GenerationControl: Sendable {
    /// The endpoint being generated against, e.g. `smollm2-135m @127.0.0.1:8077`.
    var endpointDescription: String { get }

    /// Pauses generation (the request in flight finishes), or resumes it.
    func setPaused(_ paused: Bool) async throws
    /// Lets the round in progress finish and write its records, then ends generation (the
    /// backend then reports the idle phase); the pool stays open.
    func finishRound() async
    /// Runs classification and instance stages on the accepted tasks `request` takes:
    /// before the next instruction round (at once when generation waits for review), or as
    /// a run of their own when no run goes on. Returns once they are asked for; what they do
    /// arrives as events.
    func runStages(_ request: StageRequest) async throws
    /// What generation reports while it works; finishes when generation ends.
    func events() -> AsyncStream<CurationEvent>
}

/// A backend that curates and generates.
public typealias CurationBackend = PoolCuration & GenerationControl

/// A record after a person's new instruction text was saved.
public struct RevisedInstruction: Sendable, Hashable {
    /// Its new summary.
    public var entry: PoolEntry
    /// The filters' verdict on the new text.
    public var verdict: FilterVerdict
    /// What the save did to its status.
    public var outcome: InstructionRevision.Outcome

    /// A saved revision.
    public init(entry: PoolEntry, verdict: FilterVerdict, outcome: InstructionRevision.Outcome) {
        self.entry = entry
        self.verdict = verdict
        self.outcome = outcome
    }
}

/// An action undone or redone: its name and its records' new summaries.
public struct ActionStep: Sendable, Hashable {
    /// What the person did, e.g. `accept 15 records`.
    public var name: String
    /// The records' summaries after the step.
    public var entries: [PoolEntry]

    /// A step of the action named `name` that left the records as `entries`.
    public init(name: String, entries: [PoolEntry]) {
        self.name = name
        self.entries = entries
    }
}

/// A pool instruction near a text, with its ROUGE-L F.
public struct ScoredNeighbour: Sendable, Hashable {
    /// The record's id, when known.
    public var id: String?
    /// The instruction text.
    public var text: String
    /// ROUGE-L F, the scored text as target.
    public var score: Double

    /// A neighbour at `score`.
    public init(id: String? = nil, text: String, score: Double) {
        self.id = id
        self.text = text
        self.score = score
    }
}

/// A text the detail pane shows with the filters' verdict: a candidate, a record, or an
/// edit in progress, with its nearest pool instruction and the threshold in force.
public struct ReviewedText: Sendable, Hashable {
    /// The text judged.
    public var text: String
    /// Its nearest pool instruction, once scored.
    public var nearest: ScoredNeighbour?
    /// The near-duplicate threshold.
    public var threshold: Double

    /// A text to judge.
    public init(text: String, nearest: ScoredNeighbour?, threshold: Double) {
        self.text = text
        self.nearest = nearest
        self.threshold = threshold
    }

    /// The nearest instruction as the engine's verdict takes it.
    var nearestForVerdict: (text: String, score: Double)? { nearest.map { ($0.text, $0.score) } }
}

/// A verdict and the text it judged.
public struct JudgedText: Sendable, Hashable {
    /// What was judged.
    public var reviewed: ReviewedText
    /// The filters' verdict.
    public var verdict: FilterVerdict
}
