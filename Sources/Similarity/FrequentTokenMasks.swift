/// Per instruction, one bit for each of up to 64 frequent tokens it holds ("the", "a",
/// "write", ...), so the pruned search bounds an instruction's overlap on those tokens with
/// one load and a popcount instead of walking their long posting lists.
///
/// A token earns a bit once it is in at least 1/128 of the instructions (and the index holds
/// a few thousand, so that early chance does not spend the bits); the bit is then set on every
/// instruction already holding it, so a mask is always exact about the tokens that have bits.
struct FrequentTokenMasks {
    /// Per token id, its bit (0..<64), or -1.
    private var bitOfToken: [Int8] = []
    private var bitsUsed = 0
    /// Per instruction, the bits of the frequent tokens it holds.
    private(set) var masks: [UInt64] = []

    /// The bit of `token`, if it has one.
    func bit(of token: TokenVocabulary.TokenID) -> Int? {
        Int(token) < bitOfToken.count && bitOfToken[Int(token)] >= 0 ? Int(bitOfToken[Int(token)]) : nil
    }

    /// Records the instruction at `item` (already in `postings`), giving a bit to any of its
    /// tokens that became frequent.
    mutating func add(_ tokens: ArraySlice<TokenVocabulary.TokenID>, item: Int, postings: TokenPostings) {
        var mask: UInt64 = 0
        for token in tokens {
            if let bit = bit(of: token) {
                mask |= 1 << UInt64(bit)
            } else if bitsUsed < 64 && item >= 4095 && postings.count(of: token) * 128 >= item + 1 {
                mask |= 1 << UInt64(promote(token, postings: postings))
            }
        }
        masks.append(mask)
    }

    private mutating func promote(_ token: TokenVocabulary.TokenID, postings: TokenPostings) -> Int {
        if Int(token) >= bitOfToken.count {
            bitOfToken.append(contentsOf: repeatElement(-1, count: Int(token) + 1 - bitOfToken.count))
        }
        let bit = bitsUsed
        bitsUsed += 1
        bitOfToken[Int(token)] = Int8(bit)
        postings.withPostings(of: token) { list in
            for item in list where Int(item) < masks.count { masks[Int(item)] |= 1 << UInt64(bit) }
        }
        return bit
    }
}
