/// A text editor of several rows as a value: long lines wrap at the editor's width, line
/// breaks are kept, and the view scrolls to follow the cursor. The workbench edits
/// instructions and instance outputs in it.
///
/// Keys as `LineEditor`'s (readline's), plus Up and Down by visual row. With `multiline`,
/// Enter breaks the line and Alt-Enter keeps the text; without, Enter keeps it (Alt-Enter
/// too). Escape, Ctrl-C and Ctrl-G throw the edit away.
///
/// The text is kept as it was given: a control character in it is shown by its visible
/// stand-in (`␛`), never dropped or replaced, so what is saved is what was there unless the
/// person changed it. A tab shows as `⇥`.
public struct TextAreaEditor: Hashable, Sendable {
    /// The text, one element per grapheme cluster, line breaks included.
    public private(set) var characters: [Character]
    /// The cursor, as an index into `characters` (its count means after the last one).
    public private(set) var cursor: Int
    /// Whether Enter breaks the line (Alt-Enter keeps the text) rather than keeping it.
    public let multiline: Bool
    /// The columns the text wraps at.
    public var width: Int {
        didSet { scrollToCursor() }
    }
    /// The rows the editor shows at most.
    public var height: Int {
        didSet { scrollToCursor() }
    }
    /// The first visual row shown.
    public private(set) var scrollRow = 0

    /// An editor holding `text`, the cursor at its end.
    public init(text: String = "", width: Int, height: Int, multiline: Bool) {
        characters = Array(text)
        cursor = characters.count
        self.multiline = multiline
        self.width = max(1, width)
        self.height = max(1, height)
        scrollToCursor()
    }

    /// The text being edited.
    public var text: String { String(characters) }

    /// Applies one key.
    public mutating func handle(_ key: Key) -> LineEditor.Outcome {
        switch key {
        case .alt("\n"): return .committed(text)
        case .enter:
            guard multiline else { return .committed(text) }
            insert("\n")
        case .escape, .control("c"), .control("g"): return .cancelled
        case .character(let character): insert(character)
        case .left, .control("b"): cursor = max(0, cursor - 1)
        case .right, .control("f"): cursor = min(characters.count, cursor + 1)
        case .up, .control("p"): moveVertically(by: -1)
        case .down, .control("n"): moveVertically(by: 1)
        case .home, .control("a"): cursor = lineStart(of: cursor)
        case .end, .control("e"): cursor = lineEnd(of: cursor)
        case .wordLeft, .alt("b"): cursor = startOfWord(before: cursor)
        case .wordRight, .alt("f"): cursor = endOfWord(after: cursor)
        case .backspace:
            if cursor > 0 {
                characters.remove(at: cursor - 1)
                cursor -= 1
            }
        case .delete, .control("d"):
            if cursor < characters.count { characters.remove(at: cursor) }
        case .control("w"):
            var start = cursor
            while start > 0 && characters[start - 1].isWhitespace && characters[start - 1] != "\n" { start -= 1 }
            while start > 0 && !characters[start - 1].isWhitespace { start -= 1 }
            characters.removeSubrange(start..<cursor)
            cursor = start
        case .alt("d"):
            characters.removeSubrange(cursor..<endOfWord(after: cursor))
        case .control("u"):
            let start = lineStart(of: cursor)
            characters.removeSubrange(start..<cursor)
            cursor = start
        case .control("k"):
            let end = lineEnd(of: cursor)
            characters.removeSubrange(cursor..<(end == cursor && end < characters.count ? end + 1 : end))
        default:
            break
        }
        scrollToCursor()
        return .editing
    }

    /// Inserts text (a paste, say) at the cursor; line breaks only in a multi-line editor.
    public mutating func insert(_ text: String) {
        let added = multiline ? Array(text) : text.map { $0 == "\n" || $0 == "\r\n" ? " " : $0 }
        characters.insert(contentsOf: added, at: cursor)
        cursor += added.count
        scrollToCursor()
    }

    private mutating func insert(_ character: Character) {
        characters.insert(character, at: cursor)
        cursor += 1
    }

    // MARK: Layout

    /// A visual row: the characters `start..<end`, and whether a line break ends it.
    struct Row: Hashable {
        var start: Int
        var end: Int
        var endsLine: Bool
    }

    /// What a character shows as: itself, or a visible stand-in for a tab or a control.
    static func shown(_ character: Character) -> String {
        if character == "\t" { return "⇥" }
        guard character.unicodeScalars.contains(where: { TextSanitizer.picture(of: $0) != nil }) else { return String(character) }
        return character.unicodeScalars.map { TextSanitizer.picture(of: $0) ?? String($0) }.joined()
    }

    /// The columns a character takes as shown, at most the editor's width.
    private func columns(of character: Character) -> Int {
        min(width, max(1, DisplayWidth.of(Self.shown(character))))
    }

    /// The visual rows: each line wrapped at `width` columns.
    var rows: [Row] {
        var rows: [Row] = []
        var start = 0, column = 0
        for (index, character) in characters.enumerated() {
            if character == "\n" {
                rows.append(Row(start: start, end: index, endsLine: true))
                start = index + 1
                column = 0
                continue
            }
            let columns = columns(of: character)
            if column + columns > width {
                rows.append(Row(start: start, end: index, endsLine: false))
                start = index
                column = 0
            }
            column += columns
        }
        rows.append(Row(start: start, end: characters.count, endsLine: false))
        return rows
    }

    /// How many visual rows the text needs.
    public var rowCount: Int { rows.count }

    /// The visual row and column of `index`; at a wrap, the start of the next row.
    private func place(of index: Int, in rows: [Row]) -> (row: Int, column: Int) {
        for (number, row) in rows.enumerated() where index >= row.start && (index < row.end || (index == row.end && (row.endsLine || number == rows.count - 1))) {
            return (number, characters[row.start..<index].reduce(0) { $0 + columns(of: $1) })
        }
        return (rows.count - 1, 0)
    }

    private mutating func moveVertically(by step: Int) {
        let rows = rows
        let (row, column) = place(of: cursor, in: rows)
        let target = row + step
        guard rows.indices.contains(target) else {
            cursor = step < 0 ? 0 : characters.count
            return
        }
        var index = rows[target].start, reached = 0
        while index < rows[target].end && reached + columns(of: characters[index]) <= column {
            reached += columns(of: characters[index])
            index += 1
        }
        cursor = index
    }

    private func lineStart(of index: Int) -> Int {
        var position = index
        while position > 0 && characters[position - 1] != "\n" { position -= 1 }
        return position
    }

    private func lineEnd(of index: Int) -> Int {
        var position = index
        while position < characters.count && characters[position] != "\n" { position += 1 }
        return position
    }

    private mutating func scrollToCursor() {
        let row = place(of: cursor, in: rows).row
        if row < scrollRow { scrollRow = row }
        if row >= scrollRow + height { scrollRow = row - height + 1 }
        scrollRow = max(0, min(scrollRow, rowCount - height))
    }

    private func startOfWord(before index: Int) -> Int { WordMotion.start(before: index, in: characters) }

    private func endOfWord(after index: Int) -> Int { WordMotion.end(after: index, in: characters) }

    // MARK: Drawing

    /// Draws the visible rows in `rect` (`width` columns, `height` rows at most; the rest
    /// blanked) and puts the grid's cursor at the editing position.
    public func render(into grid: inout CellGrid, in rect: Rect, style: Style = .text) {
        grid.fill(rect, style: style)
        let rows = rows
        for (offset, row) in rows.dropFirst(scrollRow).prefix(min(height, rect.height)).enumerated() {
            var x = rect.x
            for character in characters[row.start..<row.end] {
                let shown = Self.shown(character)
                let columns = columns(of: character)
                guard x + columns <= rect.x + rect.width else { break }
                let isControl = shown != String(character)
                grid.write(shown, at: Position(x: x, y: rect.y + offset), width: columns,
                           style: isControl ? Style(.dimText) : style, overflow: .clip)
                x += columns
            }
        }
        let (row, column) = place(of: cursor, in: rows)
        grid.cursor = Position(x: rect.x + min(column, max(0, rect.width - 1)), y: rect.y + row - scrollRow)
    }
}
