import Pool
import Terminal

extension Workbench {
    /// Draws the whole frame for `state`: header, tabs, the current view, overlays and the
    /// status bar; the too-small notice below 80x24. Pure: the same state gives the same grid.
    public static func render(_ state: WorkbenchState) -> CellGrid {
        guard state.size.contains(.workbenchMinimum) else { return CellGrid.tooSmallNotice(size: state.size) }
        var grid = CellGrid(size: state.size)
        drawHeader(&grid, state)
        let body = Layout.body(state.size)
        switch state.view {
        case .live: LiveView.draw(&grid, body, state)
        case .pool: PoolView.draw(&grid, body, state)
        case .rejections: RejectionsView.draw(&grid, body, state)
        case .instances: InstancesView.draw(&grid, body, state)
        case .stats: StatsView.draw(&grid, body, state)
        case .log: LogView.draw(&grid, body, state)
        }
        if let edit = state.edit { EditPanel.draw(&grid, Layout.editPanel(state.size), edit, state) }
        if state.showsHelp { HelpOverlay.draw(&grid, body, view: state.view) }
        StatusBar.draw(&grid, state.size.height - 1, state)
        return grid
    }

    private static func drawHeader(_ grid: inout CellGrid, _ state: WorkbenchState) {
        let top = Rect(x: 0, y: 0, width: state.size.width, height: 1)
        grid.fill(top, style: Style(.title))
        let endpoint = state.endpoint.map { " · " + $0 } ?? ""
        var right: String
        switch state.generation.phase {
        case .idle: right = state.endpoint == nil ? "curating · no generation" : "idle"
        case .generating, .paused, .waitingForReview, .stopping: right = state.generation.phase.rawValue
        }
        if let round = state.live.round { right = "round \(round.number) ▸ " + right }
        if state.generation.phase == .generating { right += " \(Int(state.generation.tokensPerSecond.rounded())) tok/s" }
        right = " " + right + " "
        let rightWidth = DisplayWidth.of(right)
        grid.write(
            TextSanitizer.singleLine(" selfinstruct · \(state.poolName)\(endpoint)"), at: Position(x: 0, y: 0),
            width: state.size.width - rightWidth - 1, style: Style(.title))
        grid.write(right, at: Position(x: state.size.width - rightWidth, y: 0), style: Style(.title, [.bold]))

        var x = 1
        for view in WorkbenchView.allCases {
            let label = " \(view.rawValue) \(view.title) "
            let active = view == state.view
            x += grid.write(label, at: Position(x: x, y: 1), style: Style(active ? .selection : .dimText, active ? [.bold] : []))
            x += 1
        }
    }
}

/// The inline-edit panel: the line editor, the filter verdict for the new text, and its
/// nearest pool instructions, re-scored as the person types.
enum EditPanel {
    static func draw(_ grid: inout CellGrid, _ rect: Rect, _ edit: InlineEdit, _ state: WorkbenchState) {
        grid.fill(rect)
        let what = switch edit.target {
        case .instruction: "instruction"
        case .instanceOutput(let index): "output of instance \(index + 1)"
        }
        PaneDrawing.box(&grid, rect, title: "Edit \(what) of \(edit.recordID) · Enter saves · Esc cancels", focused: true)
        let inner = rect.inset(by: 1)
        guard inner.height >= 1 else { return }
        grid.write("›", at: Position(x: inner.x, y: inner.y), style: Style(.keyHint))
        var editor = edit.editor
        editor.visibleWidth = max(1, inner.width - 2)
        guard edit.target == .instruction, inner.height >= 4 else {
            editor.render(into: &grid, at: Position(x: inner.x + 2, y: inner.y))
            return
        }
        let fresh = edit.scoredText == edit.editor.text
        let best = fresh ? edit.neighbours.first?.score : nil
        let (verdict, role) = PaneDrawing.filterVerdict(edit.editor.text, best: best, threshold: state.similarityThreshold)
        grid.write(verdict, in: inner.row(2), style: Style(role))
        grid.write(fresh ? "Nearest in pool after the edit (ROUGE-L F)" : "re-scoring…", in: inner.row(3), style: Style(.dimText))
        let list = Rect(x: inner.x, y: inner.y + 4, width: inner.width, height: inner.height - 4)
        if edit.neighbours.isEmpty && fresh {
            grid.write("no neighbours: the pool has nothing to compare with", in: list.row(0), style: Style(.dimText))
        } else {
            PaneDrawing.neighbours(&grid, list, edit.neighbours, threshold: state.similarityThreshold)
        }
        // Drawn last so that the terminal cursor ends up in the editor.
        editor.render(into: &grid, at: Position(x: inner.x + 2, y: inner.y))
    }
}
