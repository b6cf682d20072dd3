/// A piece of text in one style: highlighted words, a diff's removed or added words.
public struct StyledSpan: Sendable, Hashable {
    /// The text, already sanitised (`TextSanitizer.singleLine`).
    public var text: String
    /// How it looks.
    public var style: Style

    /// A span of `text` in `style`.
    public init(_ text: String, _ style: Style = .text) {
        self.text = text
        self.style = style
    }
}

extension TextWrap {
    /// Breaks styled text into lines at most `width` columns wide, as `lines(of:width:)` breaks
    /// plain text (at spaces, inside a word too wide for a line); each character keeps its
    /// span's style, and a space between words keeps the style of the space it stands for.
    public static func lines(of spans: [StyledSpan], width: Int) -> [[StyledSpan]] {
        guard width > 0 else { return [] }
        typealias Piece = (character: Character, style: Style, width: Int)
        var lines: [[Piece]] = []
        var line: [Piece] = []
        var lineWidth = 0
        var word: [Piece] = []
        var wordWidth = 0
        var gap: Piece?
        func endWord() {
            guard !word.isEmpty else { return }
            if lineWidth > 0, let gap, lineWidth + gap.width + wordWidth <= width {
                line.append(gap)
                lineWidth += gap.width
            } else if lineWidth > 0 {
                lines.append(line)
                line = []
                lineWidth = 0
            }
            for piece in word {
                if lineWidth + piece.width > width && lineWidth > 0 {
                    // A word wider than a line: broken where it reaches the edge.
                    lines.append(line)
                    line = []
                    lineWidth = 0
                }
                guard piece.width <= width else { continue }  // a wide character in a 1-column pane
                line.append(piece)
                lineWidth += piece.width
            }
            word = []
            wordWidth = 0
        }
        for span in spans {
            for character in span.text {
                if character == " " {
                    endWord()
                    gap = (" ", span.style, 1)
                    continue
                }
                let characterWidth = DisplayWidth.of(character)
                word.append((character, span.style, characterWidth))
                wordWidth += characterWidth
            }
        }
        endWord()
        if !line.isEmpty || lines.isEmpty { lines.append(line) }
        // Adjacent characters of one style become one span again.
        return lines.map { pieces in
            var spans: [StyledSpan] = []
            for piece in pieces {
                if spans.last?.style == piece.style {
                    spans[spans.count - 1].text.append(piece.character)
                } else {
                    spans.append(StyledSpan(String(piece.character), piece.style))
                }
            }
            return spans
        }
    }
}

extension CellGrid {
    /// Draws styled spans on one row from `position`, at most `width` columns; returns the
    /// columns used. Sanitise untrusted text first, as for `write(_:at:)`.
    @discardableResult
    public mutating func write(_ spans: [StyledSpan], at position: Position, width: Int) -> Int {
        var used = 0
        for span in spans where used < width {
            used += write(span.text, at: Position(x: position.x + used, y: position.y), width: width - used, style: span.style)
        }
        return used
    }
}
