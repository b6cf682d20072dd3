/// One thread's working memory for the pruned search, kept between queries so that a query
/// allocates nothing once the index stops growing. A search takes the state out, works on it
/// as a local value (no dynamic exclusivity checks in the hot loops), and puts it back.
final class PruningScratch: @unchecked Sendable {
    /// The state between searches.
    var state = PruningState()
}

/// Per instruction, the token overlap with the query counted so far; the instructions met but
/// not yet scored; and the query's walk. Reset by undoing only what a query touched.
struct PruningState {
    /// Marks an instruction already scored or ruled out for this query.
    static let settled = UInt32.max

    /// Per instruction: the multiset overlap with the query's walked tokens (0: not met yet),
    /// or `settled`.
    var overlap: [UInt32] = []
    /// Instructions whose `overlap` is not 0, for the reset.
    var touched: [Int32] = []
    /// Instructions met but not yet scored.
    var pending: [Int32] = []
    /// The query's distinct tokens with their multiplicity and frequent-token bit (-1: none),
    /// rarest first.
    var walk: [(token: TokenVocabulary.TokenID, count: Int, bit: Int)] = []
    /// Per pending instruction, its sort key (higher: scored sooner).
    var keys: [Int] = []
    /// Counting-sort buckets for scoring `pending` by key, highest first.
    private var bucketStarts: [Int] = []
    /// `pending` in scoring order, after `orderPending`.
    private(set) var ordered: [Int32] = []

    /// Makes room for an index of `itemCount` instructions.
    mutating func reserve(itemCount: Int) {
        if overlap.count < itemCount {
            overlap.append(contentsOf: repeatElement(0, count: itemCount - overlap.count))
        }
    }

    /// Forgets the last query.
    mutating func reset() {
        for item in touched { overlap[Int(item)] = 0 }
        touched.removeAll(keepingCapacity: true)
        pending.removeAll(keepingCapacity: true)
        walk.removeAll(keepingCapacity: true)
        keys.removeAll(keepingCapacity: true)
    }

    /// `pending` reordered by `keys` (each in 0...maxKey), highest first, into `ordered`;
    /// empties `pending`.
    mutating func orderPending(maxKey: Int) {
        bucketStarts.removeAll(keepingCapacity: true)
        bucketStarts.append(contentsOf: repeatElement(0, count: maxKey + 2))
        for key in keys { bucketStarts[maxKey - key + 1] += 1 }
        for b in 1..<bucketStarts.count { bucketStarts[b] += bucketStarts[b - 1] }
        ordered.removeAll(keepingCapacity: true)
        ordered.append(contentsOf: repeatElement(0, count: pending.count))
        for (item, key) in zip(pending, keys) {
            ordered[bucketStarts[maxKey - key]] = item
            bucketStarts[maxKey - key] += 1
        }
        pending.removeAll(keepingCapacity: true)
        keys.removeAll(keepingCapacity: true)
    }
}
