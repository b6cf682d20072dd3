import Similarity

/// A candidate after every filter: its comparison with the pool and the verdict.
public struct ScreenedCandidate: Sendable {
    /// The candidate as parsed.
    public var parsed: ParsedCandidate
    /// Its comparison with the pool (seeds, kept instructions and the candidates kept before
    /// it); nil for an empty instruction, which has nothing to compare.
    public var search: NeighbourSearch?
    /// Why it was refused; nil if it passed every filter.
    public var rejection: RejectionReason?
}

/// The engine's per-candidate work once a completion is whole: the parser's verdict, the
/// cheap filters, then ROUGE-L against the index, in order, so that of two near-duplicates
/// in one completion (or one round) only the first can pass.
///
/// Every non-empty candidate is scored, refused ones too, so the pool shows each one's
/// neighbours; only those that pass join the index.
public struct CandidateScreening {
    /// The cheap filters and the similarity threshold.
    public var filter: InstructionFilter
    /// Neighbours kept per candidate.
    public var neighbourCount: Int
    /// Seeds, kept instructions (and pending ones in supervised mode), in pool order.
    public let index: NearestNeighbourIndex

    /// Screening against `index` with `recipe`'s filters.
    public init(recipe: Recipe, index: NearestNeighbourIndex, neighbourCount: Int = 10) {
        filter = InstructionFilter(recipe: recipe)
        self.neighbourCount = neighbourCount
        self.index = index
    }

    /// Screens `candidates` in order; each that passes is added to the index under `id(i)`.
    ///
    /// The candidates are scored against the index in parallel, then, in order, each is
    /// also compared with those of this call kept before it: exactly the one-by-one result.
    public func screen(_ candidates: [ParsedCandidate], id: (Int) -> String) -> [ScreenedCandidate] {
        let texts = candidates.map(\.instruction)
        let scored = texts.indices.filter { !texts[$0].isEmpty }
        let before = index.count
        let searches = index.search(scored.map { texts[$0] }, k: neighbourCount)
        var searchByPosition: [Int: NeighbourSearch] = [:]
        for (i, position) in scored.enumerated() { searchByPosition[position] = searches[i] }

        return candidates.enumerated().map { position, parsed in
            let search = searchByPosition[position].map {
                index.extend($0, of: parsed.instruction, from: before, k: neighbourCount)
            }
            var rejection = parsed.rejection ?? filter.rejection(for: parsed.instruction)
                ?? filter.rejection(forInput: parsed.input, output: parsed.output)
            if rejection == nil, let search, let nearest = search.neighbours.first {
                rejection = filter.similarityRejection(nearest: nearest.text, score: search.maxFMeasure)
            }
            if rejection == nil { index.add(parsed.instruction, id: id(position)) }
            return ScreenedCandidate(parsed: parsed, search: search, rejection: rejection)
        }
    }
}
