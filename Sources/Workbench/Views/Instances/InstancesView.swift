import Engine
import Pool
import Terminal

/// The Instances view: every accepted task with where it stands in stages 2 and 3 (then the
/// seed tasks), and the selected task's instances, each with a person's verdict. Here a
/// person flips a task's classification, asks stage 3 again, and edits instances.
public struct InstancesView: WorkbenchComponent {
    /// The tab.
    public static let view = WorkbenchView("Instances")
    /// Its keys.
    public static let keys = [
        KeyHelp("Tab", "switch between tasks and their instances"),
        KeyHelp("a / x", "accept / reject the task, or the instance when instances have focus"),
        KeyHelp("e / E", "edit the instruction, or the instance's output, inline / in $EDITOR"),
        KeyHelp("i", "edit the selected instance's input inline"),
        KeyHelp("c", "flip the task's is-classification (yes ↔ no; not classified becomes yes)"),
        KeyHelp("t", "try stage 3 again for this task (classifying it first if needed); replaces its instances"),
        KeyHelp("F", "ask stage 3 again for every task that failed or got none"),
        KeyHelp("I", "stages 2 and 3 for every accepted task that lacks them"),
        KeyHelp.undoRedo,
    ] + KeyHelp.review

    /// Positions in the pool's entries: every accepted task, then the seed tasks with instances.
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
        case .key(let key):
            return handle(key, &context)
        case .decided, .nextPending, .command, .curation, .evaluation:
            break
        }
        return []
    }

    /// The view's own keys: c, t, F, i (r is the global reject with a reason).
    private func handle(_ key: Key, _ context: inout WorkbenchContext) -> [WorkbenchCommand] {
        if key == .character("F") {
            return Workbench.askForStages(.instances(StageSelection(retryWithoutInstances: true)), &context)
        }
        guard let selection = selection(context), let entry = context.pool.entry(selection.recordID) else { return [] }
        switch key {
        case .character("c"):
            return [.edit(entry.id, .isClassification(!(entry.isClassification ?? false)))]
        case .character("t"):
            guard entry.status == .accepted else {
                context.say("\(entry.id) is a \(entry.status.rawValue) task: stages 2 and 3 ask about accepted tasks only")
                return []
            }
            return Workbench.askForStages(.instances(StageSelection(tasks: [entry.id])), &context)
        case .character("i"):
            guard case .instance(let id, let index) = selection, let record = context.detail, record.id == id,
                  record.instances.indices.contains(index) else {
                context.say("i edits an instance's input: Tab to the instances, then choose one")
                return []
            }
            let editor = Layout.editor(for: .instanceInput(index), text: record.instances[index].input, context.size)
            context.edit = InlineEdit(recordID: id, target: .instanceInput(index), editor: editor)
            return []
        default:
            return []
        }
    }

    public func selection(_ context: WorkbenchContext) -> Selection? {
        guard rows.indices.contains(taskCursor.selection) else { return nil }
        let id = context.pool.entries[rows[taskCursor.selection]].id
        return context.focus == .detail ? .instance(recordID: id, index: instanceCursor.selection) : .record(id)
    }

    public mutating func reveal(_ id: String, _ context: inout WorkbenchContext) -> Bool {
        listRows(context.pool)
        guard let position = context.pool.positionByID[id], let row = rows.firstIndex(of: position) else {
            let status = context.pool.entry(id)?.status.rawValue ?? "unknown"
            context.say("\(id) is \(status): the Instances view lists accepted tasks and seeds with instances")
            return false
        }
        taskCursor.selection = row
        instanceCursor = ListCursor()
        return true
    }

    /// Lists every accepted task, then the seed tasks that have instances, in pool order.
    private mutating func listRows(_ pool: PoolMirror) {
        let entries = pool.entries
        rows = entries.indices.filter { entries[$0].status == .accepted }
            + entries.indices.filter { entries[$0].status == .seed && entries[$0].instanceCount > 0 }
        taskCursor.clamp(count: rows.count)
        isStale = false
    }
}
