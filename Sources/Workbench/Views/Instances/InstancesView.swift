import Pool
import Terminal

/// The Instances view: accepted and seed tasks with instances, and the selected task's
/// instances, each with a person's verdict.
public struct InstancesView: WorkbenchComponent {
    /// The tab.
    public static let view = WorkbenchView("Instances")
    /// Its keys.
    public static let keys = [
        KeyHelp("Tab", "switch between tasks and their instances"),
        KeyHelp("a / x", "accept / reject the task, or the instance when instances have focus"),
        KeyHelp("e / E", "edit the instruction, or the instance's output, inline / in $EDITOR"),
        KeyHelp.undoRedo,
    ] + KeyHelp.review

    /// Positions in the pool's entries of accepted and seed tasks with instances.
    public private(set) var rows: [Int] = []
    /// The selected task.
    public private(set) var taskCursor = ListCursor()
    /// The selected instance of the shown task.
    public private(set) var instanceCursor = ListCursor()
    /// Whether the pool changed since `rows` were listed.
    private var isStale = true

    /// An empty Instances view.
    public init() {}

    public mutating func update(_ event: ComponentEvent, _ context: inout WorkbenchContext) -> [WorkbenchCommand] {
        switch event {
        case .move(let offset) where context.focus == .list:
            taskCursor.move(by: offset, count: rows.count)
            instanceCursor = ListCursor()
        case .move(let offset):
            instanceCursor.move(by: offset, count: context.detail?.instances.count ?? 0)
        case .decided(.instance):
            instanceCursor.move(by: 1, count: context.detail?.instances.count ?? 0)
        case .find(let query, let forward):
            context.focus = .list
            let entries = context.pool.entries
            taskCursor.find(query, forward: forward, in: rows.map { entries[$0].instruction }, &context)
        case .poolLoaded, .poolChanged:
            isStale = true
        case .refresh:
            if isStale { listRows(context.pool) }
        case .key, .decided, .nextPending, .command, .curation:
            break
        }
        return []
    }

    public func selection(_ context: WorkbenchContext) -> Selection? {
        guard rows.indices.contains(taskCursor.selection) else { return nil }
        let id = context.pool.entries[rows[taskCursor.selection]].id
        return context.focus == .detail ? .instance(recordID: id, index: instanceCursor.selection) : .record(id)
    }

    public mutating func reveal(_ id: String, _ context: inout WorkbenchContext) -> Bool {
        listRows(context.pool)
        guard let position = context.pool.positionByID[id], let row = rows.firstIndex(of: position) else {
            context.say("\(id) has no instances yet")
            return false
        }
        taskCursor.selection = row
        instanceCursor = ListCursor()
        return true
    }

    /// Lists the accepted and seed tasks that have instances.
    private mutating func listRows(_ pool: PoolMirror) {
        let entries = pool.entries
        rows = entries.indices.filter {
            let entry = entries[$0]
            return entry.instanceCount > 0 && (entry.status == .accepted || entry.status == .seed)
        }
        taskCursor.clamp(count: rows.count)
        isStale = false
    }
}
