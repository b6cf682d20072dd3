/// The bytes a candidate's text must not hold: terminal controls that would act on a screen
/// instead of showing, and that a person reviewing the text could not see.
enum ControlCharacters {
    /// The first control in `text`: a C0 control other than tab and line feed (a carriage
    /// return ending a CRLF line counts as part of the line end), DEL, or a C1 control
    /// (U+0080…U+009F); nil when there is none. Escape sequences start with ESC, a C0 control.
    static func first(in text: String) -> Unicode.Scalar? {
        var pendingCarriageReturn = false
        for scalar in text.unicodeScalars {
            if pendingCarriageReturn {
                guard scalar == "\n" else { return "\r" }
                pendingCarriageReturn = false
                continue
            }
            switch scalar.value {
            case 0x09, 0x0A: continue
            case 0x0D: pendingCarriageReturn = true
            case 0x00..<0x20, 0x7F..<0xA0: return scalar
            default: continue
            }
        }
        return pendingCarriageReturn ? "\r" : nil
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
