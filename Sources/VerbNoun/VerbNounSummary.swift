/// The paper's Figure 2 as numbers, counted as upstream's notebook does: over distinct
/// instruction texts, keeping those with both a verb and a noun; the most frequent verbs,
/// each with its most frequent nouns. Ties go to the alphabetically first.
public struct VerbNounSummary: Sendable, Hashable {
    /// A verb and how often it leads, with its commonest objects.
    public struct VerbRow: Sendable, Hashable {
        /// The verb's lemma.
        public let verb: String
        /// Distinct instructions with this verb and some noun.
        public let count: Int
        /// Its most frequent nouns with their counts, most frequent first.
        public let nouns: [NounCount]
    }

    /// A noun under a verb.
    public struct NounCount: Sendable, Hashable {
        /// The noun's lemma.
        public let noun: String
        /// Distinct instructions with the verb and this noun.
        public let count: Int
    }

    /// Distinct instruction texts counted.
    public let instructionCount: Int
    /// Those with a verb and a noun.
    public let structuredCount: Int
    /// The top verbs, most frequent first.
    public let verbs: [VerbRow]

    /// The share of instructions with a verb–noun structure (0 when there are none).
    public var structuredShare: Double {
        instructionCount == 0 ? 0 : Double(structuredCount) / Double(instructionCount)
    }

    /// Counts the distinct `texts` with their `pairs` (a text without a pair counts as having
    /// none); `verbLimit` verbs with `nounLimit` nouns each (the paper: 20 and 4).
    public init(texts: [String], pairs: [String: VerbNounPair], verbLimit: Int = 20, nounLimit: Int = 4) {
        let distinct = Set(texts)
        var byVerb: [String: [String: Int]] = [:]
        var structured = 0
        for text in distinct {
            guard let pair = pairs[text], let verb = pair.verb, let noun = pair.noun else { continue }
            structured += 1
            byVerb[verb, default: [:]][noun, default: 0] += 1
        }
        instructionCount = distinct.count
        structuredCount = structured
        verbs = byVerb.map { verb, nouns in
            let top = nouns.sorted { $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key }.prefix(nounLimit)
            return VerbRow(verb: verb, count: nouns.values.reduce(0, +), nouns: top.map { NounCount(noun: $0.key, count: $0.value) })
        }
        .sorted { $0.count != $1.count ? $0.count > $1.count : $0.verb < $1.verb }
        .prefix(verbLimit).map { $0 }
    }
}
