import Foundation
import Terminal

/// The Log view: what happened in this session, newest last, errors in the error colour.
enum LogView {
    static func draw(_ grid: inout CellGrid, _ body: Rect, _ state: WorkbenchState) {
        PaneDrawing.box(&grid, body, title: "Log (\(state.log.count))", focused: true)
        let log = state.log
        PaneDrawing.list(&grid, body.inset(by: 1), count: log.count, cursor: state.logCursor, focused: false, empty: "Nothing yet.") { grid, index, rect in
            let line = log[index]
            let time = String(format: "%7.1fs ", line.time)
            grid.write(time, at: Position(x: rect.x, y: rect.y), style: Style(.dimText))
            grid.write(TextSanitizer.singleLine(line.text), at: Position(x: rect.x + time.count, y: rect.y), width: rect.width - time.count,
                       style: Style(line.isError ? .error : .text))
        }
    }
}
