import Pool
import Terminal

/// The Rejections view: rejected records grouped by reason, the evidence behind each, and
/// rescue.
public struct RejectionsView: WorkbenchComponent {
    /// The tab.
    public static let view = WorkbenchView("Rejections")
    /// Its keys.
    public static let keys = [
        KeyHelp("Tab", "switch between reasons and records"), KeyHelp("v", "mark or unmark the record"),
        KeyHelp("A", "rescue the marked records (asks first)"),
    ] + KeyHelp.decisions

    /// One reason kind and the positions of its records in the pool's entries.
    public struct Group: Sendable, Hashable {
        /// The reason kind, e.g. `similarity`.
        public var reason: String
        /// Positions of its records.
        public var rows: [Int]
    }

    /// Groups, largest first.
    public private(set) var groups: [Group] = []
    /// The selected group.
    public private(set) var groupCursor = ListCursor()
    /// The selected record within the group.
    public private(set) var itemCursor = ListCursor()
    /// Records marked with v, by id; a record leaves the marks when it changes.
    public private(set) var marks: Set<String> = []
    /// Whether the pool changed since the groups were formed.
    private var isStale = true

    /// An empty Rejections view.
    public init() {}

    /// The selected group, if any.
    public var selectedGroup: Group? {
        groups.indices.contains(groupCursor.selection) ? groups[groupCursor.selection] : nil
    }

    /// The selected group's rows (positions in the pool's entries).
    public var selectedRows: [Int] { selectedGroup?.rows ?? [] }

    public mutating func update(_ event: ComponentEvent, _ context: inout WorkbenchContext) -> [WorkbenchCommand] {
        switch event {
        case .move(let offset) where context.focus == .list:
            groupCursor.move(by: offset, count: groups.count)
            itemCursor = ListCursor()
        case .move(let offset):
            itemCursor.move(by: offset, count: selectedRows.count)
        case .find(let query, let forward):
            context.focus = .detail
            let entries = context.pool.entries
            itemCursor.find(query, forward: forward, in: selectedRows.map { entries[$0].instruction }, &context)
        case .poolChanged(let changed):
            marks.subtract(changed.map(\.id))
            isStale = true
        case .poolLoaded:
            isStale = true
        case .refresh:
            if isStale { formGroups(context.pool) }
        case .key(.character("v")):
            guard let selected = selection(context)?.recordID else { break }
            if marks.remove(selected) == nil { marks.insert(selected) }
            itemCursor.move(by: 1, count: selectedRows.count)
            context.say("\(marks.count) marked; A rescues them, v again unmarks")
        case .key(.character("A")):
            askRescue(&context)
        case .key, .decided, .nextPending, .command, .curation, .evaluation:
            break
        }
        return []
    }

    public func selection(_ context: WorkbenchContext) -> Selection? {
        let rows = selectedRows
        return rows.indices.contains(itemCursor.selection) ? .record(context.pool.entries[rows[itemCursor.selection]].id) : nil
    }

    /// Asks before accepting the marked records as a person's override of their rejections.
    private func askRescue(_ context: inout WorkbenchContext) {
        let ids = context.pool.entries.filter { marks.contains($0.id) && $0.status == .rejected }.map(\.id)
        guard !ids.isEmpty else {
            context.say("no record is marked; v marks the selected one")
            return
        }
        context.confirmation = Confirmation(
            question: "rescue \(ids.count) marked \(ids.count == 1 ? "record" : "records"): accept over their rejections? (y/n)",
            commands: [.decide(ids, .accepted, .human(note: "rescued: bulk override of marked rejections"))])
    }

    /// Groups the rejected records by reason kind, keeping the selected group selected.
    private mutating func formGroups(_ pool: PoolMirror) {
        var byReason: [String: [Int]] = [:]
        for (position, entry) in pool.entries.enumerated() where entry.status == .rejected {
            byReason[entry.why?.kind.label ?? "unknown", default: []].append(position)
        }
        let selected = selectedGroup?.reason
        groups = byReason.map { Group(reason: $0.key, rows: $0.value) }
            .sorted { $0.rows.count != $1.rows.count ? $0.rows.count > $1.rows.count : $0.reason < $1.reason }
        if let selected, let index = groups.firstIndex(where: { $0.reason == selected }) {
            groupCursor.selection = index
        }
        groupCursor.clamp(count: groups.count)
        itemCursor.clamp(count: selectedRows.count)
        isStale = false
    }
}

extension WorkbenchState {
    /// The Rejections view.
    public var rejections: RejectionsView { self[RejectionsView.self] }
}
