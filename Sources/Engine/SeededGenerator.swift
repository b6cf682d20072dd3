import Pool

/// A small deterministic random number generator (xoshiro256**, seeded through the pool's SplitMix64),
/// with the few sampling operations the engine needs.
///
/// Our own, rather than Swift's `SystemRandomNumberGenerator` or the standard library's
/// `random(in:using:)`, so that a run with a fixed `--seed` draws the same numbers on every
/// platform and Swift version: the standard library does not promise its algorithms.
/// Upstream used Python's `random.seed(42)`; we do not reproduce Mersenne Twister draws.
public struct SeededGenerator: Sendable {
    private var state: (UInt64, UInt64, UInt64, UInt64)

    /// A generator for `seed`, further keyed by `streams` (for example a round and a prompt
    /// index), so each prompt's draws depend only on those numbers and not on how many draws
    /// came before: a resumed run samples the same demonstrations.
    public init(seed: UInt64, streams: UInt64...) {
        var mixer = SplitMix64(seed: seed)
        for stream in streams {
            mixer = SplitMix64(seed: mixer.next() ^ (stream &* 0xD1B5_4A32_D192_ED03))
        }
        state = (mixer.next(), mixer.next(), mixer.next(), mixer.next())
    }

    /// The next 64 random bits.
    public mutating func next() -> UInt64 {
        let result = (state.1 &* 5).rotatedLeft(by: 7) &* 9
        let t = state.1 << 17
        state.2 ^= state.0
        state.3 ^= state.1
        state.1 ^= state.2
        state.0 ^= state.3
        state.2 ^= t
        state.3 = state.3.rotatedLeft(by: 45)
        return result
    }

    /// A uniform integer in `0..<bound` (Lemire's multiply-and-reject, so without bias).
    public mutating func uniform(below bound: Int) -> Int {
        precondition(bound > 0, "uniform(below:) needs a positive bound")
        let range = UInt64(bound)
        var product = next().multipliedFullWidth(by: range)
        if product.low < range {
            let threshold = (0 &- range) % range
            while product.low < threshold {
                product = next().multipliedFullWidth(by: range)
            }
        }
        return Int(product.high)
    }

    /// `k` distinct indices from `0..<n` (all of them if `k ≥ n`), in draw order, in O(k)
    /// time and memory whatever `n` is (Floyd's algorithm), so sampling 2 of a 100K pool is
    /// cheap.
    public mutating func sampleIndices(_ k: Int, from n: Int) -> [Int] {
        let k = min(max(k, 0), n)
        var chosen: [Int] = []
        var seen = Set<Int>()
        chosen.reserveCapacity(k)
        for j in (n - k)..<n {
            let t = uniform(below: j + 1)
            let pick = seen.contains(t) ? j : t
            seen.insert(pick)
            chosen.append(pick)
        }
        return chosen
    }

    /// Shuffles `array` in place (Fisher–Yates).
    public mutating func shuffle<Element>(_ array: inout [Element]) {
        guard array.count > 1 else { return }
        for i in stride(from: array.count - 1, to: 0, by: -1) {
            array.swapAt(i, uniform(below: i + 1))
        }
    }
}

extension UInt64 {
    fileprivate func rotatedLeft(by k: UInt64) -> UInt64 {
        (self << k) | (self >> (64 - k))
    }
}
