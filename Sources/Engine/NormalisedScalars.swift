/// The scalars of `CompletionParser.normalise(text)` (whitespace collapsed if the recipe
/// says, stripped, then `str.capitalize()` if it says), produced one at a time from the
/// text without building the normalised string: the verdict on a 10 MB instruction reads
/// it in one pass, allocating nothing for scalars whose case does not change.
struct NormalisedScalars: Sequence, IteratorProtocol {
    private let scalars: String.UnicodeScalarView
    private var position: String.UnicodeScalarView.Index
    private let collapses: Bool
    private let capitalizes: Bool
    /// Whitespace read since the last scalar handed out: handed out only if text follows.
    private var whitespace: [Unicode.Scalar] = []
    /// Scalars ready to hand out (a whitespace run and the scalar after it, or the rest of
    /// a case mapping of several scalars).
    private var queue: [Unicode.Scalar] = []
    private var queued = 0
    /// Whether the first non-whitespace scalar has been read.
    private var started = false
    /// Whether the last scalar read that is not case-ignorable is cased (the final-sigma rule).
    private var afterCased = false

    /// The normalised scalars of `text` under `recipe`'s rules.
    init(_ text: String, recipe: Recipe) {
        scalars = text.unicodeScalars
        position = scalars.startIndex
        collapses = recipe.collapsesWhitespace
        capitalizes = recipe.capitalizes
    }

    mutating func next() -> Unicode.Scalar? {
        if queued < queue.count {
            defer { queued += 1 }
            return queue[queued]
        }
        while position < scalars.endIndex {
            let scalar = scalars[position]
            scalars.formIndex(after: &position)
            if Python.isWhitespace(scalar) {
                afterCased = false
                if started && (!collapses || whitespace.isEmpty) { whitespace.append(collapses ? " " : scalar) }
                continue
            }
            let first = !started
            started = true
            let mapping = capitalizes ? caseMapping(of: scalar, first: first) : nil
            if capitalizes { noteCase(of: scalar) }
            if whitespace.isEmpty && mapping == nil { return capitalizes ? asciiCased(scalar, first: first) : scalar }
            queue = whitespace + (mapping ?? [capitalizes ? asciiCased(scalar, first: first) : scalar])
            whitespace.removeAll(keepingCapacity: true)
            queued = 1
            return queue[0]
        }
        return nil
    }

    /// The scalar title-cased (the first) or lower-cased (the others), for ASCII scalars.
    private func asciiCased(_ scalar: Unicode.Scalar, first: Bool) -> Unicode.Scalar {
        if first && ("a"..."z").contains(scalar) { return Unicode.Scalar(scalar.value - 32)! }
        if !first && ("A"..."Z").contains(scalar) { return Unicode.Scalar(scalar.value + 32)! }
        return scalar
    }

    /// The case mapping of a non-ASCII scalar that changes (Σ by the final-sigma rule); nil
    /// for an ASCII scalar or one that stays as it is.
    private func caseMapping(of scalar: Unicode.Scalar, first: Bool) -> [Unicode.Scalar]? {
        guard !scalar.isASCII else { return nil }
        if !first && scalar == "\u{3A3}" { return [isFinalSigma() ? "\u{3C2}" : "\u{3C3}"] }
        let properties = scalar.properties
        guard first ? properties.changesWhenTitlecased : properties.changesWhenLowercased else { return nil }
        return Array((first ? properties.titlecaseMapping : properties.lowercaseMapping).unicodeScalars)
    }

    /// Whether each ASCII scalar is case-ignorable and whether it is cased, looked up once.
    private static let asciiCaseTraits = (0..<128).map { value in
        let properties = Unicode.Scalar(UInt8(value)).properties
        return (ignorable: properties.isCaseIgnorable, cased: properties.isCased)
    }

    /// Remembers whether `scalar` is cased, unless it is case-ignorable.
    private mutating func noteCase(of scalar: Unicode.Scalar) {
        if scalar.isASCII {
            let traits = Self.asciiCaseTraits[Int(scalar.value)]
            if !traits.ignorable { afterCased = traits.cased }
        } else if !scalar.properties.isCaseIgnorable {
            afterCased = scalar.properties.isCased
        }
    }

    /// CPython's `handle_capital_sigma` for the Σ just read: a cased letter before it and
    /// none after it, skipping case-ignorable scalars (whitespace stops both looks).
    private func isFinalSigma() -> Bool {
        guard afterCased else { return false }
        var ahead = position
        while ahead < scalars.endIndex && scalars[ahead].properties.isCaseIgnorable { scalars.formIndex(after: &ahead) }
        return ahead == scalars.endIndex || !scalars[ahead].properties.isCased
    }
}
