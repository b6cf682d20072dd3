import Terminal

/// The overlay of a scrolled page (the edit history, the guidelines): its lines from the
/// top it is scrolled to, with where that is in the border when it does not all fit.
enum PageOverlay {
    /// Draws `page` over the body of a frame of `size`.
    static func draw(_ grid: inout CellGrid, _ size: Size, _ page: ScrolledPage) {
        let rect = Layout.reviewOverlay(size)
        grid.fill(rect)
        PaneDrawing.box(&grid, rect, title: page.title, focused: true)
        let area = Layout.reviewText(size)
        let lines = page.lines(width: area.width)
        for (row, line) in lines.dropFirst(page.top).prefix(area.height).enumerated() {
            grid.write(line, at: Position(x: area.x, y: area.y + row), width: area.width)
        }
        if lines.count > area.height {
            let position = " lines \(page.top + 1)–\(min(lines.count, page.top + area.height)) of \(lines.count) "
            grid.write(position, at: Position(x: rect.maxX - 1 - DisplayWidth.of(position), y: rect.maxY - 1), style: Style(.dimText))
        }
    }
}
