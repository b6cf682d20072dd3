/// Makes untrusted text (model output, imported files) safe to draw by making every control
/// character **visible**: nothing in the text can move the cursor, clear the screen, retitle
/// the window, write the clipboard (OSC 52) or hide part of itself, and a person still sees
/// that the text holds such bytes (the filters reject it for them: `control-characters`).
///
/// Each control scalar is drawn as a stand-in (`picture(of:)`), the rest of an escape
/// sequence as the plain text it is, so `ESC ] 0 ; pwned BEL` reads `␛]0;pwned␇`:
/// - C0 controls as the Unicode control pictures (U+2400 + byte: `␛`, `␇`, `␀`), DEL as `␡`;
/// - C1 controls (U+0080...U+009F) as `<U+009B>`;
/// - bidirectional overrides and isolates (U+202A...U+202E, U+2066...U+2069), which can make
///   text read differently from what it is ("Trojan Source"), as `<U+202E>`.
///
/// Line ends (LF, CRLF, U+2028/U+2029) and tabs are layout, not hidden bytes: they become
/// breaks or spaces as each function says. A lone carriage return is a control (on a
/// terminal it lets text overwrite itself) and shows as `␍`.
public enum TextSanitizer {
    /// Text for one line of the screen: tabs and line breaks become single spaces.
    public static func singleLine(_ text: String) -> String {
        sanitize(text, layout: .singleLine)
    }

    /// Text that may span lines: line breaks (LF, CRLF, U+2028/U+2029) become "\n"; tabs
    /// expand to spaces up to the next multiple of `tabWidth` columns.
    public static func multiline(_ text: String, tabWidth: Int = 4) -> String {
        sanitize(text, layout: .multiline(tabWidth: max(1, tabWidth)))
    }

    /// Text for a command's output on a terminal: tabs and line breaks (LF, CRLF) kept as
    /// they are, every other control made visible.
    public static func printable(_ text: String) -> String {
        sanitize(text, layout: .asIs)
    }

    /// `singleLine(_:)` of no more of `text` than can show in `columns` cells, so a record of
    /// megabytes costs what one screen line does.
    public static func singleLine(_ text: String, columns: Int) -> String {
        singleLine(head(of: text, characters: 2 * max(0, columns) + 16))
    }

    /// `multiline(_:tabWidth:)` of no more of `text` than can fill `lines` lines of `columns`
    /// cells (each line holds at most `columns` characters and a break).
    public static func multiline(_ text: String, lines: Int, columns: Int, tabWidth: Int = 4) -> String {
        multiline(head(of: text, characters: 2 * max(0, lines) * (max(0, columns) + 1) + 16), tabWidth: tabWidth)
    }

    /// The visible stand-in for `scalar` if it is a control (C0 other than tab and line
    /// feed, DEL, C1, a bidirectional override or isolate), else nil.
    public static func picture(of scalar: Unicode.Scalar) -> String? {
        switch scalar.value {
        case 0x09, 0x0A: nil
        case 0x00..<0x20: String(Unicode.Scalar(0x2400 + scalar.value)!)
        case 0x7F: "␡"
        case 0x80..<0xA0, 0x202A...0x202E, 0x2066...0x2069: codePoint(scalar)
        default: nil
        }
    }

    /// `<U+009B>`: the code point, four hex digits at least.
    private static func codePoint(_ scalar: Unicode.Scalar) -> String {
        let hex = String(scalar.value, radix: 16, uppercase: true)
        return "<U+" + String(repeating: "0", count: max(0, 4 - hex.count)) + hex + ">"
    }

    /// The first `characters` characters of `text` (twice what a screen can show leaves room
    /// for zero-width marks); a short text is returned as it is, without counting.
    private static func head(of text: String, characters: Int) -> String {
        text.utf8.count <= characters ? text : String(text.prefix(characters))
    }

    /// Whether the text needs no change: printable ASCII only. The common case, checked
    /// without building a new string.
    @inline(__always)
    private static func isPlainASCII(_ text: String) -> Bool {
        text.utf8.allSatisfy { $0 >= 0x20 && $0 < 0x7F }
    }

    /// What line breaks and tabs become.
    private enum Layout {
        case singleLine
        case multiline(tabWidth: Int)
        case asIs
    }

    private static func sanitize(_ text: String, layout: Layout) -> String {
        if isPlainASCII(text) { return text }
        let scalars = Array(text.unicodeScalars)
        var output = String.UnicodeScalarView()
        var column = 0

        func append(_ text: String) {
            output.append(contentsOf: text.unicodeScalars)
            column += text.unicodeScalars.count
        }
        func lineBreak() {
            switch layout {
            case .singleLine: output.append(" ")
            case .multiline, .asIs:
                output.append("\n")
                column = 0
            }
        }

        for (index, scalar) in scalars.enumerated() {
            switch scalar.value {
            case 0x0A:
                // The LF of a CRLF was already emitted as the CR's break.
                if index == 0 || scalars[index - 1] != "\r" { lineBreak() }
            case 0x0D where index + 1 < scalars.count && scalars[index + 1] == "\n":
                lineBreak()
            case 0x09:
                switch layout {
                case .singleLine: output.append(" ")
                case .multiline(let tabWidth):
                    let spaces = tabWidth - column % tabWidth
                    output.append(contentsOf: repeatElement(" ", count: spaces))
                    column += spaces
                case .asIs: output.append("\t")
                }
            case 0x2028, 0x2029: lineBreak()
            default:
                if let picture = picture(of: scalar) {
                    append(picture)
                } else {
                    output.append(scalar)
                    column += DisplayWidth.of(scalar) ?? 1
                }
            }
        }
        return String(output)
    }
}
