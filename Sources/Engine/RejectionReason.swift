import Foundation
import Pool

/// Why a generated instruction was refused: which filter, with which value, in words a person
/// reads in the workbench and the log.
public struct RejectionReason: Sendable, Hashable, CustomStringConvertible {
    private enum Kind: Sendable, Hashable {
        case cutOff(wholeCompletion: Bool)
        case malformed(number: Int)
        case empty
        case controlCharacters(String)
        case tooShort(words: Int, allowed: ClosedRange<Int>)
        case tooLong(words: Int, allowed: ClosedRange<Int>)
        case keyword(String)
        case writeAProgram
        case punctuation(String)
        case nonASCII(String)
        case similar(to: String, score: Double, threshold: Double)
    }

    private let kind: Kind

    private init(_ kind: Kind) {
        self.kind = kind
    }

    /// Self-Instruct: the completion stopped at `max_tokens`, so all of its items are dropped.
    public static let completionCutOff = RejectionReason(.cutOff(wholeCompletion: true))
    /// Alpaca: the completion stopped at `max_tokens` and this, its last item, is dropped.
    public static let lastItemCutOff = RejectionReason(.cutOff(wholeCompletion: false))
    /// Alpaca: item `number` did not split into exactly one Instruction, Input and Output.
    public static func malformed(number: Int) -> RejectionReason { RejectionReason(.malformed(number: number)) }
    /// Nothing left after whitespace was stripped.
    public static let empty = RejectionReason(.empty)
    /// Holds a control character (`codePoint`, e.g. `U+001B` for ESC): text that would act on
    /// a terminal instead of showing, so a person could not review it as written.
    public static func controlCharacters(_ codePoint: String) -> RejectionReason { RejectionReason(.controlCharacters(codePoint)) }
    /// Fewer words than allowed.
    public static func tooShort(words: Int, allowed: ClosedRange<Int>) -> RejectionReason {
        RejectionReason(.tooShort(words: words, allowed: allowed))
    }
    /// More words than allowed.
    public static func tooLong(words: Int, allowed: ClosedRange<Int>) -> RejectionReason {
        RejectionReason(.tooLong(words: words, allowed: allowed))
    }
    /// Contains a refused keyword as a whole word.
    public static func keyword(_ word: String) -> RejectionReason { RejectionReason(.keyword(word)) }
    /// Starts with "Write a program" (reference §1.2: the model kept bolting it onto tasks).
    public static let writeAProgram = RejectionReason(.writeAProgram)
    /// Starts with an ASCII punctuation character.
    public static func punctuation(_ first: String) -> RejectionReason { RejectionReason(.punctuation(first)) }
    /// Starts with a character outside ASCII.
    public static func nonASCII(_ first: String) -> RejectionReason { RejectionReason(.nonASCII(first)) }
    /// Its ROUGE-L F against `instruction` is above the threshold (computed by the engine).
    public static func similar(to instruction: String, score: Double, threshold: Double) -> RejectionReason {
        RejectionReason(.similar(to: instruction, score: score, threshold: threshold))
    }

    /// A stable short name for the filter, for storage and grouping: `cut-off`, `malformed`,
    /// `empty`, `control-characters`, `too-short`, `too-long`, `keyword`, `write-a-program`,
    /// `punctuation`, `non-ascii` or `similarity`.
    public var name: String {
        switch kind {
        case .cutOff: "cut-off"
        case .malformed: "malformed"
        case .empty: "empty"
        case .controlCharacters: "control-characters"
        case .tooShort: "too-short"
        case .tooLong: "too-long"
        case .keyword: "keyword"
        case .writeAProgram: "write-a-program"
        case .punctuation: "punctuation"
        case .nonASCII: "non-ascii"
        case .similar: "similarity"
        }
    }

    /// The value that failed the filter, if it has one: the word count, the keyword, the
    /// first character, the control's code point, or the similarity score (shortest
    /// round-trip form).
    public var value: String? {
        switch kind {
        case .cutOff, .empty, .writeAProgram: nil
        case .malformed(let number): "\(number)"
        case .tooShort(let words, _), .tooLong(let words, _): "\(words)"
        case .keyword(let word): word
        case .punctuation(let first), .nonASCII(let first): first
        case .controlCharacters(let codePoint): codePoint
        case .similar(_, let score, _): "\(score)"
        }
    }

    /// For similarity rejections, the most similar pool instruction and its score.
    public var nearest: (instruction: String, score: Double)? {
        if case .similar(let instruction, let score, _) = kind { return (instruction, score) }
        return nil
    }

    /// A few words for a list column, e.g. `similar .82`, `keyword image`, `too short (3)`;
    /// `description` says it in full.
    public var label: String {
        switch kind {
        case .cutOff: "cut off"
        case .malformed: "malformed"
        case .empty: "empty"
        case .controlCharacters(let codePoint): "control \(codePoint)"
        case .tooShort(let words, _): "too short (\(words))"
        case .tooLong(let words, _): "too long (\(words))"
        case .keyword(let word): "keyword \(word)"
        case .writeAProgram: "write a program"
        case .punctuation(let first): "punctuation \(first)"
        case .nonASCII(let first): "non-ASCII \(first)"
        case .similar(_, let score, let threshold):
            "similar " + { $0.hasPrefix("0.") ? String($0.dropFirst()) : $0 }(scoreText(score, threshold))
        }
    }

    /// The reason in words, e.g. `too short: 3 words (needs 4–150)`.
    public var description: String {
        switch kind {
        case .cutOff(wholeCompletion: true):
            return "cut off by length: the whole completion is dropped"
        case .cutOff(wholeCompletion: false):
            return "cut off by length: the last item is dropped"
        case .malformed(let number):
            return "item \(number) lacks exactly one Instruction, Input and Output"
        case .empty:
            return "empty"
        case .controlCharacters(let codePoint):
            return "contains the control character \(codePoint), which a terminal would act on instead of showing"
        case .tooShort(let words, let allowed):
            return "too short: \(wordCount(words)) (needs \(allowed.lowerBound)–\(allowed.upperBound))"
        case .tooLong(let words, let allowed):
            return "too long: \(wordCount(words)) (needs \(allowed.lowerBound)–\(allowed.upperBound))"
        case .keyword(let word):
            return "keyword \"\(word)\""
        case .writeAProgram:
            return "starts with \"Write a program\""
        case .punctuation(let first):
            return "starts with punctuation \"\(first)\""
        case .nonASCII(let first):
            return "starts with a non-ASCII character \"\(first)\""
        case .similar(let instruction, let score, let threshold):
            return "similar to \"\(excerpt(instruction))\" at \(scoreText(score, threshold)) (> \(String(format: "%.2f", threshold)))"
        }
    }

    private func wordCount(_ words: Int) -> String {
        words == 1 ? "1 word" : "\(words) words"
    }

    /// Two decimals, unless that would not show the score above the threshold (the 0.7 edge,
    /// where 0.7000000000000001 is refused): then every digit.
    private func scoreText(_ score: Double, _ threshold: Double) -> String {
        let short = String(format: "%.2f", score)
        return Double(short)! > threshold ? short : "\(score)"
    }

    private func excerpt(_ text: String) -> String {
        text.count <= 60 ? text : text.prefix(59) + "…"
    }
}

extension RejectionReason {
    /// The reason as the pool stores it: the filter's name and the value it saw, and for
    /// similarity the neighbour's text.
    public var statusReason: StatusReason {
        switch kind {
        case .cutOff: StatusReason(kind: .cutOff, note: description)
        case .malformed(let number): StatusReason(kind: .malformed, value: .number(Double(number)))
        case .empty: StatusReason(kind: .empty)
        case .controlCharacters(let codePoint): StatusReason(kind: .controlCharacters, value: .text(codePoint))
        case .tooShort(let words, _), .tooLong(let words, _): .length(words: words)
        case .keyword(let word): .keyword(word)
        case .writeAProgram: StatusReason(kind: .prefix, value: .text("Write a program"))
        case .punctuation(let first): StatusReason(kind: .punctuation, value: .text(first))
        case .nonASCII(let first): StatusReason(kind: .nonASCII, value: .text(first))
        case .similar(let instruction, let score, _): .similarity(score, to: instruction)
        }
    }
}
