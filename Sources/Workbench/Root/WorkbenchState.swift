import Pool
import Terminal

/// Everything the workbench shows, as a plain value: what the views share (`context`) and
/// each view's own state (its component). `Workbench.update` changes it in response to
/// events, `Workbench.render` draws it. No I/O reaches in here.
///
/// The context's members read as the state's own (`state.message`, `state.generation`).
@dynamicMemberLookup
public struct WorkbenchState: Sendable {
    /// What the views share: the pool, the loaded record, overlays, generation, the log.
    public var context: WorkbenchContext
    /// The view on screen.
    public var view: WorkbenchView
    /// One component per registered view, in tab order.
    private(set) var components: [any WorkbenchComponent]

    /// A state before the pool loaded.
    public init(size: Size, poolName: String, endpoint: String? = nil, similarityThreshold: Double = 0.7, themeName: String = "dark") {
        context = WorkbenchContext(size: size, poolName: poolName, endpoint: endpoint, similarityThreshold: similarityThreshold, themeName: themeName)
        components = ComponentRegistry.components.map { $0.init() }
        view = components[0].viewOfType
    }

    /// A member of the shared context, as if it were the state's own.
    public subscript<Value>(dynamicMember keyPath: WritableKeyPath<WorkbenchContext, Value>) -> Value {
        get { context[keyPath: keyPath] }
        set { context[keyPath: keyPath] = newValue }
    }

    /// A read-only member of the shared context, as if it were the state's own.
    public subscript<Value>(dynamicMember keyPath: KeyPath<WorkbenchContext, Value>) -> Value {
        context[keyPath: keyPath]
    }

    /// The component of type `Component` (each registered type has exactly one).
    public subscript<Component: WorkbenchComponent>(_ type: Component.Type) -> Component {
        components.lazy.compactMap { $0 as? Component }.first!
    }

    /// Records per status.
    public var counts: [RecordStatus: Int] { context.pool.counts }

    /// The entry with this id.
    public func entry(_ id: String) -> PoolEntry? {
        context.pool.entry(id)
    }

    /// Adds a line to the log: for what happened before the loop started.
    public mutating func note(_ text: String, isError: Bool = false) {
        context.log.append(text, at: context.now, isError: isError)
    }

    /// Puts `text` in the status bar until the next key.
    mutating func say(_ text: String, isError: Bool = false) {
        context.say(text, isError: isError)
    }

    /// Adds a line to the log, stamped with the session's time.
    mutating func appendLog(_ text: String, isError: Bool = false) {
        context.appendLog(text, isError: isError)
    }

    /// The component on screen's place in `components`.
    var current: Int { ComponentRegistry.position(of: view) ?? 0 }

    /// Hands `event` to the component at `index`; returns what it asks for.
    mutating func send(_ event: ComponentEvent, to index: Int) -> [WorkbenchCommand] {
        components[index].update(event, &context)
    }

    /// Hands `event` to every component, in tab order.
    mutating func broadcast(_ event: ComponentEvent) -> [WorkbenchCommand] {
        components.indices.flatMap { components[$0].update(event, &context) }
    }

    /// Runs `body` on the component of type `Component` and the context: for reports meant
    /// for one view alone.
    mutating func update<Component: WorkbenchComponent, Result>(
        _ type: Component.Type, _ body: (inout Component, inout WorkbenchContext) -> Result
    ) -> Result {
        let index = components.firstIndex { $0 is Component }!
        var component = components[index] as! Component
        let result = body(&component, &context)
        components[index] = component
        return result
    }

    /// Whether the view on screen takes `key` before the keys that work everywhere.
    func currentClaims(_ key: Key) -> Bool { type(of: components[current]).claimedKeys.contains(key) }

    /// Asks the component at `index` to select the record `id`; returns whether it did.
    mutating func reveal(_ id: String, in index: Int) -> Bool {
        components[index].reveal(id, &context)
    }

    /// What the component on screen has selected.
    public var selection: Selection? { components[current].selection(context) }

    /// The record the current view has selected: the one a, x, e, E and Enter act on.
    public var selectedRecordID: String? { selection?.recordID }

    /// The text whose verdict the screen shows first: the edit in progress, else the view's.
    var reviewed: ReviewedText? {
        context.edit != nil ? context.reviewedEdit : reviewedByView
    }

    /// The text whose verdict the view on screen shows.
    var reviewedByView: ReviewedText? { components[current].reviewed(context) }

    /// Draws the component on screen into `rect`.
    func drawCurrent(into grid: inout CellGrid, rect: Rect) {
        components[current].draw(into: &grid, rect: rect, context)
    }

    /// Whether the view on screen takes every key itself.
    var capturesKeys: Bool { components[current].capturesKeys }

    /// The help lines of the view on screen.
    var currentKeys: [KeyHelp] { type(of: components[current]).keys }
}

extension WorkbenchComponent {
    /// The view of this component's type, for an instance held as `any WorkbenchComponent`.
    var viewOfType: WorkbenchView { Self.view }
}
