import DatasetCard
import Engine
import Pool
import QualityReview
import ReviewScreen
import RatingScreen
import Settings
import Terminal
import VerbNoun

/// Something that happened: a key, a resize, a backend report, or the result of a command.
/// The only input of `Workbench.update`.
public enum WorkbenchEvent: Sendable {
    /// A key press.
    case key(Key)
    /// The terminal's new size.
    case resized(Size)
    /// The backend reported something, `at` seconds into the session.
    case curation(CurationEvent, at: Double)
    /// The pool's records arrived (at start).
    case entriesLoaded([PoolEntry])
    /// A full record arrived for the detail pane.
    case recordLoaded(PoolRecord)
    /// A record could not be read for the detail pane; the message says why. It is not
    /// asked for again until the selection moves to it anew.
    case recordUnavailable(String, String)
    /// Records changed durably (a decision or an edit); `note` says what, for the log.
    case recordsChanged([PoolEntry], note: String)
    /// An undo or a redo finished, or found nothing to do, or was refused.
    case historyStepped(HistoryOutcome)
    /// Neighbours of `text`, for an edit in progress.
    case rescored(text: String, [ScoredNeighbour])
    /// The filters' verdict on a text the detail pane shows.
    case judged(JudgedText)
    /// The pool's statistics and its similarity to the seeds were counted (from the entries
    /// as loaded, or as a recount found them); no similarities when the count kept them.
    case poolTallied(PoolTally, SeedSimilarity?)
    /// The instances of the entries loaded without a summary were read (`summarizeInstances`).
    case instancesSummarized([PoolEntry])
    /// The verb–noun analysis made progress, finished or failed.
    case verbNouns(VerbNounReport)
    /// An export finished.
    case exported(ExportSummary, path: String)
    /// An export's target (`~` expanded) is an existing file: the person is asked before it
    /// is replaced.
    case exportWouldOverwrite(ExportFormat, path: String)
    /// A report was written into the folder at `path`.
    case reported(DatasetReport.Written, path: String)
    /// A report would replace `existing` files in the folder at `path`: ask first.
    case reportWouldOverwrite(path: String, DatasetReport.Options, verbNoun: VerbNounSummary?, existing: [String])
    /// The external editor returned; nil text when it failed or was quit with an error.
    case editorFinished(EditorRequest, text: String?)
    /// A theme was applied.
    case themeApplied(String)
    /// The pool's guidelines were looked for: at start (`atStart`, shown if not seen before)
    /// or because the person asked (`L`, `:guidelines`).
    case guidelinesRead(GuidelinesReading, atStart: Bool)
    /// The quality review opened, stored an answer, or could not.
    case review(ReviewReport)
    /// The evaluation the Eval view rates reported something.
    case evaluation(EvaluationEvent)
    /// A command failed; the message says what happened and what to do.
    case failed(String)
    /// A command succeeded with something to say.
    case succeeded(String)
}

/// What an undo or a redo came to.
public enum HistoryOutcome: Sendable, Hashable {
    /// The action was undone.
    case undone(ActionStep)
    /// The action was redone.
    case redone(ActionStep)
    /// No action is left to undo.
    case nothingToUndo
    /// No undone action is left to redo.
    case nothingToRedo
    /// A record changed since the action, so nothing was written; the message says which.
    case blocked(String)
}

/// A text handed to $EDITOR and where its result goes.
public struct EditorRequest: Sendable, Hashable {
    /// The record edited.
    public var recordID: String
    /// What is edited.
    public var target: EditTarget
    /// The text before editing.
    public var text: String
}

/// Work the reducer asks for; the effect runner (and, for screen work, the loop) performs
/// it and reports back with events.
public enum WorkbenchCommand: Sendable, Hashable {
    /// Read a full record for the detail pane.
    case loadRecord(String)
    /// Set the status of these records durably.
    case decide([String], RecordStatus, StatusReason)
    /// Change a record's content durably.
    case edit(String, RecordChange)
    /// Save a new instruction text durably, re-scored and judged by the filters; with
    /// `acceptingAnyway`, a text that fails a filter is accepted as the person's override.
    case reviseInstruction(String, text: String, acceptingAnyway: Bool)
    /// Undo the person's latest action durably.
    case undo
    /// Redo the action undone last durably.
    case redo
    /// Judge a text with the pool's recipe, for the detail pane.
    case judge(ReviewedText)
    /// Find the neighbours of an edited text, leaving out the record itself.
    case rescore(String, excluding: String?)
    /// Pause (true) or resume (false) generation.
    case setPaused(Bool)
    /// Write fine-tuning data to `path` (`~` expanded; a folder refused); an existing file
    /// is replaced only when `overwriting`, else the person is asked first.
    case export(ExportFormat, path: String, overwriting: Bool)
    /// Write the dataset card, its figures and the data into the folder at `path` (`~`
    /// expanded); files already there are replaced only when `overwriting`, else the person
    /// is asked first.
    case writeReport(path: String, DatasetReport.Options, verbNoun: VerbNounSummary?, overwriting: Bool)
    /// Count the statistics of the pool as loaded, defect flags found with the check, and
    /// score each generated instruction against the seeds when `scoringSeeds` (tens of
    /// milliseconds to a second on a large pool: off the screen's thread; later changes are
    /// counted in as they come).
    case tallyPool([PoolEntry], DefectCheck, scoringSeeds: Bool)
    /// Read the instances of the entries that lack a summary, as the pool loaded them
    /// (Table 1, defect flags and `flag=` need them; a few hundred milliseconds for 100K
    /// records, so off the screen's thread and only once something needs them).
    case summarizeInstances([PoolEntry])
    /// Parse the verb–noun pairs of these records (minutes on a first large pool, seconds
    /// once cached: on a thread of its own, reporting progress).
    case analyzeVerbs([PoolEntry])
    /// Change the near-duplicate threshold.
    case setThreshold(Double)
    /// Keep these settings for the pool: write them to its config file (`pool.toml`).
    case remember([RememberedSetting])
    /// Switch the theme (a screen effect).
    case applyTheme(String)
    /// Hand a text to $EDITOR (a screen effect).
    case openEditor(EditorRequest)
    /// Read the pool's guidelines (`GuidelinesFile`); `atStart`: the workbench just opened.
    case readGuidelines(atStart: Bool)
    /// Remember that these guidelines were shown, so the next start does not show them again.
    case markGuidelinesSeen(String)
    /// Run classification and instance stages on the accepted tasks the request takes.
    case runStages(StageRequest)
    /// Open the quality review beside the pool as `reviewer` (nil: the user's name): its
    /// stored sample, or one drawn from these candidates and stored.
    case openReview(reviewer: String?, [ReviewSample.Candidate])
    /// Append a review answer to the review file.
    case storeReview(ReviewAnswer, ReviewChange)
    /// Open the evaluation `:eval` names, with a rating screen of `size`.
    case openEvaluation(EvaluationRequest, size: Size)
    /// Ask the systems `:eval --generate` names for their responses, reporting each step.
    case generateResponses(EvaluationRequest)
    /// Store a rating (or pairwise judgement) in the open evaluation durably.
    case storeRating(RatingWrite)
    /// Count the open evaluation's figures anew.
    case summarizeEvaluation
    /// Let the round in progress finish, then end generation.
    case finishRound
    /// End the session.
    case quit
}
