/// The pieces of Python 3 string and `re` behaviour that the upstream scripts rely on, so
/// that our filters and parsers decide exactly as theirs do (reference §1.2, the **[py]**
/// notes).
///
/// Everything works on Unicode scalars, as Python does on code points; Swift's `Character`
/// (a grapheme cluster) would disagree with Python on text such as `"e\u{301}"`.
enum Python {
    /// `str.isspace()`, which is also what `\s`, `str.split()` and `str.strip()` use: the
    /// scalars whose bidirectional class is WS, B or S, or whose category is Zs.
    ///
    /// Differs from Unicode's White_Space property: U+001C…U+001F count here.
    static func isWhitespace(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x09...0x0D, 0x1C...0x20, 0x85, 0xA0, 0x1680, 0x2000...0x200A,
             0x2028, 0x2029, 0x202F, 0x205F, 0x3000:
            return true
        default:
            return false
        }
    }

    /// `\d` in a `str` pattern: any Unicode decimal digit (category Nd), not only 0–9.
    static func isDecimalDigit(_ scalar: Unicode.Scalar) -> Bool {
        scalar.properties.generalCategory == .decimalNumber
    }

    /// `\w` in a `str` pattern: letters (L*), characters with a numeric value, and `_`.
    ///
    /// Combining marks are not word characters, so `\b` falls between `e` and U+0301.
    /// In ASCII that is `[A-Za-z0-9_]`, decided without a property lookup: the verdict on
    /// a 10 MB instruction asks for every scalar.
    static func isWordCharacter(_ scalar: Unicode.Scalar) -> Bool {
        let value = scalar.value
        if value < 0x80 {
            // Integer tests: a range of scalars costs a generic call per test here.
            return (value | 0x20) &- 0x61 < 26 || value &- 0x30 < 10 || value == 0x5F
        }
        return hasWordCharacterProperties(scalar)
    }

    /// Kept out of line: inlined, its property lookups' set-up would cost every ASCII call.
    @inline(never)
    private static func hasWordCharacterProperties(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.properties.generalCategory {
        case .uppercaseLetter, .lowercaseLetter, .titlecaseLetter, .modifierLetter, .otherLetter:
            return true
        default:
            return scalar.properties.numericType != nil
        }
    }

    /// `string.punctuation`: the 32 ASCII punctuation characters.
    static func isASCIIPunctuation(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x21...0x2F, 0x3A...0x40, 0x5B...0x60, 0x7B...0x7E:
            return true
        default:
            return false
        }
    }

    /// `s.strip()`: removes Python whitespace from both ends.
    static func strip(_ text: some StringProtocol) -> String {
        let scalars = text.unicodeScalars
        guard let first = scalars.firstIndex(where: { !isWhitespace($0) }) else { return "" }
        let last = scalars.lastIndex(where: { !isWhitespace($0) })!
        return String(String.UnicodeScalarView(scalars[first...last]))
    }

    /// `s.rstrip(":")`: removes every trailing colon (and nothing else).
    static func stripTrailingColons(_ text: String) -> String {
        var scalars = Substring(text).unicodeScalars
        while scalars.last == ":" { scalars.removeLast() }
        return String(scalars)
    }

    /// `re.sub(r"\s+", " ", s)`: every whitespace run becomes one space (ends not stripped).
    static func collapseWhitespace(_ text: String) -> String {
        var out = String.UnicodeScalarView()
        var inRun = false
        for scalar in text.unicodeScalars {
            if isWhitespace(scalar) {
                if !inRun { out.append(" ") }
                inRun = true
            } else {
                out.append(scalar)
                inRun = false
            }
        }
        return String(out)
    }

    /// `len(s.split())`: the number of maximal runs of non-whitespace.
    static func wordCount(_ text: String) -> Int {
        var count = 0
        var inWord = false
        for scalar in text.unicodeScalars {
            if isWhitespace(scalar) {
                inWord = false
            } else if !inWord {
                inWord = true
                count += 1
            }
        }
        return count
    }

    /// `s.capitalize()` (Python ≥ 3.8): the first code point title-cased, **every other code
    /// point lower-cased**, with full case mappings (`ß` → `Ss`) and the final-sigma rule
    /// (`ΑΣ` → `Ας`), which Swift's `lowercased()` does not apply.
    static func capitalize(_ text: String) -> String {
        let scalars = Array(text.unicodeScalars)
        guard let first = scalars.first else { return "" }
        var out = first.properties.titlecaseMapping
        for i in 1..<scalars.count {
            if scalars[i] == "\u{3A3}" {
                out.unicodeScalars.append(isFinalSigma(at: i, in: scalars) ? "\u{3C2}" : "\u{3C3}")
            } else {
                out += scalars[i].properties.lowercaseMapping
            }
        }
        return out
    }

    /// CPython's `handle_capital_sigma`: Σ is final when a cased letter precedes it and none
    /// follows it, skipping case-ignorable scalars on both sides.
    private static func isFinalSigma(at index: Int, in scalars: [Unicode.Scalar]) -> Bool {
        var j = index - 1
        while j >= 0 && scalars[j].properties.isCaseIgnorable { j -= 1 }
        guard j >= 0 && scalars[j].properties.isCased else { return false }
        j = index + 1
        while j < scalars.count && scalars[j].properties.isCaseIgnorable { j += 1 }
        return j == scalars.count || !scalars[j].properties.isCased
    }

    /// Whether `text` contains `word` as `re.search(rf"\b({word})\b", text, re.IGNORECASE)`
    /// finds it, for an ASCII `word` that starts and ends with a letter.
    ///
    /// Under IGNORECASE Python compares simple lower-case forms, which also lets the Kelvin
    /// sign match `k`, `İ` and dotless `ı` match `i`, and long `ſ` match `s`. A space in `word`
    /// matches exactly one U+0020, so "go to" does not match "go  to".
    static func containsWholeWord(_ word: String, in text: String) -> Bool {
        let needle = Array(word.unicodeScalars)
        let haystack = Array(text.unicodeScalars)
        guard !needle.isEmpty, haystack.count >= needle.count else { return false }
        for start in 0...(haystack.count - needle.count) {
            if start > 0 && isWordCharacter(haystack[start - 1]) { continue }
            let end = start + needle.count
            if end < haystack.count && isWordCharacter(haystack[end]) { continue }
            var matches = true
            for k in 0..<needle.count where !ignoreCaseEqual(haystack[start + k], needle[k]) {
                matches = false
                break
            }
            if matches { return true }
        }
        return false
    }

    /// Python's IGNORECASE equality of a text scalar with an ASCII pattern scalar.
    private static func ignoreCaseEqual(_ scalar: Unicode.Scalar, _ ascii: Unicode.Scalar) -> Bool {
        let lowerPattern = asciiLower(ascii)
        switch scalar.value {
        case 0x212A: return lowerPattern == "k"  // KELVIN SIGN
        case 0x0130, 0x0131: return lowerPattern == "i"  // İ, ı
        case 0x017F: return lowerPattern == "s"  // ſ
        case 0..<0x80: return asciiLower(scalar) == lowerPattern
        default: return false
        }
    }

    private static func asciiLower(_ scalar: Unicode.Scalar) -> Unicode.Scalar {
        scalar.value &- 0x41 < 26 ? Unicode.Scalar(UInt8(scalar.value + 32)) : scalar
    }
}
