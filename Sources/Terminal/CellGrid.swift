/// One terminal cell: the grapheme cluster drawn there, how many columns it spans and its
/// style. A wide character (CJK, most emoji) sits in its first cell with width 2; the cell
/// to its right is a continuation (empty text, width 0) that belongs to it.
public struct Cell: Hashable, Sendable {
    /// The cluster drawn in this cell; empty for a continuation.
    public var text: String
    /// 1 for an ordinary cell, 2 for the first cell of a wide character, 0 for its
    /// continuation.
    public var width: UInt8
    /// How the cell looks.
    public var style: Style

    /// A cell holding `text`, `width` columns wide.
    public init(_ text: String, width: UInt8 = 1, style: Style = .text) {
        self.text = text
        self.width = width
        self.style = style
    }

    /// A blank cell in `style`.
    public static func blank(_ style: Style = .text) -> Cell { Cell(" ", style: style) }

    /// Whether this is the right half of a wide character.
    public var isContinuation: Bool { width == 0 }
}

/// What to do with text wider than the space it is drawn in.
public enum Overflow: Sendable {
    /// Cut it at the edge.
    case clip
    /// Cut it one column early and end with "…".
    case ellipsis
}

/// The whole screen as data: views render a frame into a grid, tests read it back as text,
/// and a backend flushes it to the terminal by diffing it against the previous frame.
///
/// All drawing clips to the grid, never traps on out-of-range coordinates, lays text out by
/// display width, and keeps wide characters whole: overwriting either half of one blanks the
/// other, and a wide character that does not fit before the clip edge becomes a blank.
public struct CellGrid: Hashable, Sendable {
    /// The grid's size.
    public let size: Size
    /// The cells, row by row.
    public private(set) var cells: [Cell]
    /// Where the terminal cursor should be shown (e.g. in a line editor); nil hides it.
    public var cursor: Position?

    /// A grid of `size` filled with blanks in `style`.
    public init(size: Size, style: Style = .text) {
        self.size = Size(width: max(0, size.width), height: max(0, size.height))
        cells = Array(repeating: .blank(style), count: self.size.width * self.size.height)
    }

    /// The grid's columns.
    public var width: Int { size.width }
    /// The grid's rows.
    public var height: Int { size.height }
    /// The rectangle the grid covers.
    public var bounds: Rect { Rect(size) }

    /// The cell at column `x`, row `y` (which must be inside the grid).
    public subscript(x: Int, y: Int) -> Cell {
        cells[y * size.width + x]
    }

    /// The rows as plain text, continuations skipped and trailing blanks dropped (so
    /// snapshot files survive editors that trim lines).
    public func lines() -> [String] {
        (0..<size.height).map { y in
            var line = ""
            for x in 0..<size.width {
                let cell = cells[y * size.width + x]
                if !cell.isContinuation { line += cell.text }
            }
            while line.last == " " { line.removeLast() }
            return line
        }
    }

    // MARK: Drawing

    /// Fills `rect` (clipped to the grid) with `character` in `style`; a wide character
    /// fills every other column.
    public mutating func fill(_ rect: Rect, with character: Character = " ", style: Style = .text) {
        let area = rect.intersection(bounds)
        guard !area.isEmpty else { return }
        let content = DisplayWidth.cellContent(for: character)
        if content.width == 1 {
            let cell = Cell(content.text, style: style)
            for y in area.y..<area.maxY {
                clearWideOverlap(x: area.x, y: y)
                clearWideOverlap(x: area.maxX - 1, y: y)
                let start = y * size.width
                for x in area.x..<area.maxX { cells[start + x] = cell }
            }
            return
        }
        for y in area.y..<area.maxY {
            _ = write(String(repeating: character, count: area.width), at: Position(x: area.x, y: y),
                      width: area.width, style: style, overflow: .clip)
        }
    }

    /// Draws `text` on one row from `position`, at most `width` columns (and never past the
    /// grid's right edge), and returns the columns used. Text is drawn as given: sanitise
    /// untrusted text first (`TextSanitizer.singleLine`); controls that slip through show
    /// as "\u{FFFD}".
    @discardableResult
    public mutating func write(
        _ text: String, at position: Position, width: Int? = nil, style: Style = .text,
        overflow: Overflow = .ellipsis
    ) -> Int {
        guard position.y >= 0, position.y < size.height else { return 0 }
        var x = position.x
        let limit = min(position.x + (width ?? size.width - position.x), size.width)
        guard x < limit else { return 0 }
        let available = limit - x

        // Fast path: printable ASCII, one cell per byte.
        if let textWidth = DisplayWidth.printableASCIIWidth(text.utf8) {
            let fits = textWidth <= available
            let drawn = fits ? textWidth : (overflow == .ellipsis ? available - 1 : available)
            var count = 0
            for byte in text.utf8 {
                if count == drawn { break }
                if x >= 0 { put(Cell(String(Unicode.Scalar(byte)), style: style), x: x, y: position.y) }
                x += 1
                count += 1
            }
            if !fits && overflow == .ellipsis && x >= 0 {
                put(Cell("…", style: style), x: x, y: position.y)
                x += 1
            }
            return x - position.x
        }

        let needsEllipsis = overflow == .ellipsis && DisplayWidth.of(text) > available
        let textLimit = needsEllipsis ? limit - 1 : limit
        for character in text {
            let content = DisplayWidth.cellContent(for: character)
            if content.width == 0 { continue }
            if x + content.width > textLimit {
                // A wide character that does not fit: the ellipsis follows at once, or without
                // one, the column it would have started is blanked.
                if !needsEllipsis && x >= 0 && x < textLimit { put(.blank(style), x: x, y: position.y); x += 1 }
                break
            }
            if x < 0 {
                // Left of the grid: skip, keeping the layout.
                x += content.width
                continue
            }
            put(Cell(content.text, width: UInt8(content.width), style: style), x: x, y: position.y)
            x += content.width
        }
        if needsEllipsis && x >= 0 {
            put(Cell("…", style: style), x: x, y: position.y)
            x += 1
        }
        return x - position.x
    }

    /// Draws `text` on the first row of `rect`, clipped to its width; see `write(_:at:)`.
    @discardableResult
    public mutating func write(
        _ text: String, in rect: Rect, style: Style = .text, overflow: Overflow = .ellipsis
    ) -> Int {
        guard rect.height > 0 else { return 0 }
        return write(text, at: Position(x: rect.x, y: rect.y), width: rect.width, style: style, overflow: overflow)
    }

    /// Draws a single-line border around `rect` with an optional title in the top edge
    /// ("┌ Title ────┐"), truncated with an ellipsis when it does not fit.
    public mutating func drawBox(
        _ rect: Rect, style: Style = Style(.border), title: String? = nil, titleStyle: Style = Style(.title)
    ) {
        guard rect.width >= 2, rect.height >= 2 else { return }
        let right = rect.maxX - 1, bottom = rect.maxY - 1
        for x in (rect.x + 1)..<right {
            putClipped(Cell("─", style: style), x: x, y: rect.y)
            putClipped(Cell("─", style: style), x: x, y: bottom)
        }
        for y in (rect.y + 1)..<bottom {
            putClipped(Cell("│", style: style), x: rect.x, y: y)
            putClipped(Cell("│", style: style), x: right, y: y)
        }
        putClipped(Cell("┌", style: style), x: rect.x, y: rect.y)
        putClipped(Cell("┐", style: style), x: right, y: rect.y)
        putClipped(Cell("└", style: style), x: rect.x, y: bottom)
        putClipped(Cell("┘", style: style), x: right, y: bottom)
        if let title, rect.width >= 5 {
            // "┌ " + title + " " + at least one "─" + "┐"
            let room = rect.width - 5
            putClipped(Cell(" ", style: style), x: rect.x + 1, y: rect.y)
            let used = write(title, at: Position(x: rect.x + 2, y: rect.y), width: room, style: titleStyle)
            putClipped(Cell(" ", style: style), x: rect.x + 2 + used, y: rect.y)
        }
    }

    /// Draws a horizontal bar `width` columns long, the first `fraction` of it filled
    /// ("████░░░░░░"); `fraction` is clamped to 0...1 and rounded to whole cells.
    public mutating func drawBar(
        at position: Position, width: Int, fraction: Double,
        filled: Style = Style(.similarityLow), empty: Style = Style(.barEmpty)
    ) {
        guard width > 0 else { return }
        let clamped = fraction.isNaN ? 0 : min(max(fraction, 0), 1)
        let filledCount = Int((clamped * Double(width)).rounded())
        for offset in 0..<width {
            let isFilled = offset < filledCount
            putClipped(Cell(isFilled ? "█" : "░", style: isFilled ? filled : empty), x: position.x + offset, y: position.y)
        }
    }

    /// Copies `other` onto this grid with its top-left corner at `origin`, clipped, cursor
    /// included: a screen drawn at its own size becomes part of a bigger frame.
    public mutating func paste(_ other: CellGrid, at origin: Position) {
        for y in 0..<other.height where origin.y + y >= 0 && origin.y + y < size.height {
            for x in 0..<other.width where origin.x + x >= 0 && origin.x + x < size.width {
                let cell = other[x, y]
                // A wide character cut by the right edge would leave half of itself: a blank instead.
                let fits = cell.width < 2 || origin.x + x + 1 < size.width
                cells[(origin.y + y) * size.width + origin.x + x] = fits ? cell : .blank(cell.style)
            }
        }
        if let position = other.cursor {
            let moved = Position(x: origin.x + position.x, y: origin.y + position.y)
            if bounds.contains(moved) { cursor = moved }
        }
    }

    /// Sets the style of every cell in `rect` (clipped), keeping the text: highlights a
    /// selected row after it was drawn.
    public mutating func setStyle(_ style: Style, in rect: Rect) {
        let area = rect.intersection(bounds)
        guard !area.isEmpty else { return }
        // Widen by the halves of wide characters cut by the edges, which share one style.
        let left = area.x > 0 && (area.y..<area.maxY).contains { self[area.x, $0].isContinuation } ? area.x - 1 : area.x
        let right = area.maxX < size.width && (area.y..<area.maxY).contains { self[area.maxX, $0].isContinuation }
            ? area.maxX + 1 : area.maxX
        for y in area.y..<area.maxY {
            for x in left..<right {
                let cell = cells[y * size.width + x]
                let isOutside = x < area.x || x >= area.maxX
                // Outside the area only the other half of a cut wide character changes.
                if isOutside && !(x < area.x ? cell.width == 2 : cell.isContinuation) { continue }
                cells[y * size.width + x].style = style
            }
        }
    }

    // MARK: Cell writes that keep wide characters whole

    /// Writes one cell if it lies inside the grid.
    private mutating func putClipped(_ cell: Cell, x: Int, y: Int) {
        guard x >= 0, x < size.width, y >= 0, y < size.height else { return }
        put(cell, x: x, y: y)
    }

    /// Writes a cell (and, for a wide one, its continuation); the caller has checked that
    /// it fits.
    private mutating func put(_ cell: Cell, x: Int, y: Int) {
        clearWideOverlap(x: x, y: y)
        let index = y * size.width + x
        cells[index] = cell
        if cell.width == 2 {
            clearWideOverlap(x: x + 1, y: y)
            cells[index + 1] = Cell("", width: 0, style: cell.style)
        }
    }

    /// Before (x, y) is overwritten: blanks the other half of a wide character that covers it.
    private mutating func clearWideOverlap(x: Int, y: Int) {
        guard x >= 0, x < size.width else { return }
        let index = y * size.width + x
        let cell = cells[index]
        if cell.width == 0, x > 0 {
            cells[index - 1] = .blank(cells[index - 1].style)
        } else if cell.width == 2, x + 1 < size.width {
            cells[index + 1] = .blank(cell.style)
        }
    }
}
