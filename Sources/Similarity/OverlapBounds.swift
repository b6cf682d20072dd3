/// What the query's unwalked tokens can still add to an instruction's overlap in the pruned
/// search: the multiplicities of the unwalked tokens without a frequent-token bit, plus, for
/// the unwalked frequent tokens, the multiplicity of each one the instruction's mask holds.
struct OverlapBounds {
    /// Unwalked tokens without a bit, by multiplicity.
    private var rareCount = 0
    /// Unwalked frequent tokens, by multiplicity.
    private var frequentCount = 0
    private var frequentBits: UInt64 = 0
    /// Unwalked frequent tokens the query holds more than once: their bit and extra count.
    private var repeated: [(bit: UInt64, extra: Int)] = []

    /// Every unwalked token, by multiplicity: the most an instruction never met can share.
    var unwalkedCount: Int { rareCount + frequentCount }

    /// Counts a query token of this multiplicity and bit (-1: none) as unwalked.
    mutating func add(_ multiplicity: Int, bit: Int) {
        if bit < 0 {
            rareCount += multiplicity
        } else {
            frequentCount += multiplicity
            frequentBits |= 1 << UInt64(bit)
            if multiplicity > 1 { repeated.append((1 << UInt64(bit), multiplicity - 1)) }
        }
    }

    /// The query token of this multiplicity and bit is now walked.
    mutating func walked(_ multiplicity: Int, bit: Int) {
        if bit < 0 {
            rareCount -= multiplicity
        } else {
            frequentCount -= multiplicity
            frequentBits &= ~(1 << UInt64(bit))
        }
    }

    /// The most the unwalked tokens can add to the overlap of an instruction with `mask`.
    @inline(__always)
    func unmet(mask: UInt64) -> Int {
        let held = mask & frequentBits
        var total = rareCount + held.nonzeroBitCount
        for (bit, extra) in repeated where held & bit != 0 { total += extra }
        return total
    }
}
