import Terminal

/// The `?` overlay: every key of the current view, then the other keys that work everywhere
/// and the `:` commands, each key once. Longer than the screen (80x24), it scrolls with
/// j k ↑ ↓ PgUp PgDn g G and says there is more below; any other key closes it.
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
            KeyHelp("?", "this help"), KeyHelp("q", "quit (mid-round: y now, f after the round)"),
        ]
    }

    /// One row of the overlay.
    enum Row: Hashable {
        /// A key and what it does.
        case key(KeyHelp)
        /// A gap between the sections.
        case blank
        /// A `:` command's usage.
        case command(String)
    }

    /// The rows for a view whose own keys are `keys`: its keys, then the global keys none of
    /// which it lists itself (the Review view's `n` is "no", so the search line goes), then
    /// the `:` commands.
    static func rows(keys: [KeyHelp]) -> [Row] {
        let taken = Set(keys.flatMap(tokens))
        let global = globalKeys.filter { tokens($0).allSatisfy { !taken.contains($0) } }
        return keys.map(Row.key) + [.blank] + global.map(Row.key) + [.blank] + ColonCommand.usage.map(Row.command)
    }

    /// The keys a help line names (`a / x` names a and x).
    private static func tokens(_ line: KeyHelp) -> [String] {
        line.keys.split(separator: " ").map(String.init).filter { $0 != "/" }
    }

    /// Where the overlay sits in `body` for `rowCount` rows.
    static func frame(_ body: Rect, rowCount: Int) -> Rect {
        let width = min(body.width - 4, 96)
        let height = min(body.height, rowCount + 2)
        return Rect(x: body.x + (body.width - width) / 2, y: body.y + (body.height - height) / 2, width: width, height: height)
    }

    /// How many rows show at once on a screen of `size`.
    static func visibleRows(_ size: Size, keys: [KeyHelp]) -> Int {
        max(1, frame(Layout.body(size), rowCount: rows(keys: keys).count).height - 2)
    }

    /// The furthest the overlay scrolls on a screen of `size`.
    static func maxScroll(_ size: Size, keys: [KeyHelp]) -> Int {
        max(0, rows(keys: keys).count - visibleRows(size, keys: keys))
    }

    static func draw(_ grid: inout CellGrid, _ body: Rect, view: WorkbenchView, keys: [KeyHelp], scroll: Int) {
        let rows = rows(keys: keys)
        let rect = frame(body, rowCount: rows.count)
        grid.fill(rect)
        let scrolls = rows.count > rect.height - 2
        let title = scrolls ? "Keys · \(view.title) · j k PgDn scroll · other keys close" : "Keys · \(view.title) · any key closes"
        PaneDrawing.box(&grid, rect, title: title, focused: true)
        let inner = rect.inset(by: 1)
        let first = min(max(0, scroll), max(0, rows.count - inner.height))
        for (offset, row) in rows.dropFirst(first).prefix(inner.height).enumerated() {
            let y = inner.y + offset
            switch row {
            case .key(let line):
                grid.write(line.keys, at: Position(x: inner.x + 1, y: y), width: 22, style: Style(.keyHint, [.bold]))
                grid.write(line.meaning, at: Position(x: inner.x + 24, y: y), width: inner.width - 24)
            case .blank:
                break
            case .command(let line):
                grid.write(line, at: Position(x: inner.x + 1, y: y), width: inner.width - 1, style: Style(.dimText))
            }
        }
        let above = first > 0, below = first + inner.height < rows.count
        guard above || below else { return }
        let more = below ? (above ? " ↑ ↓ more: k j PgUp PgDn " : " ↓ more below: j PgDn ") : " ↑ more above: k PgUp "
        let x = rect.maxX - 2 - DisplayWidth.of(more)
        grid.write(more, at: Position(x: x, y: rect.maxY - 1), style: Style(.keyHint, [.bold]))
    }
}
