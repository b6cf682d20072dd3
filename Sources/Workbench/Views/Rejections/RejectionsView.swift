import Pool
import Terminal

/// The Rejections view: rejected records grouped by reason, the evidence behind each, and
/// rescue.
public struct RejectionsView: WorkbenchComponent {
    /// The tab.
    public static let view = WorkbenchView("Rejections")
    /// Its keys.
    public static let keys = [KeyHelp("Tab", "switch between reasons and records")] + KeyHelp.decisions

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
        case .poolLoaded, .poolChanged:
            isStale = true
        case .refresh:
            if isStale { formGroups(context.pool) }
        case .key, .decided, .nextPending, .command, .curation:
            break
        }
        return []
    }

    public func selection(_ context: WorkbenchContext) -> Selection? {
        let rows = selectedRows
        return rows.indices.contains(itemCursor.selection) ? .record(context.pool.entries[rows[itemCursor.selection]].id) : nil
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
