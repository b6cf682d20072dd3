/// An inverted index from token id to the instructions holding it: one entry per occurrence,
/// in the order instructions were added, so an instruction's occurrences of a token are
/// adjacent and their run length is its multiplicity.
///
/// A posting list's length is the token's rarity, which orders the pruned search's walk.
struct TokenPostings {
    /// Per token id, the index of every instruction holding it, once per occurrence.
    private var lists: [[UInt32]] = []

    /// Records the tokens of the instruction at `item`.
    mutating func add(_ tokens: ArraySlice<TokenVocabulary.TokenID>, item: Int) {
        for token in tokens {
            let id = Int(token)
            if id >= lists.count {
                lists.append(contentsOf: repeatElement([], count: id + 1 - lists.count))
            }
            lists[id].append(UInt32(item))
        }
    }

    /// How many occurrences of `token` the index holds.
    func count(of token: TokenVocabulary.TokenID) -> Int {
        Int(token) < lists.count ? lists[Int(token)].count : 0
    }

    /// Calls `body` with the postings of `token`.
    func withPostings<Result>(
        of token: TokenVocabulary.TokenID, _ body: (UnsafeBufferPointer<UInt32>) -> Result
    ) -> Result {
        lists[Int(token)].withUnsafeBufferPointer(body)
    }
}
