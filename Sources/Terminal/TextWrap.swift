/// Word wrapping by display width, for multi-line text in panes (a candidate's full
/// instruction, an instance's output).
public enum TextWrap {
    /// Breaks `text` into lines at most `width` columns wide: at spaces where it can, inside
    /// a word when the word alone is too wide, and at every "\n". Sanitise untrusted text
    /// first (`TextSanitizer.multiline`).
    public static func lines(of text: String, width: Int) -> [String] {
        guard width > 0 else { return [] }
        var result: [String] = []
        for paragraph in text.split(separator: "\n", omittingEmptySubsequences: false) {
            var line = ""
            var lineWidth = 0
            for word in paragraph.split(separator: " ", omittingEmptySubsequences: true) {
                var wordWidth = DisplayWidth.of(word)
                if lineWidth > 0 && lineWidth + 1 + wordWidth <= width {
                    line += " " + word
                    lineWidth += 1 + wordWidth
                    continue
                }
                if lineWidth > 0 {
                    result.append(line)
                    line = ""
                    lineWidth = 0
                }
                var rest = Substring(word)
                while wordWidth > width {
                    // Hard break: as many characters as fit.
                    var piece = ""
                    var pieceWidth = 0
                    while let character = rest.first {
                        let characterWidth = DisplayWidth.of(character)
                        if pieceWidth + characterWidth > width { break }
                        piece.append(character)
                        pieceWidth += characterWidth
                        rest.removeFirst()
                    }
                    if pieceWidth == 0 {
                        // A wide character in a 1-column pane: left out.
                        wordWidth -= DisplayWidth.of(rest.removeFirst())
                        continue
                    }
                    result.append(piece)
                    wordWidth -= pieceWidth
                }
                line = String(rest)
                lineWidth = wordWidth
            }
            result.append(line)
        }
        return result
    }
}
