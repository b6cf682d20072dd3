/// One thread's working memory for the pruned search: per instruction, the token overlap with
/// the query counted so far, and the instructions found but not yet scored.
///
/// Sized to the index once and reset by undoing only what a query touched, so a query
/// allocates nothing once the index stops growing.
final class PruningScratch: @unchecked Sendable {
    /// Marks an instruction already scored or ruled out for this query.
    static let settled = UInt32.max

    /// Per instruction: the multiset overlap with the query's walked tokens (0: not met yet),
    /// or `settled`.
    var overlap: [UInt32] = []
    /// Instructions whose `overlap` is not 0, for the reset.
    var touched: [Int32] = []
    /// Instructions met but not yet scored.
    var pending: [Int32] = []
    /// The query's distinct tokens with their multiplicity, rarest first.
    var walk: [(token: TokenVocabulary.TokenID, count: Int)] = []
    /// Counting-sort buckets for scoring `pending` by overlap, highest first.
    var bucketStarts: [Int] = []
    var ordered: [Int32] = []

    /// Makes room for an index of `itemCount` instructions.
    func reserve(itemCount: Int) {
        if overlap.count < itemCount {
            overlap.append(contentsOf: repeatElement(0, count: itemCount - overlap.count))
        }
    }

    /// Forgets the last query.
    func reset() {
        for item in touched { overlap[Int(item)] = 0 }
        touched.removeAll(keepingCapacity: true)
        pending.removeAll(keepingCapacity: true)
        walk.removeAll(keepingCapacity: true)
    }

    /// `pending` reordered by overlap, highest first, into `ordered`.
    func orderPendingByOverlap(maxOverlap: Int) {
        bucketStarts.removeAll(keepingCapacity: true)
        bucketStarts.append(contentsOf: repeatElement(0, count: maxOverlap + 2))
        for item in pending { bucketStarts[maxOverlap - Int(overlap[Int(item)]) + 1] += 1 }
        for b in 1..<bucketStarts.count { bucketStarts[b] += bucketStarts[b - 1] }
        ordered.removeAll(keepingCapacity: true)
        ordered.append(contentsOf: repeatElement(0, count: pending.count))
        for item in pending {
            let bucket = maxOverlap - Int(overlap[Int(item)])
            ordered[bucketStarts[bucket]] = item
            bucketStarts[bucket] += 1
        }
        pending.removeAll(keepingCapacity: true)
    }
}
