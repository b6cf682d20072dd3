import Pool
import Similarity

/// The instructions new candidates and edits are compared with (seeds and accepted records,
/// and in supervised mode pending ones) as a nearest-neighbour index: built from the pool when
/// first needed, and dropped when a change adds, removes or rewrites one of them, so that a
/// search never sees a text the pool no longer compares with.
///
/// One type for the engine and for curating without generation, so that both judge by the
/// same rules.
public struct ComparisonIndex {
    /// The statuses whose records are compared with.
    public let compared: Set<RecordStatus>
    /// Threads a search may use (nil: every core).
    private let threads: Int?
    /// The index, while it matches the pool.
    private var built: NearestNeighbourIndex?

    /// An index over the records with a status in `compared`, searched on `threads` threads.
    public init(comparing compared: Set<RecordStatus>, threads: Int? = nil) {
        self.compared = compared
        self.threads = threads
    }

    /// What generation in `mode` compares with: a supervised run counts pending candidates
    /// too, so two near-duplicates never both wait for a person.
    public static func forGeneration(_ mode: GenerationMode, threads: Int? = nil) -> ComparisonIndex {
        ComparisonIndex(comparing: mode == .auto ? [.seed, .accepted] : [.seed, .accepted, .pending], threads: threads)
    }

    /// The index over `pool`, built now if a change dropped it.
    public mutating func index(over pool: PoolFile) -> NearestNeighbourIndex {
        if let built { return built }
        let index = NearestNeighbourIndex(threads: threads)
        for entry in pool.entries where compared.contains(entry.status) {
            index.add(entry.instruction, id: entry.id)
        }
        built = index
        return index
    }

    /// Drops the index, to be built again from the pool (after a round that did not reach
    /// the pool, say).
    public mutating func invalidate() {
        built = nil
    }

    /// Follows a change to a record: the index is dropped when the record joins or leaves the
    /// compared ones, or a compared record's instruction changed.
    public mutating func noteChange(from before: PoolEntry?, to after: PoolRecord) {
        guard let before else {
            if compared.contains(after.status) { built = nil }
            return
        }
        let wasCompared = compared.contains(before.status), isCompared = compared.contains(after.status)
        if wasCompared != isCompared || (isCompared && before.instruction != after.instruction) { built = nil }
    }

    /// The compared instructions nearest to `text` (ROUGE-L F, `text` as target), highest
    /// first, leaving out the record `excluding`.
    public mutating func nearest(to text: String, k: Int, excluding id: String? = nil, in pool: PoolFile) -> [Neighbour] {
        let neighbours = index(over: pool).search(text, k: k + (id == nil ? 0 : 1)).neighbours
        return Array(neighbours.lazy.filter { $0.id != id }.prefix(k))
    }
}
