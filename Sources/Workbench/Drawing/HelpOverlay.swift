import Terminal

/// The `?` overlay: every key of the current view, then the keys that work everywhere and
/// the `:` commands.
enum HelpOverlay {
    /// The keys of `view`, as (keys, what they do).
    static func keys(for view: WorkbenchView) -> [(String, String)] {
        let decisions: [(String, String)] = [
            ("a / x", "accept / reject the selected record (a on a rejected one rescues it)"),
            ("e", "edit the instruction inline; neighbours re-score as you type"),
            ("E", "edit in $EDITOR"),
            ("u", "undo the last change (saved; works after a restart)"),
            ("Enter", "open the record's instances"),
        ]
        switch view {
        case .live: return decisions + [("space", "pause / resume generation")]
        case .pool:
            return decisions + [
                ("f", "cycle the status filter"), ("s", "cycle the sort: pool, similarity, length, round"),
                ("A / X", "accept / reject every record matching the filter (asks first)"),
            ]
        case .rejections: return [("Tab", "switch between reasons and records")] + decisions
        case .instances:
            return [
                ("Tab", "switch between tasks and their instances"),
                ("a / x", "accept / reject the task, or the instance when instances have focus"),
                ("e / E", "edit the instruction, or the instance's output, inline / in $EDITOR"),
                ("u", "undo the last change"),
            ]
        case .stats: return [("", "figures refresh as the pool changes")]
        case .log: return [("j / k", "scroll")]
        }
    }

    /// Keys that work in every view.
    static let globalKeys: [(String, String)] = [
        ("1–6", "views: Live, Pool, Rejections, Instances, Stats, Log"),
        ("j k ↑ ↓ g G PgUp PgDn", "move"), ("Tab", "switch panes"),
        ("/  n  N", "search, next, previous"), (":", "command line"), ("space", "pause / resume generation"),
        ("?", "this help"), ("q", "quit (while generating: y now, f after the round)"),
    ]

    static func draw(_ grid: inout CellGrid, _ body: Rect, view: WorkbenchView) {
        let lines = keys(for: view) + [("", "")] + globalKeys
        let commands = ColonCommand.usage
        let width = min(body.width - 4, 96)
        let height = min(body.height, lines.count + commands.count + 4)
        let rect = Rect(x: body.x + (body.width - width) / 2, y: body.y + (body.height - height) / 2, width: width, height: height)
        grid.fill(rect)
        PaneDrawing.box(&grid, rect, title: "Keys · \(view.title) · any key closes", focused: true)
        let inner = rect.inset(by: 1)
        var y = inner.y
        for (keys, meaning) in lines where y < inner.maxY {
            grid.write(keys, at: Position(x: inner.x + 1, y: y), width: 22, style: Style(.keyHint, [.bold]))
            grid.write(meaning, at: Position(x: inner.x + 24, y: y), width: inner.width - 24)
            y += 1
        }
        y += 1
        for line in commands where y < inner.maxY {
            grid.write(line, at: Position(x: inner.x + 1, y: y), width: inner.width - 1, style: Style(.dimText))
            y += 1
        }
    }
}
