import Foundation

/// One of a recipe's instruction filters applied to one text: which filter, the value it
/// saw, and whether the text passed it.
public enum FilterCheck: Sendable, Hashable, CustomStringConvertible {
    /// The code point of the first control character in the text (refused), else nil.
    case controlCharacters(found: String?)
    /// The word count (`len(s.split())`, as upstream counts) against the allowed bounds.
    case words(count: Int, allowed: ClosedRange<Int>)
    /// The first refused keyword found (in the recipe's order), nil if none is.
    case keywords(found: String?)
    /// Whether the text starts with "Write a program" (refused).
    case writeAProgram(starts: Bool)
    /// The first character when it is ASCII punctuation (refused), else nil.
    case punctuation(first: String?)
    /// The first character when it is outside ASCII (refused), else nil.
    case nonASCII(first: String?)
    /// The highest ROUGE-L F against the pool (nil when not scored) and the instruction it
    /// was reached with, against the threshold: strictly above it is refused.
    case similarity(best: Double?, nearest: String?, threshold: Double)

    /// Whether the text passes this filter.
    public var passed: Bool { rejection == nil }

    /// The reason the engine records when this filter refuses the text.
    public var rejection: RejectionReason? {
        switch self {
        case .controlCharacters(let found): return found.map(RejectionReason.controlCharacters)
        case .words(let count, let allowed):
            if count < allowed.lowerBound { return .tooShort(words: count, allowed: allowed) }
            return count > allowed.upperBound ? .tooLong(words: count, allowed: allowed) : nil
        case .keywords(let found): return found.map(RejectionReason.keyword)
        case .writeAProgram(let starts): return starts ? .writeAProgram : nil
        case .punctuation(let first): return first.map(RejectionReason.punctuation)
        case .nonASCII(let first): return first.map(RejectionReason.nonASCII)
        case .similarity(let best, let nearest, let threshold):
            guard let best, best > threshold else { return nil }
            return .similar(to: nearest ?? "", score: best, threshold: threshold)
        }
    }

    /// E.g. `words 7 ✓`, `keyword "video" ✗`, `similarity .82 > .70 ✗`.
    public var description: String {
        let mark = passed ? "✓" : "✗"
        switch self {
        case .controlCharacters(let found):
            return found.map { "control character \($0) \(mark)" } ?? "control characters \(mark)"
        case .words(let count, let allowed):
            return passed ? "words \(count) \(mark)" : "words \(count) \(mark) (needs \(allowed.lowerBound)–\(allowed.upperBound))"
        case .keywords(let found):
            return found.map { "keyword \"\($0)\" \(mark)" } ?? "keywords \(mark)"
        case .writeAProgram:
            return "starts with \"Write a program\" \(mark)"
        case .punctuation(let first):
            return "starts with punctuation \"\(first ?? "")\" \(mark)"
        case .nonASCII(let first):
            return "starts with a non-ASCII character \"\(first ?? "")\" \(mark)"
        case .similarity(let best, _, let threshold):
            guard let best else { return "similarity not scored" }
            return "similarity \(Self.score(best)) \(passed ? "≤" : ">") \(Self.score(threshold)) \(mark)"
        }
    }

    /// `.41`, `1.00`: two decimals, without the leading zero.
    private static func score(_ value: Double) -> String {
        let text = String(format: "%.2f", value)
        return text.hasPrefix("0.") ? String(text.dropFirst()) : text
    }
}

/// Every filter of a recipe applied to one text, and the verdict the engine would record:
/// what the workbench shows for a candidate or an edit in progress, so that an Alpaca pool
/// is judged by Alpaca's keywords, not Self-Instruct's.
public struct FilterVerdict: Sendable, Hashable, CustomStringConvertible {
    /// Each filter: control characters (ours), then upstream's in its order (words,
    /// keywords, "Write a program", punctuation, non-ASCII, similarity).
    public var checks: [FilterCheck]
    /// The reason the engine records: an empty text, else the first filter that fails.
    public var rejection: RejectionReason?

    /// Whether the text passes every filter.
    public var passed: Bool { rejection == nil }

    /// `words 7 ✓ · keywords ✓ · similarity .41 ≤ .70 ✓`; the control-character, prefix,
    /// punctuation and non-ASCII checks appear only when they fail.
    public var description: String {
        if rejection == .empty { return "empty ✗" }
        return checks.filter { check in
            switch check {
            case .controlCharacters, .writeAProgram, .punctuation, .nonASCII: !check.passed
            case .words, .keywords, .similarity: true
            }
        }.map(\.description).joined(separator: " · ")
    }
}

extension InstructionFilter {
    /// Every filter applied to `instruction` (as the parser leaves it), with the similarity
    /// of its nearest pool instruction if it was scored.
    public func verdict(for instruction: String, nearest: (text: String, score: Double)? = nil) -> FilterVerdict {
        verdict(first: instruction.unicodeScalars.first,
                controlCharacter: ControlCharacters.firstCodePoint(in: instruction),
                words: Python.wordCount(instruction),
                keyword: keywords.first { Python.containsWholeWord($0, in: instruction) },
                writeAProgram: instruction.unicodeScalars.starts(with: "Write a program".unicodeScalars),
                nearest: nearest)
    }

    /// The verdict from what the filters look at, in upstream order.
    func verdict(first: Unicode.Scalar?, controlCharacter: String?, words: Int, keyword: String?, writeAProgram: Bool,
                 nearest: (text: String, score: Double)?) -> FilterVerdict {
        let checks: [FilterCheck] = [
            .controlCharacters(found: controlCharacter),
            .words(count: words, allowed: wordCount),
            .keywords(found: keyword),
            .writeAProgram(starts: writeAProgram),
            .punctuation(first: first.flatMap { Python.isASCIIPunctuation($0) ? String($0) : nil }),
            .nonASCII(first: first.flatMap { $0.isASCII ? nil : String($0) }),
            .similarity(best: nearest?.score, nearest: nearest?.text, threshold: similarityThreshold),
        ]
        let rejection = first == nil ? .empty : checks.lazy.compactMap(\.rejection).first
        return FilterVerdict(checks: checks, rejection: rejection)
    }
}

extension Recipe {
    /// The verdict of this recipe's filters on `text` as a person wrote it (normalised as the
    /// parser normalises the model's items first), with `threshold` for the similarity of
    /// its nearest pool instruction. Pure: callable from any thread.
    ///
    /// One pass over `text`, normalising as it reads (`NormalisedScalars`) and building no
    /// copy, so a 10 MB record is judged in milliseconds; the same verdict as
    /// `InstructionFilter.verdict(for:)` on the normalised string.
    public func verdict(for text: String, nearest: (text: String, score: Double)? = nil, threshold: Double) -> FilterVerdict {
        var filter = InstructionFilter(recipe: self)
        filter.similarityThreshold = threshold
        let scan = InstructionScan(NormalisedScalars(text, recipe: self), keywords: keywords)
        return filter.verdict(first: scan.first, controlCharacter: scan.controlCharacter,
                              words: scan.wordCount, keyword: scan.firstKeyword,
                              writeAProgram: scan.startsWithWriteAProgram, nearest: nearest)
    }
}
