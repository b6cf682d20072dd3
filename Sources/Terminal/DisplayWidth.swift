import CNcursesw

/// How many terminal columns text occupies, by the same rules the cell grid lays it out
/// with, so that measuring and drawing always agree.
///
/// Single code points use the C library's `wcwidth`, which is what ncurses counts with (the
/// process must run in a UTF-8 locale). Multi-code-point emoji (ZWJ sequences such as 👩‍💻,
/// VS16 presentations such as ❤️, skin tones, flags) would measure as the sum of their parts,
/// which disagrees with what terminals draw; they count as 2 here, and the ncurses backend
/// draws them in a form whose width ncurses and the terminal agree on.
public enum DisplayWidth {
    /// The replacement drawn for anything a terminal cannot show safely: controls and code
    /// points the C library does not know.
    public static let replacement: Character = "\u{FFFD}"

    /// The columns a single code point takes: 0, 1 or 2; nil for controls and code points
    /// `wcwidth` calls unprintable.
    public static func of(_ scalar: Unicode.Scalar) -> Int? {
        let value = scalar.value
        if value >= 0x20 && value < 0x7F { return 1 }
        if value < 0x20 || (value >= 0x7F && value < 0xA0) { return nil }
        let width = Int(wcwidth(wchar_t(bitPattern: value)))
        return width < 0 ? nil : width
    }

    /// The columns a grapheme cluster takes in the grid: 0 (it is dropped), 1 or 2. A cluster
    /// holding a control or an unknown code point is drawn as `replacement`, width 1.
    public static func of(_ character: Character) -> Int {
        cellContent(for: character).width
    }

    /// The columns a string takes when drawn on one line.
    public static func of<S: StringProtocol>(_ text: S) -> Int {
        if let ascii = printableASCIIWidth(text.utf8) { return ascii }
        var total = 0
        for character in text { total += cellContent(for: character).width }
        return total
    }

    /// The string's width when it is printable ASCII only (one column per byte), else nil.
    @inline(__always)
    static func printableASCIIWidth<U: Sequence<UInt8>>(_ utf8: U) -> Int? {
        var count = 0
        for byte in utf8 {
            if byte < 0x20 || byte >= 0x7F { return nil }
            count += 1
        }
        return count
    }

    /// What the grid stores for a cluster: the text to draw and its width.
    static func cellContent(for character: Character) -> (text: String, width: Int) {
        let scalars = character.unicodeScalars
        var iterator = scalars.makeIterator()
        guard let first = iterator.next() else { return ("", 0) }
        guard let second = iterator.next() else {
            guard let width = of(first) else { return (String(replacement), 1) }
            return (String(character), width)
        }
        if isEmojiSequence(first: first, second: second, scalars: scalars) {
            return (String(character), 2)
        }
        var width = 0
        for scalar in scalars {
            guard let scalarWidth = of(scalar) else { return (String(replacement), 1) }
            width += scalarWidth
        }
        return (String(character), min(width, 2))
    }

    /// Whether a multi-code-point cluster is an emoji that terminals draw two columns wide.
    private static func isEmojiSequence(
        first: Unicode.Scalar, second: Unicode.Scalar, scalars: Character.UnicodeScalarView
    ) -> Bool {
        if isRegionalIndicator(first) { return isRegionalIndicator(second) }
        guard first.properties.isEmoji else { return false }
        for scalar in scalars.dropFirst() {
            if scalar == "\u{FE0F}" || scalar == "\u{200D}" || scalar.properties.isEmojiModifier {
                return true
            }
        }
        return false
    }

    /// Regional indicators (U+1F1E6...U+1F1FF) pair up into flags.
    private static func isRegionalIndicator(_ scalar: Unicode.Scalar) -> Bool {
        (0x1F1E6...0x1F1FF).contains(scalar.value)
    }
}
