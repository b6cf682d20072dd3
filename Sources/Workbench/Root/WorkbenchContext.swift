import DatasetCard
import Foundation
import Engine
import Pool
import Settings
import Terminal

/// Which pane of a two-pane view has the keyboard (Tab switches).
public enum Pane: Sendable, Hashable {
    /// The list on the left (or top).
    case list
    /// The detail on the right (or bottom).
    case detail
}

/// What every view shares and reads: the pool mirror, the selected record in full, overlays,
/// generation's figures and the log. Components change it through `update`'s `inout`
/// parameter (a message, a question, focus), never by copying it.
public struct WorkbenchContext: Sendable {
    /// The terminal's size.
    public var size: Size
    /// The pane with the keyboard.
    public var focus = Pane.list
    /// The pool file's name, for the header.
    public var poolName: String
    /// The endpoint, for the header; nil when not generating.
    public var endpoint: String?
    /// Why the pool is open read-only (browse, search, statistics and export only); nil
    /// when it is open for writing.
    public var readOnlyReason: String?
    /// The pool's records as the workbench knows them.
    public internal(set) var pool = PoolMirror()
    /// How records' defect flags are found (`[quality] cannot_do_keywords`); set it before
    /// the pool loads.
    public var defects: DefectCheck {
        get { pool.defects }
        set { pool.defects = newValue }
    }
    /// The full record of the current selection, once loaded.
    public var detail: PoolRecord?
    /// The record whose full revision could not be read, so it is not asked for again
    /// until the selection moves.
    var unavailableDetail: String?
    /// The filters' verdicts on the texts the screen shows: the view's detail pane and the
    /// edit in progress, if any.
    public private(set) var verdicts: [JudgedText] = []
    /// The texts being judged now, so each is asked for once. A list, not a set: comparing a
    /// text with itself is instant, hashing a record of megabytes on every key is not.
    var judging: [ReviewedText] = []
    /// The inline edit, if one is open.
    public var edit: InlineEdit?
    /// The `:` or `/` line, if open.
    public var prompt: PromptLine?
    /// The question waiting for y/n, if any.
    public var confirmation: Confirmation?
    /// The reasons a person may give for a rejection, numbered in that order
    /// (`[review] reject_reasons`).
    public var rejectReasons = ResolvedSettings.defaultRejectReasons
    /// What the pool and each run may spend (`[budget]`), for the Stats view.
    public var budget = Budget()
    /// The `r` question waiting for a reason, if any.
    public var reasonPicker: ReasonPicker?
    /// Whether the help overlay shows.
    public var showsHelp = false
    /// The review overlay (side by side, history, guidelines), if one shows.
    public var overlay: ReviewOverlay?
    /// The time zone the edit history's times are shown in.
    public var timeZone = TimeZone.current
    /// The first help line shown, when the help is longer than the screen.
    public var helpScroll = 0
    /// The last search, for n and N.
    public var search: String?
    /// Generation's figures.
    public var generation = GenerationStatus()
    /// Stages 2 and 3 in this session: the stage asking now, the tasks that failed.
    public var stages = StageProgress()
    /// The verb–noun analysis (Stats chart, `:filter verb=`).
    public internal(set) var verbNouns = VerbNounState()
    /// A `:report` waiting for the verb–noun analysis: its folder and options.
    var reportAfterVerbNouns: (path: String, options: DatasetReport.Options)?
    /// What happened in this session.
    public var log = SessionLog()
    /// What a person reviewed this session.
    public var progress = SessionProgress()
    /// The status-bar message.
    public var message: StatusMessage?
    /// The near-duplicate threshold shown in filter verdicts.
    public var similarityThreshold: Double
    /// The theme's name.
    public var themeName: String
    /// Set when the person quit; the loop ends.
    public var hasQuit = false
    /// Set when the person chose to quit once the round in progress has finished.
    public var quitsWhenGenerationEnds = false
    /// Seconds since the session started, as of the latest event (the loop stamps each).
    public var now: Double = 0

    /// A context before the pool loaded.
    public init(size: Size, poolName: String, endpoint: String?, similarityThreshold: Double, themeName: String) {
        self.size = size
        self.poolName = poolName
        self.endpoint = endpoint
        self.similarityThreshold = similarityThreshold
        self.themeName = themeName
    }

    /// Records waiting for a person's decision, in the pool: what the status bar and the
    /// Live view's title both count.
    public var pendingCount: Int { pool.counts[.pending] ?? 0 }

    /// The verdict on `reviewed`, if it has been judged.
    func verdict(on reviewed: ReviewedText?) -> FilterVerdict? {
        guard let reviewed else { return nil }
        return verdicts.last { $0.reviewed == reviewed }?.verdict
    }

    /// Keeps a verdict that arrived, with those on the texts still `shown`.
    mutating func keep(_ judged: JudgedText, shown: [ReviewedText?]) {
        judging.removeAll { $0 == judged.reviewed }
        verdicts = (verdicts + [judged]).filter { verdict in shown.contains { $0 == verdict.reviewed } }
    }

    /// The edit in progress as a text to judge, once its neighbours are scored.
    var reviewedEdit: ReviewedText? {
        guard let edit, edit.target == .instruction, edit.scoredText == edit.editor.text else { return nil }
        return ReviewedText(text: edit.editor.text, nearest: edit.neighbours.first, threshold: similarityThreshold)
    }

    /// Puts `text` in the status bar until the next key.
    mutating func say(_ text: String, isError: Bool = false) {
        message = StatusMessage(text: text, isError: isError)
    }

    /// Adds a line to the log, stamped with the session's time.
    mutating func appendLog(_ text: String, isError: Bool = false) {
        log.append(text, at: now, isError: isError)
    }
}
