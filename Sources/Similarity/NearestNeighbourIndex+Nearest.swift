/// The pruned search: the exact `k` nearest instructions without scoring every pair.
///
/// The LCS of two token lists is at most their multiset token overlap o, so F ≤ 2o/(m+n).
/// The query's distinct tokens are walked rarest first through the posting lists (prefix
/// filtering, as AllPairs and PPJoin do for set similarity): an instruction not met among the
/// walked tokens overlaps the query in at most the tokens left, r, so it scores at most
/// 2r/(m+r); once that is below the current k-th best, no unmet instruction can rank and the
/// walk stops. Met instructions are scored, most overlap first, unless their own bound
/// (overlap so far plus the tokens left, at most their length) already rules them out.
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
        var top = TopNeighbours(capacity: k)
        let scratch = pruningScratches[worker]
        scratch.reserve(itemCount: count)
        defer { scratch.reset() }
        let m = query.tokens.count
        if m > 0 {
            let lcsScratch = scratches[worker]
            lcsScratch.load(query, vocabularyCount: vocabularyCount)
            defer { lcsScratch.unload(query) }
            planWalk(query, into: scratch)
            // Tokens no instruction holds add nothing to any overlap.
            var remaining = scratch.walk.reduce(0) { $0 + $1.count }
            for step in scratch.walk.indices {
                let (token, multiplicity) = scratch.walk[step]
                // Scoring what was met first raises the bar, which may end the walk before a
                // long posting list; a short list is cheaper to walk, and sharpens the bounds.
                if scratch.pending.count * 8 >= postings.count(of: token) {
                    scorePending(query, remaining: remaining, scratch: scratch, lcsScratch: lcsScratch, top: &top)
                }
                guard Self.mayReach(top.entryScore, overlap: remaining, m: m, n: remaining) else { break }
                meet(token, multiplicity: multiplicity, remaining: remaining, m: m, entry: top.entryScore, scratch: scratch)
                remaining -= multiplicity
            }
            scorePending(query, remaining: remaining, scratch: scratch, lcsScratch: lcsScratch, top: &top)
        }
        // Fewer than k instructions share a token with the query: the rest score 0 and rank
        // by position.
        var item = 0
        while !top.isFull && item < count {
            if scratch.overlap[item] == 0 { top.offer(0, index: item) }
            item += 1
        }
        return top
    }

    /// The query's distinct tokens held by some instruction, with their multiplicity, rarest
    /// first.
    private func planWalk(_ query: PreparedQuery, into scratch: PruningScratch) {
        for token in query.tokens where postings.count(of: token) > 0 {
            if let at = scratch.walk.firstIndex(where: { $0.token == token }) {
                scratch.walk[at].count += 1
            } else {
                scratch.walk.append((token, 1))
            }
        }
        scratch.walk.sort { postings.count(of: $0.token) < postings.count(of: $1.token) }
    }

    /// Walks the postings of `token`: adds it to the overlap of every instruction met, and
    /// queues newly met ones unless even `remaining` more overlap could not reach `entry`.
    private func meet(
        _ token: TokenVocabulary.TokenID, multiplicity: Int, remaining: Int, m: Int, entry: Double,
        scratch: PruningScratch
    ) {
        itemLength.withUnsafeBufferPointer { lengths in
            scratch.overlap.withUnsafeMutableBufferPointer { overlap in
                postings.withPostings(of: token) { list in
                    var i = 0
                    while i < list.count {
                        let item = Int(list[i])
                        var end = i + 1
                        while end < list.count && list[end] == list[i] { end += 1 }
                        let shared = UInt32(min(end - i, multiplicity))
                        i = end
                        let seen = overlap[item]
                        if seen == PruningScratch.settled { continue }
                        if seen == 0 {
                            let n = Int(lengths[item])
                            scratch.touched.append(Int32(item))
                            guard Self.mayReach(entry, overlap: min(remaining, n), m: m, n: n) else {
                                overlap[item] = PruningScratch.settled
                                continue
                            }
                            scratch.pending.append(Int32(item))
                        }
                        overlap[item] = seen + shared
                    }
                }
            }
        }
    }

    /// Scores the queued instructions, most overlap first, skipping those whose bound (their
    /// overlap plus `remaining`, at most their length) cannot reach the current k-th best.
    private func scorePending(
        _ query: PreparedQuery, remaining: Int, scratch: PruningScratch, lcsScratch: QueryScratch,
        top: inout TopNeighbours
    ) {
        guard !scratch.pending.isEmpty else { return }
        let m = query.tokens.count
        scratch.orderPendingByOverlap(maxOverlap: m)
        for candidate in scratch.ordered {
            let item = Int(candidate)
            let n = Int(itemLength[item])
            let bound = min(Int(scratch.overlap[item]) + remaining, n)
            scratch.overlap[item] = PruningScratch.settled
            guard Self.mayReach(top.entryScore, overlap: bound, m: m, n: n) else { continue }
            let lcs = withTokens(of: item) { lcsScratch.lcs(query, $0) }
            top.offer(RougeScore(lcs: lcs, targetLength: m, predictionLength: n).fmeasure, index: item)
        }
    }
}
