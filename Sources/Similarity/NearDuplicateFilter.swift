/// The upstream near-duplicate filter: each candidate, in order, is compared as the target with
/// every instruction in the index (seeds plus those kept so far) and kept iff its highest
/// ROUGE-L F is at most the threshold; kept candidates join the index at once, so two
/// near-duplicates from one batch never both pass.
public struct NearDuplicateFilter: Sendable {
    /// Reject a candidate whose highest F is strictly above this (upstream: 0.7).
    public var threshold: Double
    /// How many nearest instructions to record per candidate (upstream: 10).
    public var neighbourCount: Int
    /// How many upcoming candidates are scored together against the index across threads
    /// before being decided in order.
    public var batchSize: Int
    /// Whether each candidate is scored against every instruction, for upstream's mean
    /// (`avg_similarity_score`); if not, the search skips the length groups that cannot rank,
    /// and the decisions, maxima and neighbours are the same without the mean.
    public var computesMean: Bool

    /// A filter with upstream's defaults.
    public init(threshold: Double = 0.7, neighbourCount: Int = 10, batchSize: Int = 64, computesMean: Bool = true) {
        self.threshold = threshold
        self.neighbourCount = neighbourCount
        self.batchSize = max(1, batchSize)
        self.computesMean = computesMean
    }

    /// One candidate's outcome.
    public struct Decision: Sendable {
        /// The candidate's position in the input.
        public var position: Int
        /// Whether it was kept (and added to the index).
        public var kept: Bool
        /// Its comparison with everything in the index before it.
        public var search: NeighbourSearch
    }

    /// Decides `candidates` in order against `index`, adding each kept one with the id
    /// `id(position)`. Calls `decided` once per candidate, in input order.
    ///
    /// A batch of candidates is scored in parallel against the index as it stands; then, in
    /// order, each is also compared with the candidates of its batch kept before it, and
    /// decided. The result is exactly that of a one-by-one loop.
    public func run(
        _ candidates: [String], into index: NearestNeighbourIndex,
        id: (Int) -> String, decided: (Decision) throws -> Void
    ) rethrows {
        var start = 0
        while start < candidates.count {
            let end = min(start + batchSize, candidates.count)
            // Each candidate is tokenized once, for its search, its extension and its adding.
            let batch = candidates[start..<end].map(index.prepare)
            let before = index.count
            let searches = computesMean
                ? index.search(prepared: batch, k: neighbourCount) : index.nearest(prepared: batch, k: neighbourCount)
            for (offset, candidate) in batch.enumerated() {
                let search = index.extend(searches[offset], of: candidate, from: before, k: neighbourCount)
                let kept = !search.isNearDuplicate(threshold: threshold)
                if kept { index.add(candidate, text: candidates[start + offset], id: id(start + offset)) }
                try decided(Decision(position: start + offset, kept: kept, search: search))
            }
            start = end
        }
    }
}
