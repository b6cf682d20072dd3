import CBitParallelLCS

/// The instructions of one token length, in the LCS kernels' layout: blocks of
/// `LCS_KERNEL_BLOCK` instructions, each block transposed (token j of the block's k-th
/// instruction at `j * LCS_KERNEL_BLOCK + k`), so a kernel step reads every lane's token at a
/// fixed offset. The last block is filled up with id 0, which the kernels score and ignore.
struct LengthGroup {
    /// The token length of every instruction here.
    let length: Int
    /// The blocks, back to back.
    private(set) var tokens: [TokenVocabulary.TokenID] = []
    /// The index's number of each instruction here, in order.
    private(set) var items: [Int32] = []

    private static let block = Int(LCS_KERNEL_BLOCK)

    init(length: Int) {
        self.length = length
    }

    /// Appends the instruction numbered `item`, whose tokens are `row`.
    mutating func append(_ row: [TokenVocabulary.TokenID], item: Int) {
        let slot = items.count
        if slot % Self.block == 0 {
            tokens.append(contentsOf: repeatElement(0, count: Self.block * length))
        }
        let base = firstToken(ofSlot: slot)
        for (j, token) in row.enumerated() { tokens[base + j * Self.block] = token }
        items.append(Int32(item))
    }

    /// Calls `body` with the tokens of the instruction at `slot`, in order.
    func withRow<Result>(
        slot: Int, _ body: (UnsafeBufferPointer<TokenVocabulary.TokenID>) -> Result
    ) -> Result {
        withUnsafeTemporaryAllocation(of: TokenVocabulary.TokenID.self, capacity: length) { row in
            copyRow(slot: slot, into: row.baseAddress!)
            return body(UnsafeBufferPointer(row))
        }
    }

    /// Writes the tokens of the instruction at `slot` to `destination` (`length` of them).
    func copyRow(slot: Int, into destination: UnsafeMutablePointer<TokenVocabulary.TokenID>) {
        let base = firstToken(ofSlot: slot)
        tokens.withUnsafeBufferPointer { tokens in
            for j in 0..<length { destination[j] = tokens[base + j * Self.block] }
        }
    }

    /// Where the first token of the instruction at `slot` is in `tokens` (its next ones
    /// follow a block's width apart).
    private func firstToken(ofSlot slot: Int) -> Int {
        (slot / Self.block) * Self.block * length + slot % Self.block
    }
}
