/// One query's pruned search (see `NearestNeighbourIndex.nearest`): walks the query's tokens
/// rarest first through the posting lists, scores the instructions met in order of their
/// bound, and sweeps the short length groups an instruction never met could still rank from.
struct PrunedScan {
    private let query: PreparedQuery
    private let m: Int
    private let postings: TokenPostings
    private let lengths: [Int32]
    private let masks: [UInt64]
    private let index: NearestNeighbourIndex
    /// The best so far: the result when the scan ends.
    private(set) var top: TopNeighbours
    /// The thread's working memory, lent for this query.
    var state: PruningState
    private var bounds = OverlapBounds()

    /// Buckets for the F bound when ordering the instructions met, highest first.
    private static let keyScale = 63

    init(index: NearestNeighbourIndex, query: PreparedQuery, k: Int, state: PruningState) {
        self.index = index
        self.query = query
        m = query.tokens.count
        postings = index.postings
        lengths = index.itemLength
        masks = index.frequentTokens.masks
        top = TopNeighbours(capacity: k)
        self.state = state
        self.state.reserve(itemCount: index.count)
    }

    /// Finds every instruction that scores above 0 and could rank, with the query's masks
    /// loaded in `lcsScratch`.
    mutating func run(lcsScratch: QueryScratch) {
        planWalk()
        for step in state.walk.indices {
            let (token, multiplicity, bit) = state.walk[step]
            let walkCost = postings.count(of: token)
            // Scoring one instruction costs about as much as walking a few dozen postings:
            // before a long list, scoring what was met raises the bar, which may end the walk;
            // a short list is cheaper to walk first, and sharpens the bounds.
            scorePending(lcsScratch)
            if sweepCost(sweptLengths()) <= walkCost { break }
            meet(token, multiplicity: multiplicity)
            bounds.walked(multiplicity, bit: bit)
        }
        scorePending(lcsScratch)
        sweep(lcsScratch)
    }

    /// Fewer than k instructions scored above 0: the rest score 0 and rank by position.
    mutating func rankTheRestByPosition() {
        var item = 0
        while item < index.count
            && (!top.isFull || (top.entryScore == 0 && item < top.indices[top.indices.count - 1]))
        {
            if state.overlap[item] == 0 { top.offer(0, index: item) }
            item += 1
        }
    }

    /// The query's distinct tokens held by some instruction, with their multiplicity, rarest
    /// first; all of them unwalked.
    private mutating func planWalk() {
        for token in query.tokens where postings.count(of: token) > 0 {
            if let at = state.walk.firstIndex(where: { $0.token == token }) {
                state.walk[at].count += 1
            } else {
                state.walk.append((token, 1, index.frequentTokens.bit(of: token) ?? -1))
            }
        }
        let postings = postings
        state.walk.sort { postings.count(of: $0.token) < postings.count(of: $1.token) }
        for (_, multiplicity, bit) in state.walk { bounds.add(multiplicity, bit: bit) }
    }

    /// Whether an instruction of `n` tokens sharing at most `overlap` may still rank.
    @inline(__always)
    private func mayRank(overlap: Int, n: Int) -> Bool {
        NearestNeighbourIndex.mayReach(top.entryScore, overlap: overlap, m: m, n: n)
    }

    /// Walks the postings of `token`: adds it to the overlap of every instruction met, and
    /// queues newly met ones unless their bound cannot rank.
    private mutating func meet(_ token: TokenVocabulary.TokenID, multiplicity: Int) {
        postings.withPostings(of: token) { list in
            var i = 0
            while i < list.count {
                let item = Int(list[i])
                var end = i + 1
                while end < list.count && list[end] == list[i] { end += 1 }
                let shared = UInt32(min(end - i, multiplicity))
                i = end
                let seen = state.overlap[item]
                if seen == PruningState.settled { continue }
                if seen == 0 {
                    let n = Int(lengths[item])
                    state.touched.append(Int32(item))
                    guard mayRank(overlap: min(bounds.unmet(mask: masks[item]), n), n: n) else {
                        state.overlap[item] = PruningState.settled
                        continue
                    }
                    state.pending.append(Int32(item))
                }
                state.overlap[item] = seen + shared
            }
        }
    }

    /// Scores the queued instructions, highest bound first, each unless its bound (overlap on
    /// the walked tokens plus what the unwalked can add, at most its length) cannot rank.
    private mutating func scorePending(_ lcsScratch: QueryScratch) {
        guard !state.pending.isEmpty else { return }
        for candidate in state.pending {
            let item = Int(candidate)
            let n = Int(lengths[item])
            let bound = min(Int(state.overlap[item]) + bounds.unmet(mask: masks[item]), n)
            state.keys.append(min(Self.keyScale, 2 * bound * Self.keyScale / (m + n)))
        }
        state.orderPending(maxKey: Self.keyScale)
        for candidate in state.ordered {
            let item = Int(candidate)
            let n = Int(lengths[item])
            let bound = min(Int(state.overlap[item]) + bounds.unmet(mask: masks[item]), n)
            state.overlap[item] = PruningState.settled
            if mayRank(overlap: bound, n: n) { score(item, lcsScratch) }
        }
    }

    /// The token lengths an instruction never met may have and still rank: it shares at most
    /// every unwalked token, and F ≤ 2·min(overlap, n)/(m+n).
    private func sweptLengths() -> ClosedRange<Int>? {
        let most = bounds.unwalkedCount
        guard most > 0, index.longestLength > 0 else { return nil }
        var low: Int?
        for n in 1...index.longestLength {
            if mayRank(overlap: min(most, n), n: n) {
                if low == nil { low = n }
            } else if let low {
                return low...(n - 1)
            }
        }
        return low.map { $0...index.longestLength }
    }

    private func sweepCost(_ lengths: ClosedRange<Int>?) -> Int {
        guard let lengths else { return 0 }
        return lengths.reduce(0) { $0 + index.items(ofLength: $1).count }
    }

    /// Scores every instruction never met whose length is in `sweptLengths` and whose own
    /// bound (its frequent tokens, plus the unwalked others) can rank.
    private mutating func sweep(_ lcsScratch: QueryScratch) {
        guard let swept = sweptLengths() else { return }
        for n in swept {
            for item in index.items(ofLength: n) where state.overlap[Int(item)] == 0 {
                let bound = min(bounds.unmet(mask: masks[Int(item)]), n)
                guard bound > 0 else { continue }  // F is 0: ranked by position at the end
                state.overlap[Int(item)] = PruningState.settled
                state.touched.append(item)
                if mayRank(overlap: bound, n: n) { score(Int(item), lcsScratch) }
            }
        }
    }

    /// Scores one instruction exactly and offers it.
    private mutating func score(_ item: Int, _ lcsScratch: QueryScratch) {
        let lcs = index.withTokens(of: item) { lcsScratch.lcs(query, $0) }
        top.offer(RougeScore(lcs: lcs, targetLength: m, predictionLength: Int(lengths[item])).fmeasure, index: item)
    }
}
