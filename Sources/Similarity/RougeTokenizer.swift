/// The tokenizer of the rouge-score package (`tokenize.tokenize`, no stemming), exactly.
///
/// rouge-score lower-cases the whole text with Python's full Unicode `str.lower()`, turns
/// every run of characters outside `[a-z0-9]` into a separator and keeps the runs. Only two
/// non-ASCII code points lower-case to something with ASCII letters: U+0130 (`İ` → `i` +
/// U+0307, a separator) and U+212A (Kelvin sign → `k`). Every other non-ASCII character,
/// letters and digits included, separates tokens (`Café` → `caf`).
public enum RougeTokenizer {
    /// Calls `body` with the bytes of each token of `text`, in order.
    ///
    /// The token buffer is only valid during the call. Allocates nothing for native strings.
    public static func forEachToken(
        in text: String, _ body: (UnsafeBufferPointer<UInt8>) throws -> Void
    ) rethrows {
        try scan(text) { token, _ in try body(token) }
    }

    /// The tokens of `text` with where each comes from in it: for showing the words a
    /// score counted. The same tokens, in the same order, as `tokens(of:)`.
    public static func tokensWithRanges(of text: String) -> [RougeToken] {
        var result: [RougeToken] = []
        scan(text) { token, bytes in
            let utf8 = text.utf8
            let lower = utf8.index(utf8.startIndex, offsetBy: bytes.lowerBound)
            let upper = utf8.index(lower, offsetBy: bytes.count)
            result.append(RougeToken(text: String(decoding: token, as: UTF8.self), range: lower..<upper))
        }
        return result
    }

    /// The tokenizer itself: calls `body` with each token's bytes and the UTF-8 offsets in
    /// `text` of the characters it came from (a token ends on a whole character: the two
    /// exceptional code points are inside the range of the token they feed).
    @inline(__always)
    private static func scan(
        _ text: String, _ body: (UnsafeBufferPointer<UInt8>, Range<Int>) throws -> Void
    ) rethrows {
        var text = text
        try text.withUTF8 { utf8 in
            try withUnsafeTemporaryAllocation(of: UInt8.self, capacity: max(utf8.count, 1)) { token in
                var length = 0
                var start = 0
                var i = 0
                let n = utf8.count
                func flush(upTo end: Int) throws {
                    if length > 0 {
                        try body(UnsafeBufferPointer(rebasing: token[0..<length]), start..<end)
                        length = 0
                    }
                }
                func append(_ byte: UInt8) {
                    if length == 0 { start = i }
                    token[length] = byte
                    length += 1
                }
                while i < n {
                    let byte = utf8[i]
                    switch byte {
                    case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "0")...UInt8(ascii: "9"):
                        append(byte)
                        i += 1
                    case UInt8(ascii: "A")...UInt8(ascii: "Z"):
                        append(byte | 0x20)
                        i += 1
                    case 0xC4 where i + 1 < n && utf8[i + 1] == 0xB0:
                        // U+0130 LATIN CAPITAL LETTER I WITH DOT ABOVE → "i" + U+0307 (a separator).
                        append(UInt8(ascii: "i"))
                        i += 2
                        try flush(upTo: i)
                    case 0xE2 where i + 2 < n && utf8[i + 1] == 0x84 && utf8[i + 2] == 0xAA:
                        // U+212A KELVIN SIGN → "k".
                        append(UInt8(ascii: "k"))
                        i += 3
                    default:
                        try flush(upTo: i)
                        i += 1
                    }
                }
                try flush(upTo: n)
            }
        }
    }

    /// The tokens of `text`, as strings (for display and tests; the hot path uses ids).
    public static func tokens(of text: String) -> [String] {
        var result: [String] = []
        forEachToken(in: text) { result.append(String(decoding: $0, as: UTF8.self)) }
        return result
    }

    /// Appends the ids of the tokens of `text` to `ids`, interning new tokens in `vocabulary`.
    public static func appendTokenIDs(
        of text: String, to ids: inout [TokenVocabulary.TokenID], vocabulary: inout TokenVocabulary
    ) {
        forEachToken(in: text) { ids.append(vocabulary.intern($0)) }
    }
}

/// A token of a text as ROUGE-L sees it, and the characters of the text it came from.
public struct RougeToken: Sendable, Hashable {
    /// The token: lower-case ASCII letters and digits.
    public var text: String
    /// The characters it came from, in the original text (`Ca` of `Café`, `İ` of `İstanbul`).
    public var range: Range<String.Index>

    /// A token and where it came from.
    public init(text: String, range: Range<String.Index>) {
        self.text = text
        self.range = range
    }
}
