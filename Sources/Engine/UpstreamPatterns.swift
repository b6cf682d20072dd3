/// The upstream regular expressions, each written out as a matcher over Unicode scalars with
/// Python `re` semantics (`\d` any decimal digit, `\s` Python whitespace), and `re.split`.
///
/// Hand-written rather than Swift `Regex`: these patterns are tiny, their classes are
/// disjoint so greedy matching never needs to backtrack, and Swift's regex defaults
/// (grapheme clusters, its own `\s` and `\d`) differ from Python's in the corners that matter.
struct UpstreamPattern: Sendable {
    /// The length of the match starting at `index`, or nil. Never zero.
    let match: @Sendable (_ scalars: [Unicode.Scalar], _ index: Int) -> Int?

    /// `\n\d+\s?\. `: the separator between self-instruct list items (reference §1.2).
    static let listItemSeparator = UpstreamPattern { s, i in
        guard s[i] == "\n" else { return nil }
        var j = i + 1
        let digits = j
        while j < s.count && Python.isDecimalDigit(s[j]) { j += 1 }
        guard j > digits else { return nil }
        if j < s.count && Python.isWhitespace(s[j]) && j + 1 < s.count && s[j + 1] == "." { j += 1 }
        guard j + 1 < s.count, s[j] == ".", s[j + 1] == " " else { return nil }
        return j + 2 - i
    }

    /// `{number}\.\s+(Instruction|Input|Output):`: an Alpaca field label (reference §2).
    /// Unanchored, as upstream: "4. Input:" is also found inside "14. Input:".
    static func alpacaField(number: Int) -> UpstreamPattern {
        let prefix = Array("\(number).".unicodeScalars)
        let labels = ["Instruction:", "Input:", "Output:"].map { Array($0.unicodeScalars) }
        return UpstreamPattern { s, i in
            guard hasPrefix(prefix, in: s, at: i) else { return nil }
            var j = i + prefix.count
            let spaces = j
            while j < s.count && Python.isWhitespace(s[j]) { j += 1 }
            guard j > spaces else { return nil }
            for label in labels where hasPrefix(label, in: s, at: j) {
                return j + label.count - i
            }
            return nil
        }
    }

    /// `Example\s?\d*\.?`: the start of an input-first example block (reference §1.5).
    /// Matches inside longer words too ("Examples", "Counterexample"), as upstream does.
    static let exampleMarker = UpstreamPattern { s, i in
        guard hasPrefix(example, in: s, at: i) else { return nil }
        var j = i + example.count
        if j < s.count && Python.isWhitespace(s[j]) { j += 1 }
        while j < s.count && Python.isDecimalDigit(s[j]) { j += 1 }
        if j < s.count && s[j] == "." { j += 1 }
        return j - i
    }

    /// `Output\s*\d*\s*:`.
    static let outputLabel = numberedLabel("Output")

    /// `Input\s*\d*\s*:`.
    static let inputLabel = numberedLabel("Input")

    private static let example = Array("Example".unicodeScalars)

    private static func numberedLabel(_ word: String) -> UpstreamPattern {
        let word = Array(word.unicodeScalars)
        return UpstreamPattern { s, i in
            guard hasPrefix(word, in: s, at: i) else { return nil }
            var j = i + word.count
            while j < s.count && Python.isWhitespace(s[j]) { j += 1 }
            while j < s.count && Python.isDecimalDigit(s[j]) { j += 1 }
            while j < s.count && Python.isWhitespace(s[j]) { j += 1 }
            guard j < s.count, s[j] == ":" else { return nil }
            return j + 1 - i
        }
    }

    /// A plain substring, as `str.split(literal)` uses.
    static func literal(_ text: String) -> UpstreamPattern {
        let needle = Array(text.unicodeScalars)
        return UpstreamPattern { s, i in hasPrefix(needle, in: s, at: i) ? needle.count : nil }
    }

    private static func hasPrefix(_ prefix: [Unicode.Scalar], in s: [Unicode.Scalar], at i: Int) -> Bool {
        guard i + prefix.count <= s.count else { return false }
        for k in 0..<prefix.count where s[i + k] != prefix[k] { return false }
        return true
    }

    /// `re.split(pattern, text)`: the pieces between non-overlapping leftmost matches, and
    /// the matched texts (what a capturing group around the whole label would return).
    func split(_ text: String) -> (pieces: [String], separators: [String]) {
        let s = Array(text.unicodeScalars)
        var pieces: [String] = []
        var separators: [String] = []
        var pieceStart = 0
        var i = 0
        while i < s.count {
            if let length = match(s, i) {
                pieces.append(Self.string(s[pieceStart..<i]))
                separators.append(Self.string(s[i..<(i + length)]))
                i += length
                pieceStart = i
            } else {
                i += 1
            }
        }
        pieces.append(Self.string(s[pieceStart..<s.count]))
        return (pieces, separators)
    }

    /// `re.search(pattern, text) is not None`.
    func occurs(in text: String) -> Bool {
        split(text).separators.isEmpty == false
    }

    /// `re.sub("^" + pattern, "", text)`: removes a match at the very start, if any.
    func removingPrefixMatch(from text: String) -> String {
        let s = Array(text.unicodeScalars)
        guard !s.isEmpty, let length = match(s, 0) else { return text }
        return Self.string(s[length...])
    }

    private static func string(_ scalars: ArraySlice<Unicode.Scalar>) -> String {
        var view = String.UnicodeScalarView()
        view.append(contentsOf: scalars)
        return String(view)
    }
}
