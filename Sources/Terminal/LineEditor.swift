/// A one-line text editor as a value: the workbench keeps one in its state while a person
/// edits inline, feeds it keys, and renders it into the grid. Emacs/readline keys:
/// Ctrl-A/E and Home/End, Ctrl-B/F and arrows, Alt-B/F and Ctrl/Alt-arrows by words,
/// Backspace/Delete (Ctrl-D), Ctrl-W (word back), Ctrl-U (to start), Ctrl-K (to end).
///
/// The text scrolls horizontally by display width, so wide characters never split at an
/// edge; how far it has scrolled is part of the value, so rendering is a pure function.
public struct LineEditor: Hashable, Sendable {
    /// What a key did to the edit.
    public enum Outcome: Hashable, Sendable {
        /// Still editing (the key changed the text or cursor, or was ignored).
        case editing
        /// Enter: keep this text.
        case committed(String)
        /// Escape (or Ctrl-C / Ctrl-G): throw the edit away.
        case cancelled
    }

    /// The text, one element per grapheme cluster.
    public private(set) var characters: [Character]
    /// The cursor, as an index into `characters` (its count means after the last one).
    public private(set) var cursor: Int
    /// The columns the editor is drawn in; set it again when the layout changes.
    public var visibleWidth: Int {
        didSet { scrollToCursor() }
    }
    /// The display column of the text shown at the editor's left edge.
    public private(set) var scrollColumn = 0

    /// An editor holding `text` (sanitised to one line), the cursor at its end.
    public init(text: String = "", visibleWidth: Int) {
        characters = Array(TextSanitizer.singleLine(text))
        cursor = characters.count
        self.visibleWidth = max(1, visibleWidth)
        scrollToCursor()
    }

    /// The text being edited.
    public var text: String { String(characters) }

    /// Applies one key.
    public mutating func handle(_ key: Key) -> Outcome {
        switch key {
        case .enter: return .committed(text)
        case .escape, .control("c"), .control("g"): return .cancelled
        case .character(let character): insert(character)
        case .left, .control("b"): cursor = max(0, cursor - 1)
        case .right, .control("f"): cursor = min(characters.count, cursor + 1)
        case .home, .control("a"): cursor = 0
        case .end, .control("e"): cursor = characters.count
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
            // Like readline's unix-word-rubout: back over spaces, then over non-spaces.
            var start = cursor
            while start > 0 && characters[start - 1].isWhitespace { start -= 1 }
            while start > 0 && !characters[start - 1].isWhitespace { start -= 1 }
            characters.removeSubrange(start..<cursor)
            cursor = start
        case .alt("d"):
            let end = endOfWord(after: cursor)
            characters.removeSubrange(cursor..<end)
        case .control("u"):
            characters.removeSubrange(0..<cursor)
            cursor = 0
        case .control("k"):
            characters.removeSubrange(cursor...)
        default:
            break
        }
        scrollToCursor()
        return .editing
    }

    /// Inserts text (a paste, say) at the cursor, sanitised to one line.
    public mutating func insert(_ text: String) {
        let clean = Array(TextSanitizer.singleLine(text))
        characters.insert(contentsOf: clean, at: cursor)
        cursor += clean.count
        scrollToCursor()
    }

    private mutating func insert(_ character: Character) {
        // Keys come from the decoder, already printable; a stray control would only be drawn
        // as a replacement, so it is not kept.
        guard character.unicodeScalars.allSatisfy({ DisplayWidth.of($0) != nil }) else { return }
        characters.insert(character, at: cursor)
        cursor += 1
    }

    /// Draws the visible part of the text at `origin`, `visibleWidth` columns wide (the rest
    /// of the row blanked), and puts the grid's cursor at the editing position.
    public func render(into grid: inout CellGrid, at origin: Position, style: Style = .text) {
        grid.fill(Rect(x: origin.x, y: origin.y, width: visibleWidth, height: 1), style: style)
        var column = 0
        let right = scrollColumn + visibleWidth
        for character in characters {
            let width = DisplayWidth.of(character)
            defer { column += width }
            if column >= right { break }
            // A wide character cut by either edge stays out; its visible half is blank.
            if column < scrollColumn || column + width > right { continue }
            let position = Position(x: origin.x + column - scrollColumn, y: origin.y)
            grid.write(String(character), at: position, width: width, style: style, overflow: .clip)
        }
        grid.cursor = Position(x: origin.x + cursorColumn - scrollColumn, y: origin.y)
    }

    /// The display column of the cursor within the whole text.
    public var cursorColumn: Int {
        characters[..<cursor].reduce(0) { $0 + DisplayWidth.of($1) }
    }

    /// Keeps the cursor inside the visible columns, scrolling a few columns past the edge so
    /// that some context shows around it.
    private mutating func scrollToCursor() {
        let column = cursorColumn
        let margin = min(4, visibleWidth / 4)
        if column < scrollColumn {
            scrollColumn = max(0, column - margin)
        } else if column >= scrollColumn + visibleWidth {
            scrollColumn = column - visibleWidth + 1 + margin
        }
        // Never leave blank space at the right while text is hidden at the left.
        let totalWidth = characters.reduce(0) { $0 + DisplayWidth.of($1) }
        scrollColumn = max(0, min(scrollColumn, totalWidth + 1 - visibleWidth))
    }

    private func startOfWord(before index: Int) -> Int { WordMotion.start(before: index, in: characters) }

    private func endOfWord(after index: Int) -> Int { WordMotion.end(after: index, in: characters) }
}
