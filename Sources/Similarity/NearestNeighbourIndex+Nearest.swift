/// The search without the mean: the exact `k` nearest instructions, skipping every length
/// group that cannot rank.
///
/// The LCS of m and n tokens is at most min(m, n), so no instruction of n tokens scores above
/// the F of L = min(m, n) in the (m, n) row of the F table (rouge-score's own rounding). That
/// bound falls as n moves away from m on either side, so the groups are scanned from n = m
/// outwards, on both sides in turn, and a side ends at its first group whose bound is below
/// the current k-th best (equal still scans: an earlier instruction wins a tie). The nearest
/// lengths come first, so the k-th best rises early and the tails are never read.
extension NearestNeighbourIndex {
    /// The `k` instructions nearest to `query` (as the target), exactly as `search` finds
    /// them, scoring only the length groups that could rank. The mean is not computed.
    public func nearest(_ query: String, k: Int = 10) -> NeighbourSearch {
        nearest([query], k: k)[0]
    }

    /// `nearest` for several queries, spread over the index's threads.
    public func nearest(_ queries: [String], k: Int = 10) -> [NeighbourSearch] {
        nearest(prepared: queries.map(prepare), k: k)
    }

    /// `nearest` for queries already tokenized by `prepare`.
    func nearest(prepared: [PreparedQuery], k: Int) -> [NeighbourSearch] {
        prepareRows(for: prepared)
        let tops = forEachQuery(prepared.count, parallel: count >= 2048) { q, worker in
            var top = TopNeighbours(capacity: k)
            self.scanNearestLengths(prepared[q], scratch: self.scratches[worker], top: &top)
            return top
        }
        return tops.map { makeResult(top: $0, sum: nil, compared: count) }
    }

    /// Fills `top` from the length groups that can still rank, nearest lengths first.
    private func scanNearestLengths(_ query: PreparedQuery, scratch: QueryScratch, top: inout TopNeighbours) {
        scratch.load(query, vocabularyCount: vocabularyCount)
        defer { scratch.unload(query) }
        let m = query.tokens.count
        withFMeasureRows(targetLength: m) { row in
            /// Scans the group of `n` tokens unless its bound is below the k-th best; false if so.
            func visit(_ n: Int) -> Bool {
                let fmeasures = row(n)
                if top.isFull && fmeasures[min(m, n)] < top.entryScore { return false }
                _ = scanGroup(ofLength: n, query, scratch: scratch, fmeasures: fmeasures, top: &top)
                return true
            }
            var up = m, down = min(m - 1, longestLength)
            var upOpen = up <= longestLength, downOpen = down >= 0
            while upOpen || downOpen {
                if upOpen {
                    upOpen = visit(up) && up < longestLength
                    up += 1
                }
                if downOpen {
                    downOpen = visit(down) && down > 0
                    down -= 1
                }
            }
        }
    }
}
