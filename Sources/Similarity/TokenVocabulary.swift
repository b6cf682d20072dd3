/// Interns tokens (byte strings) to dense integer ids, so that ROUGE-L compares integers.
///
/// An open-addressing hash table over one contiguous byte arena: interning a token that is
/// already known allocates nothing.
public struct TokenVocabulary: Sendable {
    /// A token's integer id: dense, starting at 0, in order of first appearance.
    public typealias TokenID = UInt32

    private var bytes: [UInt8] = []
    private var starts: [UInt32] = [0]
    private var hashes: [UInt64] = []
    /// Slot → id + 1; 0 marks an empty slot. The capacity is a power of two.
    private var slots: [UInt32] = Array(repeating: 0, count: 1024)

    /// An empty vocabulary.
    public init() {}

    /// The number of distinct tokens seen so far.
    public var count: Int { hashes.count }

    /// The bytes of the token with id `id`.
    public func token(_ id: TokenID) -> ArraySlice<UInt8> {
        bytes[Int(starts[Int(id)])..<Int(starts[Int(id) + 1])]
    }

    /// The token with id `id`, as text.
    public func text(of id: TokenID) -> String {
        String(decoding: token(id), as: UTF8.self)
    }

    /// The id of `token`, adding it if it is new.
    public mutating func intern(_ token: UnsafeBufferPointer<UInt8>) -> TokenID {
        let hash = Self.hash(token)
        let mask = slots.count - 1
        var slot = Int(truncatingIfNeeded: hash) & mask
        while true {
            let entry = slots[slot]
            if entry == 0 { break }
            let id = Int(entry - 1)
            if hashes[id] == hash && equals(id, token) { return TokenID(id) }
            slot = (slot + 1) & mask
        }
        let id = TokenID(hashes.count)
        bytes.append(contentsOf: token)
        starts.append(UInt32(bytes.count))
        hashes.append(hash)
        slots[slot] = id + 1
        if hashes.count * 2 > slots.count { grow() }
        return id
    }

    /// The id of `token` if it is known, without adding it.
    public func lookup(_ token: UnsafeBufferPointer<UInt8>) -> TokenID? {
        let hash = Self.hash(token)
        let mask = slots.count - 1
        var slot = Int(truncatingIfNeeded: hash) & mask
        while true {
            let entry = slots[slot]
            if entry == 0 { return nil }
            let id = Int(entry - 1)
            if hashes[id] == hash && equals(id, token) { return TokenID(id) }
            slot = (slot + 1) & mask
        }
    }

    private func equals(_ id: Int, _ token: UnsafeBufferPointer<UInt8>) -> Bool {
        let start = Int(starts[id]), end = Int(starts[id + 1])
        guard end - start == token.count else { return false }
        for i in 0..<token.count where bytes[start + i] != token[i] { return false }
        return true
    }

    private mutating func grow() {
        var newSlots = [UInt32](repeating: 0, count: slots.count * 2)
        let mask = newSlots.count - 1
        for (id, hash) in hashes.enumerated() {
            var slot = Int(truncatingIfNeeded: hash) & mask
            while newSlots[slot] != 0 { slot = (slot + 1) & mask }
            newSlots[slot] = UInt32(id + 1)
        }
        slots = newSlots
    }

    /// FNV-1a, then a final mix so that the low bits (the slot) depend on every byte.
    private static func hash(_ token: UnsafeBufferPointer<UInt8>) -> UInt64 {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in token { h = (h ^ UInt64(byte)) &* 0x100_0000_01b3 }
        h ^= h >> 33
        h = h &* 0xff51_afd7_ed55_8ccd
        h ^= h >> 33
        return h
    }
}
