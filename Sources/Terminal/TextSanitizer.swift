/// Makes untrusted text (model output, imported files) safe to draw: removes terminal
/// control and escape sequences so that nothing in the text can move the cursor, clear the
/// screen, retitle the window, write the clipboard (OSC 52) or hide part of itself.
///
/// Sequences are parsed as a terminal would (ECMA-48), so a whole sequence disappears rather
/// than leaving its parameters behind as visible debris:
/// - CSI (`ESC [` or C1 `0x9B`) up to its final byte;
/// - OSC, DCS, SOS, PM and APC strings (`ESC ]`, `ESC P`, `ESC X`, `ESC ^`, `ESC _` or their
///   C1 forms) up to ST (`ESC \` or C1 `0x9C`) or BEL; an unterminated one runs to the end of
///   the text, as it would swallow it on a terminal; CAN and SUB abort any sequence;
/// - other escape sequences (`ESC 7`, `ESC c`, `ESC ( B`), and a lone ESC;
/// - the remaining C0 and C1 controls and DEL;
/// - bidirectional overrides and isolates (U+202A...U+202E, U+2066...U+2069), which can make
///   text read differently from what it is ("Trojan Source").
public enum TextSanitizer {
    /// Text for one line of the screen: tabs, line and paragraph breaks and carriage returns
    /// become single spaces (a carriage return must not let text overwrite itself).
    public static func singleLine(_ text: String) -> String {
        sanitize(text, keepsLineBreaks: false)
    }

    /// Text that may span lines: line breaks (LF, CRLF, a lone CR, U+2028/U+2029) become
    /// "\n"; tabs expand to spaces up to the next multiple of `tabWidth` columns.
    public static func multiline(_ text: String, tabWidth: Int = 4) -> String {
        sanitize(text, keepsLineBreaks: true, tabWidth: max(1, tabWidth))
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

    /// The first `characters` characters of `text` (twice what a screen can show leaves room
    /// for zero-width marks and stripped sequences); a short text is returned as it is,
    /// without counting its characters.
    private static func head(of text: String, characters: Int) -> String {
        text.utf8.count <= characters ? text : String(text.prefix(characters))
    }

    /// Whether the text needs no change: printable ASCII only. The common case, checked
    /// without building a new string.
    @inline(__always)
    private static func isPlainASCII(_ text: String) -> Bool {
        text.utf8.allSatisfy { $0 >= 0x20 && $0 < 0x7F }
    }

    private enum State {
        case ground
        case escape
        case escapeIntermediate
        case controlSequence
        case controlString
        case controlStringEscape
    }

    private static func sanitize(_ text: String, keepsLineBreaks: Bool, tabWidth: Int = 4) -> String {
        if isPlainASCII(text) { return text }
        var output = String.UnicodeScalarView()
        var state = State.ground
        var column = 0
        var previousWasCarriageReturn = false

        func emitLineBreak() {
            if keepsLineBreaks {
                output.append("\n")
                column = 0
            } else {
                output.append(" ")
            }
        }

        func ground(_ scalar: Unicode.Scalar) {
            let value = scalar.value
            let wasCarriageReturn = previousWasCarriageReturn
            previousWasCarriageReturn = false
            switch value {
            case 0x20..<0x7F:
                output.append(scalar)
                column += 1
            case 0x0A:
                // The LF of a CRLF was already emitted as the CR's break.
                if !wasCarriageReturn { emitLineBreak() }
            case 0x0D:
                emitLineBreak()
                previousWasCarriageReturn = true
            case 0x09:
                if keepsLineBreaks {
                    let spaces = tabWidth - column % tabWidth
                    output.append(contentsOf: repeatElement(" ", count: spaces))
                    column += spaces
                } else {
                    output.append(" ")
                }
            case 0x1B: state = .escape
            case 0x9B: state = .controlSequence
            case 0x9D, 0x90, 0x98, 0x9E, 0x9F: state = .controlString
            case 0x00..<0x20, 0x7F..<0xA0: break
            case 0x2028, 0x2029: emitLineBreak()
            case 0x202A...0x202E, 0x2066...0x2069: break
            default:
                output.append(scalar)
                column += DisplayWidth.of(scalar) ?? 1
            }
        }

        for scalar in text.unicodeScalars {
            let value = scalar.value
            // CAN and SUB abort any sequence in progress, on a terminal as here.
            if value == 0x18 || value == 0x1A {
                state = .ground
                continue
            }
            switch state {
            case .ground:
                break
            case .escape:
                switch value {
                case 0x5B: state = .controlSequence  // [
                case 0x5D, 0x50, 0x58, 0x5E, 0x5F: state = .controlString  // ] P X ^ _
                case 0x20...0x2F: state = .escapeIntermediate
                case 0x30...0x7E: state = .ground  // a complete two-character sequence
                case 0x1B: state = .escape
                default:
                    // A lone ESC: drop it and treat this character normally.
                    state = .ground
                    ground(scalar)
                }
                continue
            case .escapeIntermediate:
                switch value {
                case 0x20...0x2F: break
                case 0x30...0x7E: state = .ground
                default:
                    state = .ground
                    ground(scalar)
                }
                continue
            case .controlSequence:
                switch value {
                case 0x20...0x3F: break  // parameters and intermediates
                case 0x40...0x7E: state = .ground  // final byte
                default:
                    state = .ground
                    ground(scalar)
                }
                continue
            case .controlString:
                if value == 0x07 || value == 0x9C { state = .ground }
                else if value == 0x1B { state = .controlStringEscape }
                continue
            case .controlStringEscape:
                // ESC \ is ST; ESC followed by anything else stays inside the string.
                state = value == 0x5C ? .ground : (value == 0x1B ? .controlStringEscape : .controlString)
                continue
            }
            ground(scalar)
        }
        return String(output)
    }
}
