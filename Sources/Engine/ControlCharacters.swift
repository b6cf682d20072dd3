/// The bytes a candidate's text must not hold: terminal controls that would act on a screen
/// instead of showing, and that a person reviewing the text could not see.
enum ControlCharacters {
    /// The first control in `text`: a C0 control other than tab and line feed (a carriage
    /// return ending a CRLF line counts as part of the line end), DEL, or a C1 control
    /// (U+0080…U+009F); nil when there is none. Escape sequences start with ESC, a C0 control.
    static func first(in text: String) -> Unicode.Scalar? {
        var scanner = ControlCharacterScanner()
        for scalar in text.unicodeScalars where scanner.found == nil { scanner.feed(scalar) }
        return scanner.finish()
    }

    /// `U+001B`: how a reason names the control, in plain printable text.
    static func codePoint(_ scalar: Unicode.Scalar) -> String {
        let hex = String(scalar.value, radix: 16, uppercase: true)
        return "U+" + String(repeating: "0", count: max(0, 4 - hex.count)) + hex
    }

    /// `codePoint` of the first control in `text`, or nil.
    static func firstCodePoint(in text: String) -> String? {
        first(in: text).map(codePoint)
    }
}

/// The rule of `ControlCharacters.first(in:)` for scalars fed one at a time, so that a scan
/// reading a text for other reasons finds its first control on the way.
struct ControlCharacterScanner {
    /// The first control fed, once found.
    private(set) var found: Unicode.Scalar?
    /// A carriage return was fed last: part of a CRLF line end if a line feed follows.
    private var pendingCarriageReturn = false

    /// Takes the next scalar.
    mutating func feed(_ scalar: Unicode.Scalar) {
        guard found == nil else { return }
        if pendingCarriageReturn {
            pendingCarriageReturn = false
            if scalar != "\n" { found = "\r" }
            return
        }
        switch scalar.value {
        case 0x09, 0x0A: break
        case 0x0D: pendingCarriageReturn = true
        case 0x00..<0x20, 0x7F..<0xA0: found = scalar
        default: break
        }
    }

    /// The first control, once every scalar has been fed (a carriage return at the very end
    /// is one).
    mutating func finish() -> Unicode.Scalar? {
        if found == nil && pendingCarriageReturn { found = "\r" }
        return found
    }
}
