/// Length of the longest common subsequence of two token sequences, bit-parallel.
///
/// The Allison–Dix / Hyyrö algorithm: the pattern (one side) becomes one match mask per
/// distinct token, a bit per pattern position, 64 positions per word; each token of the other
/// side then updates a bit vector V with `U = V & M[t]; V = (V + U) | (V - U)`, and L is the
/// number of zero bits of V within the pattern length. `V - U` equals `V & ~U` because U ⊆ V,
/// so only the addition carries between words.
public enum LongestCommonSubsequence {
    /// The LCS length of `a` and `b` (any lengths; exact string equality on ids).
    public static func length(_ a: [TokenVocabulary.TokenID], _ b: [TokenVocabulary.TokenID]) -> Int {
        let (pattern, text) = a.count <= b.count ? (a, b) : (b, a)
        guard !pattern.isEmpty else { return 0 }
        let words = (pattern.count + 63) / 64
        var slotOfToken: [TokenVocabulary.TokenID: Int] = [:]
        var masks = [UInt64](repeating: 0, count: words)  // slot 0: tokens absent from the pattern
        for (position, token) in pattern.enumerated() {
            let slot: Int
            if let known = slotOfToken[token] {
                slot = known
            } else {
                slot = masks.count / words
                slotOfToken[token] = slot
                masks.append(contentsOf: repeatElement(0, count: words))
            }
            masks[slot * words + position / 64] |= 1 << UInt64(position % 64)
        }
        var vector = [UInt64](repeating: ~0, count: words)
        return masks.withUnsafeBufferPointer { masks in
            vector.withUnsafeMutableBufferPointer { vector in
                for token in text {
                    let slot = slotOfToken[token] ?? 0
                    BitParallelLCS.step(vector, masks: masks.baseAddress! + slot * words)
                }
                return BitParallelLCS.length(vector, patternLength: pattern.count)
            }
        }
    }
}

/// The bit-parallel LCS kernels shared by one-off scoring and the nearest-neighbour index.
@usableFromInline
enum BitParallelLCS {
    /// One step of the multi-word update for a text token whose match masks start at `masks`.
    @inline(__always) @usableFromInline
    static func step(_ vector: UnsafeMutableBufferPointer<UInt64>, masks: UnsafePointer<UInt64>) {
        var carry: UInt64 = 0
        for w in 0..<vector.count {
            let v = vector[w]
            let u = v & masks[w]
            let (sum, overflow1) = v.addingReportingOverflow(u)
            let (withCarry, overflow2) = sum.addingReportingOverflow(carry)
            carry = (overflow1 || overflow2) ? 1 : 0
            vector[w] = withCarry | (v & ~u)
        }
    }

    /// The LCS length encoded in a final vector: its zero bits below `patternLength`.
    @inline(__always) @usableFromInline
    static func length(_ vector: UnsafeMutableBufferPointer<UInt64>, patternLength: Int) -> Int {
        var zeros = 0
        for w in 0..<vector.count {
            let bitsInWord = min(64, patternLength - w * 64)
            zeros += (~vector[w] & lowBits(bitsInWord)).nonzeroBitCount
        }
        return zeros
    }

    /// The LCS length from a single-word final vector and a pattern of ≤ 64 tokens.
    @inline(__always) @usableFromInline
    static func length(_ vector: UInt64, lowMask: UInt64) -> Int {
        (~vector & lowMask).nonzeroBitCount
    }

    /// A word with the low `count` bits set (`count` in 0...64).
    @inline(__always) @usableFromInline
    static func lowBits(_ count: Int) -> UInt64 {
        count >= 64 ? ~0 : (1 << UInt64(count)) &- 1
    }
}
