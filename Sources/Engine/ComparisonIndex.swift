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
    /// Leaves out the seeds that are not classification tasks, as upstream's
    /// `--use_clf_seed_tasks_only` compares with the classification seeds alone.
    public let classificationSeedsOnly: Bool
    /// Threads a search may use (nil: every core).
    private let threads: Int?
    /// The index, while it matches the pool.
    private var built: NearestNeighbourIndex?

    /// An index over the records with a status in `compared`, searched on `threads` threads.
    public init(comparing compared: Set<RecordStatus>, classificationSeedsOnly: Bool = false, threads: Int? = nil) {
        self.compared = compared
        self.classificationSeedsOnly = classificationSeedsOnly
        self.threads = threads
    }

    /// What generation in `mode` compares with: a supervised run counts pending candidates
    /// too, so two near-duplicates never both wait for a person. A recipe asking for
    /// classification tasks only compares with the classification seeds alone.
    public static func forGeneration(_ mode: GenerationMode, recipe: Recipe = .selfInstruct(), threads: Int? = nil) -> ComparisonIndex {
        ComparisonIndex(comparing: mode == .auto ? [.seed, .accepted] : [.seed, .accepted, .pending],
                        classificationSeedsOnly: recipe.classificationTasksOnly, threads: threads)
    }

    /// Whether a record with this status and classification is compared with.
    private func isCompared(_ status: RecordStatus, isClassification: Bool?) -> Bool {
        compared.contains(status) && !(classificationSeedsOnly && status == .seed && isClassification != true)
    }

    /// The index over `pool`, built now if a change dropped it.
    public mutating func index(over pool: PoolFile) -> NearestNeighbourIndex {
        if let built { return built }
        let index = NearestNeighbourIndex(threads: threads)
        for entry in pool.entries where isCompared(entry.status, isClassification: entry.isClassification) {
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
        let isNowCompared = isCompared(after.status, isClassification: after.isClassification)
        guard let before else {
            if isNowCompared { built = nil }
            return
        }
        let wasCompared = isCompared(before.status, isClassification: before.isClassification)
        if wasCompared != isNowCompared || (isNowCompared && before.instruction != after.instruction) { built = nil }
    }

    /// The compared instructions nearest to `text` (ROUGE-L F, `text` as target), highest
    /// first, leaving out the record `excluding`. Only the length groups that could rank are
    /// scored, so a query stays fast at a million.
    public mutating func nearest(to text: String, k: Int, excluding id: String? = nil, in pool: PoolFile) -> [Neighbour] {
        let neighbours = index(over: pool).nearest(text, k: k + (id == nil ? 0 : 1)).neighbours
        return Array(neighbours.lazy.filter { $0.id != id }.prefix(k))
    }
}
