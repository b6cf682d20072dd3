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
        state.drawCurrent(into: &grid, rect: body)
        if let edit = state.edit { EditPanel.draw(&grid, Layout.editPanel(state.size), edit, state.context) }
        switch state.overlay {
        case .comparison(let comparison)?: ComparisonOverlay.draw(&grid, state.size, comparison)
        case .history(let page)?, .guidelines(let page)?: PageOverlay.draw(&grid, state.size, page)
        case nil: break
        }
        if state.showsHelp { HelpOverlay.draw(&grid, body, view: state.view, keys: state.currentKeys, scroll: state.helpScroll) }
        StatusBar.draw(&grid, state.size.height - 1, state)
        return grid
    }

    private static func drawHeader(_ grid: inout CellGrid, _ state: WorkbenchState) {
        let top = Rect(x: 0, y: 0, width: state.size.width, height: 1)
        grid.fill(top, style: Style(.title))
        let endpoint = state.endpoint.map { " · " + $0 } ?? ""
        var right: String
        switch state.generation.phase {
        case .idle where state.readOnlyReason != nil: right = "read-only"
        case .idle: right = state.endpoint == nil ? "curating · no generation" : "idle"
        case .generating, .paused, .waitingForReview, .stopping: right = state.generation.phase.rawValue
        }
        if let stage = state.stages.figure {
            right = "\(stage) ▸ " + right
        } else if let round = state.live.round {
            right = "round \(round.number) ▸ " + right
        }
        if state.generation.phase == .generating { right += " \(Int(state.generation.tokensPerSecond.rounded())) tok/s" }
        right = " " + right + " "
        let rightWidth = DisplayWidth.of(right)
        grid.write(
            TextSanitizer.singleLine(" selfinstruct · \(state.poolName)\(endpoint)"), at: Position(x: 0, y: 0),
            width: state.size.width - rightWidth - 1, style: Style(.title))
        grid.write(right, at: Position(x: state.size.width - rightWidth, y: 0), style: Style(.title, [.bold]))

        // A space between the tabs where they fit with it (at 80 columns eight do not).
        let labels = WorkbenchView.allCases.map { " \($0.number) \($0.title) " }
        let gap = 1 + labels.reduce(0) { $0 + $1.count + 1 } <= state.size.width ? 1 : 0
        var x = 1
        for (view, label) in zip(WorkbenchView.allCases, labels) {
            let active = view == state.view
            x += grid.write(label, at: Position(x: x, y: 1), style: Style(active ? .selection : .dimText, active ? [.bold] : []))
            x += gap
        }
    }
}
