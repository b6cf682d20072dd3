extension CellGrid {
    /// The frame shown instead of the workbench when the terminal is smaller than
    /// `minimum`: "terminal too small (need 80x24, have 60x20)", centred and wrapped to
    /// whatever width there is, so a shrunken window shows a message instead of garbage.
    public static func tooSmallNotice(size: Size, minimum: Size = .workbenchMinimum) -> CellGrid {
        var grid = CellGrid(size: size)
        let message = "terminal too small (need \(minimum), have \(size))"
        let lines = TextWrap.lines(of: message, width: size.width) + TextWrap.lines(of: "enlarge the window to continue, or press q to quit", width: size.width)
        let top = max(0, (size.height - lines.count) / 2)
        for (index, line) in lines.enumerated() {
            let left = max(0, (size.width - DisplayWidth.of(line)) / 2)
            grid.write(line, at: Position(x: left, y: top + index), style: Style(index == 0 ? .error : .dimText))
        }
        return grid
    }
}
