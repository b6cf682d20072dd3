/// One pool instruction and its ROUGE-L F against a query.
public struct Neighbour: Sendable, Hashable {
    /// Position of the instruction in the index (order of `add`).
    public var index: Int
    /// The caller's id for the instruction.
    public var id: String
    /// The instruction text.
    public var text: String
    /// ROUGE-L F of the query (target) against this instruction (prediction).
    public var fmeasure: Double

    /// The instruction at `index` with its caller's `id`, `text` and F.
    public init(index: Int, id: String, text: String, fmeasure: Double) {
        self.index = index
        self.id = id
        self.text = text
        self.fmeasure = fmeasure
    }
}

/// The result of comparing one query with every instruction in an index.
public struct NeighbourSearch: Sendable, Hashable {
    /// The most similar instructions, highest F first; ties go to the earlier instruction.
    public var neighbours: [Neighbour]
    /// The highest F over the whole index (0 when the index is empty).
    public var maxFMeasure: Double
    /// The sum of F over every instruction compared; nil for `nearest`, which skips the
    /// instructions that cannot rank.
    public var fmeasureSum: Double?
    /// How many instructions the query was compared with (or ruled out by a bound).
    public var comparedCount: Int

    /// The mean F over every instruction compared: upstream's `avg_similarity_score`; nil
    /// for `nearest`, for a mean needs every pair and is never approximated.
    public var meanFMeasure: Double? {
        guard let fmeasureSum else { return nil }
        return comparedCount == 0 ? 0 : fmeasureSum / Double(comparedCount)
    }

    /// Whether the upstream filter rejects the query: its highest F is strictly above
    /// `threshold` (exactly 0.7 passes; 0.7000000000000001 does not).
    public func isNearDuplicate(threshold: Double) -> Bool {
        maxFMeasure > threshold
    }
}

/// The k best (F, index) pairs seen so far, best first; ties go to the lower index.
struct TopNeighbours {
    let capacity: Int
    private(set) var scores: [Double] = []
    private(set) var indices: [Int] = []

    init(capacity: Int) {
        self.capacity = max(capacity, 1)
        scores.reserveCapacity(self.capacity)
        indices.reserveCapacity(self.capacity)
    }

    var isFull: Bool { scores.count == capacity }

    /// The weakest kept score, which a newcomer must reach to be considered.
    var entryScore: Double { isFull ? scores[scores.count - 1] : -.infinity }

    /// Keeps (score, index) if it ranks among the best `capacity`.
    mutating func offer(_ score: Double, index: Int) {
        if isFull {
            let last = scores.count - 1
            guard score > scores[last] || (score == scores[last] && index < indices[last]) else { return }
            scores.removeLast()
            indices.removeLast()
        }
        var position = scores.count
        while position > 0
            && (score > scores[position - 1] || (score == scores[position - 1] && index < indices[position - 1]))
        {
            position -= 1
        }
        scores.insert(score, at: position)
        indices.insert(index, at: position)
    }
}
