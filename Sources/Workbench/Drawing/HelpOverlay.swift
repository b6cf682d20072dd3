import Terminal

/// The `?` overlay: every key of the current view, then the other keys that work everywhere
/// and the `:` commands.
enum HelpOverlay {
    /// Keys that work in every view.
    static var globalKeys: [KeyHelp] {
        let views = WorkbenchView.allCases
        return [
            KeyHelp("1–\(views.count)", "views: " + views.map(\.title).joined(separator: ", ")),
            KeyHelp("j k ↑ ↓ g G PgUp PgDn", "move"), KeyHelp("Tab", "switch panes"),
            KeyHelp("/  n  N", "search, next, previous"), KeyHelp(":", "command line"), KeyHelp("space", "pause / resume generation"),
            KeyHelp("I", "stages 2 and 3 (classification, instances) for accepted tasks that lack them"),
            KeyHelp.undoRedo,
            KeyHelp("L", "the pool's curation guidelines (also :guidelines)"),
            KeyHelp("?", "this help"), KeyHelp("q", "quit (while generating: y now, f after the round)"),
        ]
    }

    static func draw(_ grid: inout CellGrid, _ body: Rect, view: WorkbenchView, keys: [KeyHelp]) {
        let lines = keys + [KeyHelp("", "")] + globalKeys.filter { global in !keys.contains { $0.keys == global.keys } }
        let commands = ColonCommand.usage
        let width = min(body.width - 4, 96)
        let height = min(body.height, lines.count + commands.count + 4)
        let rect = Rect(x: body.x + (body.width - width) / 2, y: body.y + (body.height - height) / 2, width: width, height: height)
        grid.fill(rect)
        PaneDrawing.box(&grid, rect, title: "Keys · \(view.title) · any key closes", focused: true)
        let inner = rect.inset(by: 1)
        var y = inner.y
        for line in lines where y < inner.maxY {
            grid.write(line.keys, at: Position(x: inner.x + 1, y: y), width: 22, style: Style(.keyHint, [.bold]))
            grid.write(line.meaning, at: Position(x: inner.x + 24, y: y), width: inner.width - 24)
            y += 1
        }
        y += 1
        for line in commands where y < inner.maxY {
            grid.write(line, at: Position(x: inner.x + 1, y: y), width: inner.width - 1, style: Style(.dimText))
            y += 1
        }
    }
}
