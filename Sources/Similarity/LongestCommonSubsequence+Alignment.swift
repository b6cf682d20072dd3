extension LongestCommonSubsequence {
    /// Which positions of `a` and of `b` make up one longest common subsequence, for showing
    /// the words a score counted (not for scoring: `length` is the fast path).
    ///
    /// The textbook dynamic programme over suffixes and a forward walk, O(mn) time and
    /// memory: meant for two instructions on a screen. Of several longest subsequences it
    /// takes the one that matches as early in `a` as it can.
    public static func alignment<Element: Equatable>(_ a: [Element], _ b: [Element]) -> Alignment {
        let m = a.count, n = b.count
        guard m > 0, n > 0 else { return Alignment(first: [], second: []) }
        // lengths[i * (n + 1) + j]: the LCS length of a[i...] and b[j...].
        var lengths = [Int32](repeating: 0, count: (m + 1) * (n + 1))
        for i in stride(from: m - 1, through: 0, by: -1) {
            for j in stride(from: n - 1, through: 0, by: -1) {
                lengths[i * (n + 1) + j] = a[i] == b[j]
                    ? lengths[(i + 1) * (n + 1) + j + 1] + 1
                    : max(lengths[(i + 1) * (n + 1) + j], lengths[i * (n + 1) + j + 1])
            }
        }
        var first: [Int] = [], second: [Int] = []
        var i = 0, j = 0
        while i < m && j < n {
            if a[i] == b[j] {
                first.append(i)
                second.append(j)
                i += 1
                j += 1
            } else if lengths[(i + 1) * (n + 1) + j] >= lengths[i * (n + 1) + j + 1] {
                i += 1
            } else {
                j += 1
            }
        }
        return Alignment(first: first, second: second)
    }

    /// One longest common subsequence as positions in each sequence: `first[k]` of the first
    /// sequence matches `second[k]` of the second, both ascending.
    public struct Alignment: Sendable, Hashable {
        /// Positions in the first sequence, ascending.
        public var first: [Int]
        /// The matching positions in the second sequence, ascending.
        public var second: [Int]

        /// The subsequence's length.
        public var length: Int { first.count }
    }
}
