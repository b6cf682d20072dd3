/// The pairwise judgements that hold: for each rater, task and pair, the latest record,
/// unless it was withdrawn (undone) after; and each pair's wins, ties and losses.
public struct PairwiseBook: Sendable {
    /// A task compared for a pair.
    public struct Key: Sendable, Hashable {
        /// The task.
        public var taskID: String
        /// The systems compared.
        public var pair: SystemPair
    }

    /// Rater → task and pair → their standing judgement.
    public private(set) var standing: [String: [Key: PairwiseJudgement]] = [:]

    /// The book of `records`, read in the order they were written.
    public init(_ records: [PairwiseJudgement]) {
        for record in records {
            let key = Key(taskID: record.taskID, pair: record.pair)
            if record.choice == nil {
                standing[record.rater]?[key] = nil
            } else {
                standing[record.rater, default: [:]][key] = record
            }
        }
    }

    /// Every pair with a standing judgement, each rater's judgements pooled, in name order.
    public var tallies: [PairwiseTally] {
        var tallies: [SystemPair: PairwiseTally] = [:]
        for judgement in standing.values.flatMap(\.values) {
            var tally = tallies[judgement.pair] ?? PairwiseTally(pair: judgement.pair)
            switch judgement.winner {
            case judgement.pair.first?: tally.wins += 1
            case judgement.pair.second?: tally.losses += 1
            default: tally.ties += 1
            }
            tallies[judgement.pair] = tally
        }
        return tallies.values.sorted { ($0.pair.first, $0.pair.second) < ($1.pair.first, $1.pair.second) }
    }
}

/// How a pair's comparisons came out, from the first system's side (the one whose name sorts
/// first): its wins, the ties and its losses.
public struct PairwiseTally: Sendable, Hashable {
    /// The systems compared.
    public var pair: SystemPair
    /// Comparisons the first system won.
    public var wins = 0
    /// Comparisons judged a tie.
    public var ties = 0
    /// Comparisons the second system won.
    public var losses = 0

    /// An empty tally for `pair`.
    public init(pair: SystemPair) { self.pair = pair }

    /// The two-sided sign test's p on wins against losses, ties dropped.
    public var signTestP: Double { SignTest.pValue(wins: wins, losses: losses) }
}
