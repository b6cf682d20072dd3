/// The scalars of `CompletionParser.normalise(text)` (whitespace collapsed if the recipe
/// says, stripped, then cased as the recipe says: the first letter title-cased, or all of
/// Python's `str.capitalize()`), produced one at a time from the
/// text without building the normalised string: the verdict on a 10 MB instruction reads
/// it in one pass, allocating nothing for scalars whose case does not change.
struct NormalisedScalars: Sequence, IteratorProtocol {
    private var source: String.UnicodeScalarView.Iterator
    private let collapses: Bool
    /// Whether the first scalar is title-cased.
    private let titlesFirst: Bool
    /// Whether the others are lower-cased too (`str.capitalize()`).
    private let capitalizes: Bool
    /// Whether whitespace was read since the last scalar handed out (collapsing: it becomes
    /// one space, handed out only if text follows).
    private var pendingSpace = false
    /// Whitespace read since the last scalar handed out (not collapsing), and how much of
    /// it is handed out already.
    private var whitespace: [Unicode.Scalar] = []
    private var whitespaceNext = 0
    /// The scalar to hand out once the whitespace before it is out.
    private var held: Unicode.Scalar?
    /// The rest of a case mapping of several scalars, to hand out after `held`.
    private var mappingRest: ArraySlice<Unicode.Scalar> = []
    /// What case mapping needs of a scalar: its lower-case mapping, and whether it is
    /// case-ignorable and cased (the final-sigma rule).
    private struct CaseTraits {
        var lowercase: [Unicode.Scalar]
        var ignorable: Bool
        var cased: Bool

        init(_ scalar: Unicode.Scalar) {
            let properties = scalar.properties
            lowercase = properties.changesWhenLowercased ? Array(properties.lowercaseMapping.unicodeScalars) : [scalar]
            ignorable = properties.isCaseIgnorable
            cased = properties.isCased
        }
    }

    /// The traits of the non-ASCII scalars met so far (most texts repeat a few): looked up
    /// once each, as a 10 MB text would ask millions of times.
    private var traits: [Unicode.Scalar: CaseTraits] = [:]
    /// Which ASCII scalars are case-ignorable, and which cased, as bits (taken from their
    /// properties once).
    private let asciiIgnorable = Self.asciiIgnorableBits, asciiCased = Self.asciiCasedBits
    /// Whether the first non-whitespace scalar has been read.
    private var started = false
    /// Whether the last scalar read that is not case-ignorable is cased (the final-sigma rule).
    private var afterCased = false

    /// The normalised scalars of `text` under `recipe`'s rules.
    init(_ text: String, recipe: Recipe) {
        source = text.unicodeScalars.makeIterator()
        collapses = recipe.collapsesWhitespace
        titlesFirst = recipe.casing != .unchanged
        capitalizes = recipe.casing == .pythonCapitalize
    }

    mutating func next() -> Unicode.Scalar? {
        if whitespaceNext < whitespace.count {
            defer { whitespaceNext += 1 }
            return whitespace[whitespaceNext]
        }
        if let scalar = held {
            held = nil
            return scalar
        }
        if let scalar = mappingRest.popFirst() { return scalar }
        if !whitespace.isEmpty {
            whitespace.removeAll(keepingCapacity: true)
            whitespaceNext = 0
        }
        while let scalar = source.next() {
            if Python.isWhitespace(scalar) {
                afterCased = false
                if started {
                    if collapses { pendingSpace = true } else { whitespace.append(scalar) }
                }
                continue
            }
            let first = !started
            started = true
            var out = scalar
            let value = scalar.value
            if capitalizes && value < 0x80 {
                // Integer tests: a range of scalars costs a generic call per test here.
                if first && value &- 0x61 < 26 { out = Unicode.Scalar(UInt8(value - 32)) }
                if !first && value &- 0x41 < 26 { out = Unicode.Scalar(UInt8(value + 32)) }
                if !Self.has(asciiIgnorable, value) { afterCased = Self.has(asciiCased, value) }
            } else if capitalizes {
                let traits = nonASCIITraits(scalar)
                out = caseMapped(scalar, lowercase: traits.lowercase, first: first)
                if !traits.ignorable { afterCased = traits.cased }
            } else if titlesFirst && first {
                out = caseMapped(scalar, lowercase: [scalar], first: true)
            }
            if pendingSpace {
                pendingSpace = false
                held = out
                return " "
            }
            if !whitespace.isEmpty {
                held = out
                whitespaceNext = 1
                return whitespace[0]
            }
            return out
        }
        return nil
    }

    /// A non-ASCII scalar title-cased (the first) or lower-cased (the others, to `lowercase`;
    /// Σ by the final-sigma rule); the rest of a mapping of several scalars goes to `mappingRest`.
    @inline(never)
    private mutating func caseMapped(_ scalar: Unicode.Scalar, lowercase: [Unicode.Scalar], first: Bool) -> Unicode.Scalar {
        if !first {
            if scalar == "\u{3A3}" { return isFinalSigma() ? "\u{3C2}" : "\u{3C3}" }
            if lowercase.count > 1 { mappingRest = lowercase[1...] }
            return lowercase[0]
        }
        guard scalar.properties.changesWhenTitlecased else { return scalar }
        let titlecase = Array(scalar.properties.titlecaseMapping.unicodeScalars)
        if titlecase.count > 1 { mappingRest = titlecase[1...] }
        return titlecase[0]
    }

    /// Kept out of line, as `caseMapped`: inlined, their property lookups' set-up would
    /// cost every ASCII scalar.
    @inline(never)
    private mutating func nonASCIITraits(_ scalar: Unicode.Scalar) -> CaseTraits {
        if let known = traits[scalar] { return known }
        let found = CaseTraits(scalar)
        traits[scalar] = found
        return found
    }

    private static let asciiIgnorableBits = asciiBits { $0.isCaseIgnorable }
    private static let asciiCasedBits = asciiBits { $0.isCased }

    private static func asciiBits(_ holds: (Unicode.Scalar.Properties) -> Bool) -> (UInt64, UInt64) {
        (0..<128).reduce((UInt64(0), UInt64(0))) { bits, value in
            guard holds(Unicode.Scalar(UInt8(value)).properties) else { return bits }
            return value < 64 ? (bits.0 | 1 << UInt64(value), bits.1) : (bits.0, bits.1 | 1 << UInt64(value - 64))
        }
    }

    private static func has(_ bits: (UInt64, UInt64), _ value: UInt32) -> Bool {
        (value < 64 ? bits.0 >> UInt64(value) : bits.1 >> UInt64(value - 64)) & 1 == 1
    }

    /// CPython's `handle_capital_sigma` for the Σ just read: a cased letter before it and
    /// none after it, skipping case-ignorable scalars (whitespace stops both looks).
    private func isFinalSigma() -> Bool {
        guard afterCased else { return false }
        var ahead = source
        while let next = ahead.next() {
            if !next.properties.isCaseIgnorable { return !next.properties.isCased }
        }
        return true
    }
}
