import Foundation
import Pool
import VerbNoun

/// A filter on the Pool view; nil fields match everything.
///
/// Written and parsed as terms: `status=pending`, `reason=similarity` (records rejected for
/// similarity; `reason=person` any status a person gave), `round=3` or `round=3..5`,
/// `class=yes`, `sim>0.6` and `sim<0.3` on the nearest neighbour's ROUGE-L F,
/// `text~WORD` (the instruction contains WORD, case ignored), `why~WORD` (the reason's
/// value or a person's note contains it), `flag=NAME` (the record has that defect flag,
/// e.g. `flag=empty-output`, or `flag=any`), and `verb=LEMMA` / `noun=LEMMA` (the root verb
/// and its direct noun object, from the verb–noun analysis: `verb=write noun=poem`).
public struct PoolFilter: Sendable, Hashable, CustomStringConvertible {
    /// Only these statuses.
    public var status: RecordStatus?
    /// Only records whose reason has this kind; a filter's kind only on rejected records.
    public var reason: StatusReason.Kind?
    /// Only records from these rounds.
    public var rounds: ClosedRange<Int>?
    /// Only classification (true) or non-classification (false) tasks.
    public var classification: Bool?
    /// Only records whose nearest neighbour's F is above this.
    public var similarityAbove: Double?
    /// Only records whose nearest neighbour's F is below this.
    public var similarityBelow: Double?
    /// Only records whose instruction contains this, case and diacritics ignored.
    public var text: String?
    /// Only records whose reason's value or note contains this (a person's `too vague`,
    /// a filter's keyword), case ignored.
    public var why: String?
    /// Only records with this defect flag (nil: any flag at all, when `flagged` is set).
    public var flag: DefectFlag?
    /// Only records with a defect flag (`flag=any`, or `flag=NAME` with `flag` set).
    public var flagged = false
    /// Only records whose root verb has this lemma (the verb–noun analysis).
    public var verb: String?
    /// Only records whose verb's direct noun object has this lemma.
    public var noun: String?

    /// No filter.
    public init() {}

    /// Whether the filter needs the verb–noun analysis.
    public var needsVerbNouns: Bool { verb != nil || noun != nil }

    /// Whether `entry` passes, its defect flags found with `defects`; `verbNouns` are the
    /// analysis' pairs by instruction text (a record without one fails a `verb=` or `noun=`
    /// term).
    public func matches(
        _ entry: PoolEntry, defects: DefectCheck = DefectCheck(), verbNouns: [String: VerbNounPair]? = nil
    ) -> Bool {
        if flagged {
            let flags = defects.flags(of: entry)
            guard flag.map(flags.contains) ?? !flags.isEmpty else { return false }
        }
        if let status, entry.status != status { return false }
        if let reason {
            guard let why = entry.why, why.kind == reason else { return false }
            if reason.isFilter && entry.status != .rejected { return false }
        }
        if let rounds {
            guard let round = entry.round, rounds.contains(round) else { return false }
        }
        if let classification, entry.isClassification != classification { return false }
        if similarityAbove != nil || similarityBelow != nil {
            guard let score = entry.nearestSimilarity else { return false }
            if let similarityAbove, !(score > similarityAbove) { return false }
            if let similarityBelow, !(score < similarityBelow) { return false }
        }
        if let text, entry.instruction.range(of: text, options: [.caseInsensitive, .diacriticInsensitive]) == nil { return false }
        if let why {
            let said = [entry.why?.value.map { "\($0)" }, entry.why?.note].compactMap { $0 }.joined(separator: " ")
            if said.range(of: why, options: [.caseInsensitive, .diacriticInsensitive]) == nil { return false }
        }
        if needsVerbNouns {
            guard let pair = verbNouns?[entry.instruction] else { return false }
            if let verb, pair.verb?.lowercased() != verb.lowercased() { return false }
            if let noun, pair.noun?.lowercased() != noun.lowercased() { return false }
        }
        return true
    }

    /// Whether it lets everything through.
    public var isEmpty: Bool { self == PoolFilter() }

    /// E.g. `status=pending reason=similarity sim>0.6`, or `all`.
    public var description: String {
        var parts: [String] = []
        if let status { parts.append("status=\(status.rawValue)") }
        if let reason { parts.append("reason=\(reason.label)") }
        if let rounds { parts.append(rounds.count == 1 ? "round=\(rounds.lowerBound)" : "round=\(rounds.lowerBound)..\(rounds.upperBound)") }
        if let classification { parts.append("class=\(classification ? "yes" : "no")") }
        if let similarityAbove { parts.append("sim>\(similarityAbove)") }
        if let similarityBelow { parts.append("sim<\(similarityBelow)") }
        if let text { parts.append("text~\(text)") }
        if let why { parts.append("why~\(why)") }
        if flagged { parts.append("flag=\(flag?.name ?? "any")") }
        if let verb { parts.append("verb=\(verb)") }
        if let noun { parts.append("noun=\(noun)") }
        return parts.isEmpty ? "all" : parts.joined(separator: " ")
    }

    /// The terms, for the help overlay, in lines that fit beside the command's name.
    public static let usage = [
        "status=S reason=R round=N|A..B class=yes|no sim>F sim<F",
        "text~WORD why~WORD flag=NAME|any verb=V noun=N",
    ]

    /// Parses filter terms (see the type's description).
    /// - Throws: `WorkbenchError` naming the term and what it may be.
    public static func parse(_ terms: [String]) throws(WorkbenchError) -> PoolFilter {
        var filter = PoolFilter()
        for term in terms {
            if let value = term.value(after: "sim>") {
                filter.similarityAbove = try score(value, in: term)
            } else if let value = term.value(after: "sim<") {
                filter.similarityBelow = try score(value, in: term)
            } else if let value = term.value(after: "text~") {
                guard !value.isEmpty else { throw WorkbenchError("text~ needs a word, e.g. text~poem") }
                filter.text = value
            } else if let value = term.value(after: "why~") {
                guard !value.isEmpty else { throw WorkbenchError("why~ needs a word, e.g. why~vague") }
                filter.why = value
            } else {
                let parts = term.split(separator: "=", maxSplits: 1).map(String.init)
                guard parts.count == 2 else {
                    throw WorkbenchError("filter terms look like status=pending, sim>0.6 or text~poem; '\(term)' does not")
                }
                try filter.set(parts[0], parts[1])
            }
        }
        return filter
    }

    private mutating func set(_ key: String, _ value: String) throws(WorkbenchError) {
        switch key {
        case "status":
            guard let status = RecordStatus(rawValue: value) else {
                throw WorkbenchError("status is one of seed, pending, accepted, rejected, not '\(value)'")
            }
            self.status = status
        case "reason":
            guard let kind = StatusReason.Kind.named(value) else {
                throw WorkbenchError("reason is one of \(StatusReason.Kind.known.map(\.label).joined(separator: ", ")), not '\(value)'")
            }
            reason = kind
        case "round":
            rounds = try Self.rounds(value)
        case "flag":
            if value == "any" {
                flag = nil
            } else {
                guard let named = DefectFlag(name: value) else {
                    throw WorkbenchError("flag is any or one of \(DefectFlag.allCases.map(\.name).joined(separator: ", ")), not '\(value)'")
                }
                flag = named
            }
            flagged = true
        case "class":
            guard value == "yes" || value == "no" else { throw WorkbenchError("class is yes or no, not '\(value)'") }
            classification = value == "yes"
        case "verb", "noun":
            guard !value.isEmpty, !value.contains(" ") else { throw WorkbenchError("\(key) is one word (a lemma), e.g. verb=write noun=poem") }
            if key == "verb" { verb = value } else { noun = value }
        default:
            throw WorkbenchError(
                "unknown filter term '\(key)'; use status, reason, round, class, flag, sim>, sim<, text~, why~, verb or noun")
        }
    }

    private static func rounds(_ value: String) throws(WorkbenchError) -> ClosedRange<Int> {
        let bounds = value.components(separatedBy: "..")
        let numbers = bounds.compactMap { Int($0) }
        guard numbers.count == bounds.count, numbers.count <= 2, let first = numbers.first, first <= numbers.last! else {
            throw WorkbenchError("round is a number or a range like 3..5, not '\(value)'")
        }
        return first...numbers.last!
    }

    private static func score(_ value: String, in term: String) throws(WorkbenchError) -> Double {
        guard let score = Double(value), (0...1).contains(score) else {
            throw WorkbenchError("'\(term)' needs a similarity between 0 and 1, e.g. sim>0.6")
        }
        return score
    }
}

private extension String {
    /// What follows `prefix`, when the string starts with it.
    func value(after prefix: String) -> String? {
        hasPrefix(prefix) ? String(dropFirst(prefix.count)) : nil
    }
}

/// How the Pool view orders records.
public enum PoolSort: String, CaseIterable, Sendable, Hashable {
    /// As in the file.
    case pool
    /// Most similar to the nearest neighbour first.
    case similarity
    /// Longest instruction first.
    case length
    /// Latest round first.
    case round
}
