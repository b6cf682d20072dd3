import Foundation
import Terminal

/// The Log view: what happened in this session, newest last, errors in the error colour.
/// The lines are the session's log (`context.log`), which follows its newest line unless
/// the person scrolled up.
public struct LogView: WorkbenchComponent {
    /// The tab.
    public static let view = WorkbenchView("Log")
    /// Its keys.
    public static let keys = [KeyHelp("j k ↑ ↓ g G PgUp PgDn", "scroll; at the newest line, the log follows new lines")]

    /// The Log view.
    public init() {}

    public mutating func update(_ event: ComponentEvent, _ context: inout WorkbenchContext) -> [WorkbenchCommand] {
        switch event {
        case .move(let offset):
            context.log.cursor.move(by: offset, count: context.log.count)
        case .find(let query, let forward):
            var cursor = context.log.cursor
            cursor.find(query, forward: forward, in: context.log.map(\.text), &context)
            context.log.cursor = cursor
        case .key, .poolLoaded, .poolChanged, .refresh, .decided, .nextPending, .command, .curation, .evaluation:
            break
        }
        return []
    }

    public func selection(_ context: WorkbenchContext) -> Selection? { nil }

    public func draw(into grid: inout CellGrid, rect body: Rect, _ context: WorkbenchContext) {
        let log = context.log
        PaneDrawing.box(&grid, body, title: "Log (\(log.count))", focused: true)
        PaneDrawing.list(&grid, body.inset(by: 1), count: log.count, cursor: log.cursor, focused: false, empty: "Nothing yet.") { grid, index, rect in
            let line = log[index]
            let time = String(format: "%7.1fs ", line.time)
            grid.write(time, at: Position(x: rect.x, y: rect.y), style: Style(.dimText))
            grid.write(TextSanitizer.singleLine(line.text, columns: rect.width), at: Position(x: rect.x + time.count, y: rect.y), width: rect.width - time.count,
                       style: Style(line.isError ? .error : .text))
        }
    }
}
