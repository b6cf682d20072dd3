import Pool

/// Deterministic instruction-like texts for benchmarks that generate: 6–20 words after a
/// leading verb, drawn Zipf-like from a 3,000-word vocabulary, so most are far from each
/// other (kept by the similarity filter) and a few are near.
struct SyntheticInstructions: Sendable {
    private var random: SplitMix64
    private let words: [String]
    private static let verbs = ["Write", "Explain", "List", "Describe", "Summarize", "Classify", "Translate", "Suggest", "Compare", "Give"]

    /// Texts drawn from `seed`.
    init(seed: UInt64) {
        random = SplitMix64(seed: seed)
        let letters = Array("abcdefghijklmnopqrstuvwxyz")
        words = (0..<3000).map { i in
            var word = ""
            var n = i &* 2_654_435_761 % 1_000_003 + 7
            for _ in 0..<(3 + i % 6) {
                word.append(letters[n % 26])
                n /= 7
                n += i
            }
            return word
        }
    }

    private mutating func uniform(below bound: Int) -> Int {
        Int(random.next() % UInt64(bound))
    }

    /// One instruction, ending with a full stop.
    mutating func instruction() -> String {
        let length = 6 + uniform(below: 15)
        var text = Self.verbs[uniform(below: Self.verbs.count)]
        for _ in 1..<length {
            text += " " + words[min(uniform(below: words.count), uniform(below: words.count))]
        }
        return text + "."
    }

    /// A Self-Instruct completion continuing a prompt that ends at "9.": seven numbered items.
    mutating func completion() -> String {
        (0..<7).map { i in (i == 0 ? " " : "\n\(9 + i). ") + instruction() }.joined()
    }
}
