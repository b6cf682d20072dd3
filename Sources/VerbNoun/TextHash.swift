/// The cache key of an instruction: 64-bit FNV-1a of its UTF-8 bytes, with the byte count,
/// as hex. Stable across runs and platforms (Swift's `hashValue` is seeded per process).
/// A collision needs two texts of the same length and hash: about 1 in 10^10 at 50K texts.
enum TextHash {
    /// `"<16 hex digits>-<byte count>"`.
    static func key(_ text: String) -> String {
        let hash = fnv1a(text.utf8)
        let hex = String(hash, radix: 16)
        return String(repeating: "0", count: 16 - hex.count) + hex + "-" + String(text.utf8.count)
    }

    /// 64-bit FNV-1a.
    static func fnv1a<Bytes: Sequence<UInt8>>(_ bytes: Bytes) -> UInt64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in bytes {
            hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01b3
        }
        return hash
    }
}
