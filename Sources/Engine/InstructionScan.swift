/// What the cheap filters need to know of a normalised instruction, gathered in one pass
/// over its scalars: the first scalar, whether it starts with "Write a program", the word
/// count, and which refused keywords occur. Keeps a ring of the last few scalars (as one
/// byte each), not the text, so a 10 MB instruction costs one read and no copy.
struct InstructionScan {
    /// The first scalar; nil for an empty instruction.
    let first: Unicode.Scalar?
    /// `len(s.split())`.
    let wordCount: Int
    /// Whether the instruction starts with "Write a program" (case-sensitive).
    let startsWithWriteAProgram: Bool
    /// The first keyword, in the given order, that occurs as a whole word in any case.
    let firstKeyword: String?
    /// The first control character (`ControlCharacters.first(in:)`), as a code point.
    let controlCharacter: String?

    /// Scans `scalars` for `keywords`: ASCII words that start and end with a letter, as
    /// `Python.containsWholeWord` takes them, and matched as it matches them.
    init(_ scalars: NormalisedScalars, keywords: [String]) {
        let patterns = keywords.map { $0.unicodeScalars.map(Self.code) }
        var found = [Bool](repeating: false, count: keywords.count)
        var first: Unicode.Scalar?
        var words = 0
        var prefix = Array("Write a program".unicodeScalars)[...]
        var prefixFailed = false
        var controls = ControlCharacterScanner()
        var size = 2
        while size <= (patterns.map(\.count).max() ?? 0) { size *= 2 }
        var ring = [UInt8](repeating: 0, count: size)
        ring.withUnsafeMutableBufferPointer { ring in
            var read = 0
            var inSplitWord = false
            var afterWordCharacter = false
            for scalar in scalars {
                if first == nil { first = scalar }
                controls.feed(scalar)
                if !prefixFailed, let expected = prefix.popFirst(), expected != scalar { prefixFailed = true }
                if Python.isWhitespace(scalar) {
                    inSplitWord = false
                } else if !inSplitWord {
                    inSplitWord = true
                    words += 1
                }
                let code = Self.code(scalar)
                let isWordCharacter = code & Self.wordBit != 0
                // A keyword ends with a letter: a match can end only where a run of them does.
                if afterWordCharacter && !isWordCharacter { Self.match(patterns, endingAt: read, in: ring, found: &found) }
                afterWordCharacter = isWordCharacter
                ring[read & (size - 1)] = code
                read += 1
            }
            if afterWordCharacter { Self.match(patterns, endingAt: read, in: ring, found: &found) }
        }
        self.first = first
        wordCount = words
        startsWithWriteAProgram = !prefixFailed && prefix.isEmpty
        firstKeyword = found.firstIndex(of: true).map { keywords[$0] }
        controlCharacter = controls.finish().map(ControlCharacters.codePoint)
    }

    /// Notes in `found` each keyword whose codes the ring ends with at `read`, after a code
    /// without `wordBit` (or none: the ring starts as zeros).
    private static func match(_ patterns: [[UInt8]], endingAt read: Int, in ring: UnsafeMutableBufferPointer<UInt8>, found: inout [Bool]) {
        let mask = ring.count - 1
        for (k, pattern) in patterns.enumerated() where !found[k] {
            let start = read - pattern.count
            guard ring[(start - 1) & mask] & wordBit == 0 else { continue }
            var matches = true
            for (offset, code) in pattern.enumerated() where ring[(start + offset) & mask] != code {
                matches = false
                break
            }
            found[k] = matches
        }
    }

    /// Set in a scalar's code when it is a word character (`\w`).
    private static let wordBit: UInt8 = 0x80

    /// A scalar as the ring keeps it: the ASCII letter Python's IGNORECASE matches it with
    /// (lower-cased ASCII, `k` for the Kelvin sign, `i` for `İ` and `ı`, `s` for `ſ`; 0 for
    /// other non-ASCII scalars, which match no keyword), with `wordBit` for a word character.
    private static func code(_ scalar: Unicode.Scalar) -> UInt8 {
        let value = scalar.value
        let letter: UInt32 = switch value {
        case 0x41...0x5A: value + 32
        case 0..<0x80: value
        case 0x212A: 0x6B
        case 0x130, 0x131: 0x69
        case 0x17F: 0x73
        default: 0
        }
        return UInt8(letter) | (Python.isWordCharacter(scalar) ? wordBit : 0)
    }
}
