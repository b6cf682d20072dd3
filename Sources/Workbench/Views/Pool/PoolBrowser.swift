import Pool
import Terminal

/// The Pool view: every record, filtered, sorted and searched; bulk decisions on what the
/// filter shows.
public struct PoolBrowser: WorkbenchComponent {
    /// The tab.
    public static let view = WorkbenchView("Pool")
    /// Its keys.
    public static let keys = KeyHelp.decisions + [
        KeyHelp("f", "cycle the status filter"), KeyHelp("s", "cycle the sort: pool, similarity, length, round"),
        KeyHelp("v", "mark or unmark the record (A / X then act on the marks)"),
        KeyHelp("A / X", "accept / reject the marked records, or all matching the filter and / search (asks first)"),
    ]

    /// The filter in force.
    public private(set) var filter = PoolFilter()
    /// The order.
    public private(set) var sort = PoolSort.pool
    /// Positions in the pool's entries of the rows shown, in order.
    public private(set) var rows: [Int] = []
    /// The selected row.
    public private(set) var cursor = ListCursor()
    /// Records marked with v, by id; a record leaves the marks when it changes.
    public private(set) var marks: Set<String> = []
    /// Whether the pool changed since `rows` were listed.
    private var isStale = true

    /// An unfiltered Pool view.
    public init() {}

    public mutating func update(_ event: ComponentEvent, _ context: inout WorkbenchContext) -> [WorkbenchCommand] {
        switch event {
        case .move(let offset):
            cursor.move(by: offset, count: rows.count)
        case .find(let query, let forward):
            let entries = context.pool.entries
            cursor.find(query, forward: forward, in: rows.map { entries[$0].instruction }, &context)
        case .key(.character("s")):
            let all = PoolSort.allCases
            sort = all[(all.firstIndex(of: sort)! + 1) % all.count]
            listRows(context)
        case .key(.character("f")):
            let cycle: [RecordStatus?] = [nil, .pending, .accepted, .rejected, .seed]
            let index = cycle.firstIndex(of: filter.status) ?? 0
            filter.status = cycle[(index + 1) % cycle.count]
            cursor = ListCursor()
            rows = []
            listRows(context)
        case .key(.character("v")):
            guard rows.indices.contains(cursor.selection) else { break }
            let id = context.pool.entries[rows[cursor.selection]].id
            if marks.remove(id) == nil { marks.insert(id) }
            cursor.move(by: 1, count: rows.count)
            context.say("\(marks.count) marked; A / X act on them, v again unmarks")
        case .key(.character("A")):
            askBulk(accept: true, &context)
        case .key(.character("X")):
            askBulk(accept: false, &context)
        case .command(.filter(let newFilter)):
            filter = newFilter
            cursor = ListCursor()
            rows = []
            listRows(context)
            if filter.needsVerbNouns, context.verbNouns.result == nil || context.verbNouns.isStale {
                context.say("parsing the pool's verbs and nouns for the filter (the first time installs spaCy)…")
                return context.analyzeVerbs()
            }
        case .command(.sort(let newSort)):
            sort = newSort
            listRows(context)
        case .poolChanged(let changed):
            marks.subtract(changed.map(\.id))
            isStale = true
        case .poolLoaded:
            isStale = true
        case .refresh:
            if isStale { listRows(context) }
            // The rows' defect badges and `flag=` need the instances read.
            return context.pool.summarizeInstances()
        case .decided, .nextPending(forward: true):
            let entries = context.pool.entries, rows = rows
            cursor.jump(forward: true, count: rows.count) { entries[rows[$0]].status == .pending }
        case .nextPending(forward: false):
            let entries = context.pool.entries, rows = rows
            cursor.jump(forward: false, count: rows.count) { entries[rows[$0]].status == .pending }
        case .key, .command, .curation, .evaluation:
            break
        }
        return []
    }

    public func reviewed(_ context: WorkbenchContext) -> ReviewedText? {
        guard rows.indices.contains(cursor.selection), let record = context.detail,
              record.id == context.pool.entries[rows[cursor.selection]].id else { return nil }
        return ReviewedText(text: record.instruction, nearest: PaneDrawing.storedNeighbours(record).first, threshold: context.similarityThreshold)
    }

    public func selection(_ context: WorkbenchContext) -> Selection? {
        rows.indices.contains(cursor.selection) ? .record(context.pool.entries[rows[cursor.selection]].id) : nil
    }

    /// Lists the rows the filter lets through, in the sort's order. The selection stays on
    /// the same record while it is listed (a decision that takes it out of the filter
    /// leaves the cursor on the row that took its place).
    private mutating func listRows(_ context: WorkbenchContext) {
        let selected: Int? = self.rows.indices.contains(cursor.selection) ? self.rows[cursor.selection] : nil
        let pool = context.pool, entries = pool.entries, verbNouns = context.verbNouns.result?.pairs
        var rows = filter.isEmpty
            ? Array(entries.indices)
            : entries.indices.filter { filter.matches(entries[$0], defects: pool.defects, verbNouns: verbNouns) }
        switch sort {
        case .pool: break
        case .similarity: rows.sort { (entries[$0].nearestSimilarity ?? -1, -$0) > (entries[$1].nearestSimilarity ?? -1, -$1) }
        case .length: rows.sort { (entries[$0].instruction.utf8.count, -$0) > (entries[$1].instruction.utf8.count, -$1) }
        case .round: rows.sort { (entries[$0].round ?? -1, -$0) > (entries[$1].round ?? -1, -$1) }
        }
        self.rows = rows
        if let selected, let index = rows.firstIndex(of: selected) { cursor.selection = index }
        cursor.clamp(count: rows.count)
        isStale = false
    }

    /// Asks before deciding the marked records, or when none are marked every record the
    /// filter shows and the current `/` search finds (seeds and records already so
    /// excepted); the question says how many and which.
    private func askBulk(accept: Bool, _ context: inout WorkbenchContext) {
        let status: RecordStatus = accept ? .accepted : .rejected
        let entries = context.pool.entries
        guard marks.isEmpty else {
            let ids = entries.filter { marks.contains($0.id) && $0.status != .seed && $0.status != status }.map(\.id)
            let verb = accept ? "accept" : "reject"
            guard !ids.isEmpty else {
                context.say("none of the \(marks.count) marked records would change")
                return
            }
            context.confirmation = Confirmation(
                question: "\(verb) \(ids.count) marked \(ids.count == 1 ? "record" : "records")? (y/n)",
                commands: [.decide(ids, status, .human(note: "bulk \(verb) of marked records"))])
            return
        }
        let search = context.search
        let ids = rows.map { entries[$0] }.filter { entry in
            entry.status != .seed && entry.status != status
                && (search.map { entry.instruction.range(of: $0, options: [.caseInsensitive, .diacriticInsensitive]) != nil } ?? true)
        }.map(\.id)
        let scope = "\(filter)" + (search.map { " and /\($0)" } ?? "")
        guard !ids.isEmpty else {
            context.say("no record matching \(scope) would change")
            return
        }
        let verb = accept ? "accept" : "reject"
        context.confirmation = Confirmation(
            question: "\(verb) \(ids.count) \(ids.count == 1 ? "record" : "records") matching \(scope)? (y/n)",
            commands: [.decide(ids, status, .human(note: "bulk \(verb) of \(scope)"))])
    }
}

extension WorkbenchState {
    /// The Pool view.
    public var browser: PoolBrowser { self[PoolBrowser.self] }
}
