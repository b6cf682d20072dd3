/// What the cheap filters need to know of a normalised instruction, gathered in one pass
/// over its scalars: the first scalar, whether it starts with "Write a program", the word
/// count, and which refused keywords occur. Keeps a window of a few scalars, not the text,
/// so a 10 MB instruction costs one read and no copy.
struct InstructionScan {
    /// The first scalar; nil for an empty instruction.
    private(set) var first: Unicode.Scalar?
    /// `len(s.split())`.
    private(set) var wordCount = 0
    /// Whether the instruction starts with "Write a program" (case-sensitive).
    var startsWithWriteAProgram: Bool { prefixMatched == Self.writeAProgram.count }
    /// The first keyword, in the given order, that occurs as a whole word in any case.
    var firstKeyword: String? { keywords.indices.first { found[$0] }.map { String(String.UnicodeScalarView(keywords[$0])) } }

    private static let writeAProgram = Array("Write a program".unicodeScalars)
    private let keywords: [[Unicode.Scalar]]
    private var found: [Bool]
    /// Scalars of "Write a program" matched so far, or -1 once one did not match.
    private var prefixMatched = 0
    /// The last `window.count` scalars read, as a ring: enough for the longest keyword
    /// and the scalar before it.
    private var window: [Unicode.Scalar]
    private var read = 0
    private var inWord = false

    /// Scans `scalars` for `keywords` (ASCII words starting and ending with a letter, as
    /// `Python.containsWholeWord` takes them).
    init(_ scalars: some Sequence<Unicode.Scalar>, keywords: [String]) {
        self.keywords = keywords.map { Array($0.unicodeScalars) }
        found = Array(repeating: false, count: keywords.count)
        window = Array(repeating: " ", count: (self.keywords.map(\.count).max() ?? 0) + 1)
        for scalar in scalars { add(scalar) }
        matchKeywords()
    }

    private mutating func add(_ scalar: Unicode.Scalar) {
        if first == nil { first = scalar }
        if prefixMatched >= 0 && prefixMatched < Self.writeAProgram.count {
            prefixMatched = scalar == Self.writeAProgram[prefixMatched] ? prefixMatched + 1 : -1
        }
        if Python.isWhitespace(scalar) {
            inWord = false
        } else if !inWord {
            inWord = true
            wordCount += 1
        }
        // A keyword ends with a letter, so a match can end only before a non-word scalar.
        if !Python.isWordCharacter(scalar) { matchKeywords() }
        window[read % window.count] = scalar
        read += 1
    }

    /// Notes each keyword that the scalars read so far end with, when the scalar before it
    /// is no word character (or there is none). Called where the next scalar is no word
    /// character either, or at the end.
    private mutating func matchKeywords() {
        for (k, keyword) in keywords.enumerated() where !found[k] && read >= keyword.count {
            let start = read - keyword.count
            if start > 0 && Python.isWordCharacter(window[(start - 1) % window.count]) { continue }
            var matches = true
            for (offset, letter) in keyword.enumerated() where !Python.ignoreCaseEqual(window[(start + offset) % window.count], letter) {
                matches = false
                break
            }
            found[k] = matches
        }
    }
}
