/// The pruned search: the exact `k` nearest instructions without scoring every pair.
///
/// The LCS of two token lists is at most their multiset token overlap o, so F ≤ 2o/(m+n).
/// The query's distinct tokens are walked rarest first through the posting lists (prefix
/// filtering, as AllPairs and PPJoin do for set similarity), and the instructions met are
/// scored, highest bound first, unless their bound (overlap on the walked tokens, plus the
/// unwalked frequent tokens their mask holds, plus the other unwalked tokens, at most their
/// length) cannot reach the current k-th best. An instruction never met shares at most the
/// unwalked tokens, so only a band of lengths can still rank: once sweeping those length
/// groups costs less than walking the next posting list, the walk stops and they are swept.
/// Every bound is compared with a margin well above F's rounding error, so nothing that
/// could rank, tie included, is ever cut: the result equals `search`'s, without the mean.
extension NearestNeighbourIndex {
    /// The `k` instructions nearest to `query` (as the target), exactly as `search` finds
    /// them, scoring only those that could rank. The mean is not computed.
    public func nearest(_ query: String, k: Int = 10) -> NeighbourSearch {
        nearest([query], k: k)[0]
    }

    /// `nearest` for several queries, spread over the index's threads.
    public func nearest(_ queries: [String], k: Int = 10) -> [NeighbourSearch] {
        let prepared = queries.map(prepare)
        let tops = forEachQuery(prepared.count, parallel: count >= 2048) { q, worker in
            self.prunedScan(prepared[q], worker: worker, k: k)
        }
        return tops.map { makeResult(top: $0, sum: nil, compared: count) }
    }

    /// Whether an instruction of `n` tokens overlapping the query (of `m`) in at most
    /// `overlap` tokens may still score at least `entry`: 2·overlap/(m+n) ≥ entry, less a
    /// margin far above the few ulps by which rouge-score's 2PR/(P+R) can exceed 2L/(m+n).
    @inline(__always)
    static func mayReach(_ entry: Double, overlap: Int, m: Int, n: Int) -> Bool {
        Double(2 * overlap) >= (entry - 1e-9) * Double(m + n)
    }

    private func prunedScan(_ query: PreparedQuery, worker: Int, k: Int) -> TopNeighbours {
        let scratch = pruningScratches[worker]
        var scan = PrunedScan(index: self, query: query, k: k, state: scratch.state)
        scratch.state = PruningState()
        if !query.tokens.isEmpty {
            let lcsScratch = scratches[worker]
            lcsScratch.load(query, vocabularyCount: vocabularyCount)
            scan.run(lcsScratch: lcsScratch)
            lcsScratch.unload(query)
        }
        scan.rankTheRestByPosition()
        scan.state.reset()
        scratch.state = scan.state
        return scan.top
    }
}
