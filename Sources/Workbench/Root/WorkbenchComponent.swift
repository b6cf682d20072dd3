import Pool
import Terminal

/// One view of the workbench, as a component: its own state, how events change it, and how
/// it draws. The root reducer routes keys and events to the component on screen (and pool
/// changes and generation reports to every component), handles the keys that work
/// everywhere, and draws the frame around the component.
///
/// Components read what they share through `WorkbenchContext` (the pool mirror, the loaded
/// record, focus, generation figures, the log) and never copy the pool: their lists hold
/// positions in `context.pool.entries`.
///
/// Adding a view: a folder under `Views/` with a type conforming to this protocol, and one
/// line in `ComponentRegistry.components`.
public protocol WorkbenchComponent: Sendable {
    /// The view this component is: its tab title and number key.
    static var view: WorkbenchView { get }
    /// What its own keys do, for the help overlay (the keys that work everywhere are added).
    static var keys: [KeyHelp] { get }
    /// Keys it takes before the root's keys that work everywhere (the Review view's `n` is
    /// "no", not "next match"); none for most views.
    static var claimedKeys: Set<Key> { get }

    /// The component before the pool has loaded.
    init()

    /// Takes an event the root routed here; returns the work to do.
    mutating func update(_ event: ComponentEvent, _ context: inout WorkbenchContext) -> [WorkbenchCommand]

    /// What a, x, e, E, u and Enter act on in this view; nil when nothing is selected.
    func selection(_ context: WorkbenchContext) -> Selection?

    /// Draws the view into `rect` (everything between the tabs and the status bar).
    func draw(into grid: inout CellGrid, rect: Rect, _ context: WorkbenchContext)

    /// The text its detail pane shows with the filters' verdict, if any: the root has it
    /// judged off the screen's thread and keeps the verdict in `context.verdict`.
    func reviewed(_ context: WorkbenchContext) -> ReviewedText?

    /// True while the view takes every key itself (a rating screen, whose letters and
    /// digits are its own): the root then handles Ctrl-C alone.
    var capturesKeys: Bool { get }

    /// Selects the record `id` if this view can show it (Enter in another view opens it
    /// here); returns whether it did. A view that could but not now says why in
    /// `context.message`.
    mutating func reveal(_ id: String, _ context: inout WorkbenchContext) -> Bool
}

extension WorkbenchComponent {
    /// Most views leave the keys that work everywhere to the root.
    public static var claimedKeys: Set<Key> { [] }

    /// Most views show no verdict.
    public func reviewed(_ context: WorkbenchContext) -> ReviewedText? { nil }

    /// Most views leave the keys that work everywhere to the root.
    public var capturesKeys: Bool { false }

    /// Most views do not open records from elsewhere.
    public mutating func reveal(_ id: String, _ context: inout WorkbenchContext) -> Bool { false }
}

/// What a component receives from the root.
public enum ComponentEvent: Sendable {
    /// A key the root does not handle itself (the view's own keys, like `s` in Pool).
    case key(Key)
    /// Move the selection by this many rows in the pane with the keyboard.
    case move(by: Int)
    /// Select the next (or previous) row whose text contains the query; the component says
    /// where it went, or that nothing matched, in `context.message`.
    case find(String, forward: Bool)
    /// The pool loaded; every record is in `context.pool`.
    case poolLoaded
    /// These records were added or changed in the pool (already in `context.pool`).
    case poolChanged([PoolEntry])
    /// The view is about to be drawn: bring derived lists up to date if the pool changed.
    case refresh
    /// A decision was made on this view's selection: move on to the next row worth seeing
    /// (the next pending one, where the view lists any).
    case decided(Selection)
    /// Select the next (or previous) pending row, wrapping around, where the view lists any.
    case nextPending(forward: Bool)
    /// A `:` command aimed at this view (`:filter`, `:sort`).
    case command(ColonCommand)
    /// Generation reported something.
    case curation(CurationEvent)
    /// The evaluation the Eval view rates reported something.
    case evaluation(EvaluationEvent)
}

/// What a view has selected: a record, or one instance of a record.
public enum Selection: Sendable, Hashable {
    /// A whole record: a, x decide it; e, E edit its instruction.
    case record(String)
    /// The instance at `index` of a record: a, x decide the instance; e, E edit its output.
    case instance(recordID: String, index: Int)

    /// The record selected, or whose instance is selected.
    public var recordID: String {
        switch self {
        case .record(let id), .instance(let id, _): id
        }
    }
}

/// A line of the help overlay: keys and what they do.
public struct KeyHelp: Sendable, Hashable {
    /// The keys, as the person types them (`a / x`).
    public var keys: String
    /// What they do.
    public var meaning: String

    /// A help line.
    public init(_ keys: String, _ meaning: String) {
        self.keys = keys
        self.meaning = meaning
    }

    /// The decision keys shared by the views that list records.
    public static let decisions = [
        KeyHelp("a / x", "accept / reject, then on to the next pending record"),
        KeyHelp("r", "reject with a reason (number keys: the pool's reasons; n: a note)"),
        KeyHelp("R", "rescue: accept a record the filters rejected (a asks first)"),
        KeyHelp("] / [", "next / previous pending record"),
        KeyHelp("e", "edit the instruction inline; neighbours re-score as you type"),
        KeyHelp("E", "edit in $EDITOR"),
        undoRedo,
        KeyHelp("Enter", "open the record's instances"),
    ] + review

    /// The review keys of the views that select records: one line, so that the help still
    /// fits an 80x24 terminal.
    public static let review = [
        KeyHelp("d / h", "neighbours side by side (J/K) / edit history; ^N in an edit"),
    ]

    /// Undo and redo, which work in every view.
    public static let undoRedo = KeyHelp("u / Ctrl-R", "undo / redo your last action, all its records; survives restarts")
}

/// A view's identity: its title on the tab. Its number key is its place in
/// `ComponentRegistry.components`.
public struct WorkbenchView: Sendable, Hashable, CustomStringConvertible {
    /// The title on its tab, e.g. `Pool`.
    public let title: String

    /// A view titled `title`; each component declares its own.
    public init(_ title: String) {
        self.title = title
    }

    /// Every view, in tab order.
    public static var allCases: [WorkbenchView] { ComponentRegistry.components.map { $0.view } }

    /// The key that shows it: 1 for the first tab.
    public var number: Int { (ComponentRegistry.position(of: self) ?? 0) + 1 }

    /// The title.
    public var description: String { title }
}

/// The views of the workbench, in tab order: the one place a view is registered.
enum ComponentRegistry {
    /// The components, in tab order (number keys 1, 2, …).
    static let components: [any WorkbenchComponent.Type] = [
        LiveView.self,
        PoolBrowser.self,
        RejectionsView.self,
        InstancesView.self,
        StatsView.self,
        LogView.self,
        ReviewView.self,
        EvaluationView.self,
    ]

    /// Where `view` sits in `components`.
    static func position(of view: WorkbenchView) -> Int? {
        components.firstIndex { $0.view == view }
    }
}
