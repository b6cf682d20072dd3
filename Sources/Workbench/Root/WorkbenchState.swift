import Pool
import Terminal

/// The six views, numbered as the keys 1–6 select them.
public enum WorkbenchView: Int, CaseIterable, Sendable, Hashable {
    /// Rounds and candidates as they arrive.
    case live = 1
    /// Every record: browse, search, filter, sort, bulk actions.
    case pool
    /// Rejected records grouped by reason, with rescue.
    case rejections
    /// The instances of accepted tasks.
    case instances
    /// Counts, histograms, tokens and cost.
    case stats
    /// What happened, newest last.
    case log

    /// The view's name on its tab.
    public var title: String {
        switch self {
        case .live: "Live"
        case .pool: "Pool"
        case .rejections: "Rejections"
        case .instances: "Instances"
        case .stats: "Stats"
        case .log: "Log"
        }
    }
}

/// Which pane of a two-pane view has the keyboard (Tab switches).
public enum Pane: Sendable, Hashable {
    /// The list on the left (or top).
    case list
    /// The detail on the right (or bottom).
    case detail
}

/// A selection in a list of `count` rows.
public struct ListCursor: Sendable, Hashable {
    /// The selected row.
    public var selection = 0

    /// A cursor on the first row.
    public init() {}

    /// Moves by `offset` rows, clamped to a list of `count` rows.
    public mutating func move(by offset: Int, count: Int) {
        selection = max(0, min(count - 1, selection + offset))
    }

    /// Keeps the selection inside a list of `count` rows.
    public mutating func clamp(count: Int) {
        selection = max(0, min(count - 1, selection))
    }

    /// The first row to draw so that the selection shows in `height` rows.
    public func top(height: Int) -> Int {
        height <= 0 ? selection : max(0, selection - height + 1)
    }
}

/// The Live view's data: candidates as they come, rounds, and the model's streaming text.
public struct LiveState: Sendable, Hashable {
    /// Candidates, oldest first: the pool's pending records, then the session's.
    public var candidates: [CandidateSummary] = []
    /// The selected candidate.
    public var cursor = ListCursor()
    /// The latest round, if generation started one.
    public var round: RoundProgress?
    /// The request streaming most recently and the tail of its text.
    public var stream: StreamTail?

    /// An empty Live view.
    public init() {}

    /// The most candidates listed; the oldest decided ones go first.
    static let candidateLimit = 500

    /// How many characters of streaming text are kept.
    static let streamTail = 600
}

/// A round under way: its number and how many prompts it sent.
public struct RoundProgress: Sendable, Hashable {
    /// The round number.
    public var number: Int
    /// Prompts sent.
    public var requests: Int
}

/// The end of a request's streamed text.
public struct StreamTail: Sendable, Hashable {
    /// The request's name, e.g. `instructions 12.3`.
    public var request: String
    /// The last characters of its text (unsanitised).
    public var text: String
}

/// A filter on the Pool view; nil fields match everything.
public struct PoolFilter: Sendable, Hashable, CustomStringConvertible {
    /// Only these statuses.
    public var status: RecordStatus?
    /// Only records whose reason has this kind (`similarity`, `keyword`, `human`, ...).
    public var reason: String?
    /// Only records from this round.
    public var round: Int?
    /// Only classification (true) or non-classification (false) tasks.
    public var classification: Bool?

    /// No filter.
    public init(status: RecordStatus? = nil, reason: String? = nil, round: Int? = nil, classification: Bool? = nil) {
        self.status = status
        self.reason = reason
        self.round = round
        self.classification = classification
    }

    /// Whether `entry` passes.
    public func matches(_ entry: PoolEntry) -> Bool {
        if let status, entry.status != status { return false }
        if let reason, entry.why?.kind.rawValue != reason { return false }
        if let round, entry.round != round { return false }
        if let classification, entry.isClassification != classification { return false }
        return true
    }

    /// Whether it lets everything through.
    public var isEmpty: Bool { self == PoolFilter() }

    /// E.g. `status=pending reason=similarity`, or `all`.
    public var description: String {
        var parts: [String] = []
        if let status { parts.append("status=\(status.rawValue)") }
        if let reason { parts.append("reason=\(reason)") }
        if let round { parts.append("round=\(round)") }
        if let classification { parts.append("class=\(classification ? "yes" : "no")") }
        return parts.isEmpty ? "all" : parts.joined(separator: " ")
    }
}

/// How the Pool view orders records.
public enum PoolSort: String, CaseIterable, Sendable, Hashable {
    /// As in the file.
    case pool
    /// Most similar to the nearest neighbour first.
    case similarity
    /// Longest instruction first.
    case length
    /// Latest round first.
    case round
}

/// The Pool view's data.
public struct PoolBrowserState: Sendable, Hashable {
    /// The filter in force.
    public var filter = PoolFilter()
    /// The order.
    public var sort = PoolSort.pool
    /// Positions in `WorkbenchState.entries` of the rows shown, in order.
    public var rows: [Int] = []
    /// The selected row.
    public var cursor = ListCursor()

    /// An unfiltered Pool view.
    public init() {}
}

/// The Rejections view's data: rejected records grouped by reason kind.
public struct RejectionsState: Sendable, Hashable {
    /// One reason kind and the positions of its records in `WorkbenchState.entries`.
    public struct Group: Sendable, Hashable {
        /// The reason kind, e.g. `similarity`.
        public var reason: String
        /// Positions of its records.
        public var rows: [Int]
    }

    /// Groups, largest first.
    public var groups: [Group] = []
    /// The selected group.
    public var groupCursor = ListCursor()
    /// The selected record within the group.
    public var itemCursor = ListCursor()

    /// An empty Rejections view.
    public init() {}
}

/// The Instances view's data: tasks that have instances, and one task's instances.
public struct InstancesState: Sendable, Hashable {
    /// Positions in `WorkbenchState.entries` of accepted and seed tasks with instances.
    public var rows: [Int] = []
    /// The selected task.
    public var taskCursor = ListCursor()
    /// The selected instance of the shown task.
    public var instanceCursor = ListCursor()

    /// An empty Instances view.
    public init() {}
}

/// What an edit changes.
public enum EditTarget: Sendable, Hashable {
    /// The instruction text.
    case instruction
    /// The output of the instance at this index.
    case instanceOutput(Int)
}

/// An inline edit in progress, with the text's neighbours re-scored as it changes.
public struct InlineEdit: Sendable, Hashable {
    /// The record being edited.
    public var recordID: String
    /// What is being edited.
    public var target: EditTarget
    /// The editor.
    public var editor: LineEditor
    /// The neighbours of `scoredText`.
    public var neighbours: [ScoredNeighbour] = []
    /// The text `neighbours` belong to (the editor may be ahead while scoring runs).
    public var scoredText: String?
}

/// A line at the bottom where the person types a `:` command or a `/` search.
public struct PromptLine: Sendable, Hashable {
    /// What the line is for.
    public enum Kind: Sendable, Hashable {
        /// A `:` command.
        case command
        /// A `/` search.
        case search
    }

    /// What the line is for.
    public var kind: Kind
    /// The editor.
    public var editor: LineEditor
}

/// A question the person answers with y or n before something wide-reaching happens.
public struct Confirmation: Sendable, Hashable {
    /// The question, e.g. "accept 231 records matching status=pending?".
    public var question: String
    /// What runs on y.
    public var commands: [WorkbenchCommand]
    /// A third answer besides y and n, if the question has one: its key and what it does.
    public var alternative: Alternative?

    /// A third answer to a question.
    public enum Alternative: Sendable, Hashable {
        /// `f`: let the round in progress finish, then quit.
        case finishRoundThenQuit
    }

    /// A y/n question, or y/n and `alternative`.
    public init(question: String, commands: [WorkbenchCommand], alternative: Alternative? = nil) {
        self.question = question
        self.commands = commands
        self.alternative = alternative
    }
}

/// A short message in the status bar until the next key.
public struct StatusMessage: Sendable, Hashable {
    /// The text.
    public var text: String
    /// Whether it reports a failure.
    public var isError: Bool
}

/// A line of the log.
public struct LogLine: Sendable, Hashable {
    /// Seconds since the session started.
    public var time: Double
    /// The text (unsanitised; views sanitise).
    public var text: String
    /// Whether it reports a failure.
    public var isError: Bool
}

/// Generation's figures for the header and status bar.
public struct GenerationStatus: Sendable, Hashable {
    /// What generation is doing.
    public var phase = GenerationPhase.idle
    /// Requests in flight.
    public var inFlight = 0
    /// Prompt tokens so far.
    public var promptTokens = 0
    /// Completion tokens so far.
    public var completionTokens = 0
    /// Dollars so far; nil when the price is unknown.
    public var cost: Double?
    /// Streamed pieces so far (about one token each): the rate's measure when the endpoint
    /// does not report usage while streaming (llama.cpp's server).
    public var streamedPieces = 0
    /// Completion tokens per second over the last few seconds.
    public var tokensPerSecond: Double = 0
    /// The endpoint's health.
    public var health = EndpointHealth.none
    /// Recent (time, completion tokens) samples for the rate.
    var samples: [RateSample] = []
    /// Recent (time, streamed pieces) samples for the rate.
    var streamSamples: [RateSample] = []
    /// The rates of the two windows.
    var reportedRate: Double = 0
    var streamedRate: Double = 0

    /// Idle, no endpoint.
    public init() {}

    /// Whether quitting should ask first.
    public var isRunning: Bool { phase == .generating || phase == .waitingForReview || phase == .stopping }
}

/// A point of the token-rate window.
struct RateSample: Sendable, Hashable {
    var time: Double
    var tokens: Int
}

/// Everything the workbench shows, as a plain value: `Workbench.update` changes it in
/// response to events, `Workbench.render` draws it. No I/O reaches in here.
public struct WorkbenchState: Sendable {
    /// The terminal's size.
    public var size: Size
    /// The view on screen.
    public var view = WorkbenchView.live
    /// The pane with the keyboard.
    public var focus = Pane.list
    /// The pool file's name, for the header.
    public var poolName: String
    /// The endpoint, for the header; nil when not generating.
    public var endpoint: String?
    /// The latest revision of every record, in pool order.
    public private(set) var entries: [PoolEntry] = []
    /// Each record's position in `entries`.
    public private(set) var positionByID: [String: Int] = [:]
    /// Records per status.
    public private(set) var counts: [RecordStatus: Int] = [:]
    /// The Live view.
    public var live = LiveState()
    /// The Pool view.
    public var browser = PoolBrowserState()
    /// The Rejections view.
    public var rejections = RejectionsState()
    /// The Instances view.
    public var instances = InstancesState()
    /// Statistics of the pool, read off `tally` while the Stats view shows; nil until the
    /// pool has been counted.
    public var stats: PoolStats?
    /// Whether the pool changed since `stats` was read.
    var statsStale = true
    /// The pool's statistics, counted once off the screen's thread when the pool loads and
    /// kept up to date record by record after that; nil while that first count runs.
    private(set) var tally: PoolTally?
    /// Changes that arrived while the first count ran: the summary replaced (nil for a new
    /// record) and the new one, counted in when it finishes.
    private var untallied: [(old: PoolEntry?, new: PoolEntry)] = []
    /// The full record of the current selection, once loaded.
    public var detail: PoolRecord?
    /// The inline edit, if one is open.
    public var edit: InlineEdit?
    /// The `:` or `/` line, if open.
    public var prompt: PromptLine?
    /// The question waiting for y/n, if any.
    public var confirmation: Confirmation?
    /// Whether the help overlay shows.
    public var showsHelp = false
    /// The last search, for n and N.
    public var search: String?
    /// Generation's figures.
    public var generation = GenerationStatus()
    /// The log, oldest first, at most `logLimit` lines.
    public var log: [LogLine] = []
    /// The selected log line (the newest, unless the person scrolled).
    public var logCursor = ListCursor()
    /// The status-bar message.
    public var message: StatusMessage?
    /// Records changed by this session, most recent last: what u undoes.
    public var undoStack: [String] = []
    /// Records undone because nothing from this session was left to undo (walking back
    /// through the pool's history after a restart), so u never undoes an undo.
    public var undoneFromHistory: Set<String> = []
    /// The near-duplicate threshold shown in filter verdicts.
    public var similarityThreshold: Double
    /// The theme's name.
    public var themeName: String
    /// Set when the person quit; the loop ends.
    public var hasQuit = false
    /// Set when the person chose to quit once the round in progress has finished.
    public var quitsWhenGenerationEnds = false
    /// Seconds since the session started, as of the latest timed event.
    public var now: Double = 0

    /// The views whose derived lists (pool rows, rejection groups, instance rows) match the
    /// pool as it is: switching back to one of them recomputes nothing over the entries.
    var viewsWithFreshLists: Set<WorkbenchView> = []

    /// The most log lines kept.
    public static let logLimit = 2000

    /// A state before the pool loaded.
    public init(size: Size, poolName: String, endpoint: String? = nil, similarityThreshold: Double = 0.7, themeName: String = "dark") {
        self.size = size
        self.poolName = poolName
        self.endpoint = endpoint
        self.similarityThreshold = similarityThreshold
        self.themeName = themeName
    }

    /// Replaces every entry (the pool loaded).
    mutating func replaceEntries(_ newEntries: [PoolEntry]) {
        entries = newEntries
        tally = nil
        untallied = []
        positionByID = Dictionary(minimumCapacity: newEntries.count)
        counts = [:]
        for (position, entry) in newEntries.enumerated() {
            positionByID[entry.id] = position
            counts[entry.status, default: 0] += 1
        }
    }

    /// Puts a record's new summary in place (or appends a new record); returns whether its
    /// status changed.
    @discardableResult
    mutating func upsert(_ entry: PoolEntry) -> Bool {
        if let position = positionByID[entry.id] {
            let old = entries[position]
            entries[position] = entry
            count(entry, replacing: old)
            guard old.status != entry.status else { return false }
            counts[old.status, default: 0] -= 1
            counts[entry.status, default: 0] += 1
            return true
        }
        positionByID[entry.id] = entries.count
        entries.append(entry)
        count(entry, replacing: nil)
        counts[entry.status, default: 0] += 1
        return true
    }

    /// Counts a change into the tally, or keeps it for when the first count finishes.
    private mutating func count(_ entry: PoolEntry, replacing old: PoolEntry?) {
        guard tally != nil else {
            untallied.append((old, entry))
            return
        }
        if let old { tally!.remove(old) }
        tally!.add(entry)
    }

    /// Takes the first count of the pool as loaded, and counts in what changed since.
    mutating func tallied(_ first: PoolTally) {
        var counted = first
        for (old, new) in untallied {
            if let old { counted.remove(old) }
            counted.add(new)
        }
        tally = counted
        untallied = []
    }

    /// The entry with this id.
    public func entry(_ id: String) -> PoolEntry? {
        positionByID[id].map { entries[$0] }
    }

    /// Adds a line to the log: for what happened before the loop started.
    public mutating func note(_ text: String, isError: Bool = false) {
        appendLog(text, isError: isError)
    }

    /// Adds a line to the log, dropping the oldest beyond `logLimit`, and keeps the log
    /// following its end unless the person scrolled up.
    mutating func appendLog(_ text: String, isError: Bool = false) {
        let following = logCursor.selection >= log.count - 1
        log.append(LogLine(time: now, text: text, isError: isError))
        if log.count > Self.logLimit {
            log.removeFirst(log.count - Self.logLimit)
        }
        if following { logCursor.selection = log.count - 1 }
        logCursor.clamp(count: log.count)
    }
}
