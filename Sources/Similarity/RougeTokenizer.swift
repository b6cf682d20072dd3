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
        var text = text
        try text.withUTF8 { utf8 in
            try withUnsafeTemporaryAllocation(of: UInt8.self, capacity: max(utf8.count, 1)) { token in
                var length = 0
                var i = 0
                let n = utf8.count
                func flush() throws {
                    if length > 0 {
                        try body(UnsafeBufferPointer(rebasing: token[0..<length]))
                        length = 0
                    }
                }
                while i < n {
                    let byte = utf8[i]
                    switch byte {
                    case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "0")...UInt8(ascii: "9"):
                        token[length] = byte
                        length += 1
                        i += 1
                    case UInt8(ascii: "A")...UInt8(ascii: "Z"):
                        token[length] = byte | 0x20
                        length += 1
                        i += 1
                    case 0xC4 where i + 1 < n && utf8[i + 1] == 0xB0:
                        // U+0130 LATIN CAPITAL LETTER I WITH DOT ABOVE → "i" + U+0307 (a separator).
                        token[length] = UInt8(ascii: "i")
                        length += 1
                        try flush()
                        i += 2
                    case 0xE2 where i + 2 < n && utf8[i + 1] == 0x84 && utf8[i + 2] == 0xAA:
                        // U+212A KELVIN SIGN → "k".
                        token[length] = UInt8(ascii: "k")
                        length += 1
                        i += 3
                    default:
                        try flush()
                        i += 1
                    }
                }
                try flush()
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
