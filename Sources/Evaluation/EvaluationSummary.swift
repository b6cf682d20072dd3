import JSONLines
import Similarity

/// The figures of an evaluation, per system: tasks answered, mean ROUGE-L F of the response
/// against the reference, exact matches, and people's grades with 95% Wilson intervals;
/// how far raters agree; and each compared pair's wins, ties and losses.
public struct EvaluationSummary: Sendable {
    /// One system's figures.
    public struct System: Sendable {
        /// The system's name.
        public var name: String
        /// Tasks it answered.
        public var tasks: Int
        /// Mean rouge-score ROUGE-L F (target = reference, prediction = response), summed in
        /// task order; nil with no tasks.
        public var rougeLMean: Double?
        /// How ROUGE-L F spreads over its responses: minimum, first quartile, median, third
        /// quartile and maximum (linear between ranks, as numpy's percentile); empty with no tasks.
        public var rougeLQuartiles: [Double]
        /// Among its responses to classification-like tasks (`EvaluationTask.isClassificationLike`),
        /// the share equal to the reference, case and surrounding white space aside; 0 with none.
        public var exactMatch: Double
        /// Its responses to classification-like tasks, which exact match scores.
        public var classificationLike: Int
        /// Grades from every rater together.
        public var pooled: [Grade: Int]
        /// Grades by rater.
        public var byRater: [String: [Grade: Int]]

        /// Graded responses, all raters together.
        public var rated: Int { pooled.values.reduce(0, +) }

        /// The share of `grades` among the pooled grades, with its interval.
        public func share(of grades: Set<Grade>) -> WilsonInterval {
            WilsonInterval(successes: grades.reduce(0) { $0 + (pooled[$1] ?? 0) }, total: rated)
        }
    }

    /// The systems, by name.
    public var systems: [System]
    /// Agreement between each two raters.
    public var agreement: [RaterAgreement]
    /// The raters, by name.
    public var raters: [String]
    /// Each pair of systems compared side by side, every rater's judgements pooled.
    public var pairwise: [PairwiseTally]
    /// Responses raters disagree on (`RatingBook.disagreements`): the queue to settle.
    public var disagreements: Int

    /// The summary of `folder`'s tasks, responses and standing ratings.
    public init(_ folder: EvaluationFolder) {
        let book = RatingBook(folder.ratingRecords)
        raters = book.raters
        agreement = book.agreement
        disagreements = book.disagreements.count
        pairwise = PairwiseBook(folder.pairwiseRecords).tallies
        systems = folder.systems.map { name in
            let answers = folder.responses[name] ?? [:]
            var total = 0.0, count = 0, labels = 0, exact = 0, scores: [Double] = []
            for task in folder.tasks {
                guard let response = answers[task.id] else { continue }
                let score = RougeL.score(target: task.reference, prediction: response.text).fmeasure
                total += score
                scores.append(score)
                count += 1
                guard task.isClassificationLike else { continue }
                labels += 1
                if task.isExactMatch(response.text) { exact += 1 }
            }
            var byRater: [String: [Grade: Int]] = [:]
            for rater in book.raters { byRater[rater] = book.counts(system: name, rater: rater) }
            return System(name: name, tasks: count, rougeLMean: count == 0 ? nil : total / Double(count),
                          rougeLQuartiles: Self.quartiles(scores),
                          exactMatch: labels == 0 ? 0 : Double(exact) / Double(labels), classificationLike: labels,
                          pooled: book.counts(system: name), byRater: byRater)
        }
    }

    /// The summary as JSON: `{"systems": {NAME: {"tasks", "rougeL_mean", "rougeL_quartiles"
    /// ([min, q1, median, q3, max]), "exact_match",
    /// "classification_like", "ratings": {"A": n, …}, "ratings_by_rater", "acceptable"}},
    /// "agreement": {"raters", "pairs": [{"raters", "items", "kappa", "kappa_acceptable"}],
    /// "disagreements"}, "pairwise": [{"systems", "wins", "ties", "losses", "sign_test_p"}]}`,
    /// wins and losses from the first system's side.
    public var json: JSONValue {
        let systemMembers = systems.map { system -> (key: String, value: JSONValue) in
            let acceptable = system.share(of: [.a, .b])
            return (system.name, .object([
                "tasks": .number(system.tasks),
                "rougeL_mean": system.rougeLMean.map { .number($0) } ?? .null,
                "rougeL_quartiles": .array(system.rougeLQuartiles.map { .number($0) }),
                "exact_match": .number(system.exactMatch),
                "classification_like": .number(system.classificationLike),
                "ratings": Self.json(system.pooled),
                "ratings_by_rater": .object(system.byRater.sorted { $0.key < $1.key }.map { ($0.key, Self.json($0.value)) }),
                "acceptable": .object(["share": .number(acceptable.share), "low": .number(acceptable.lower), "high": .number(acceptable.upper)]),
            ]))
        }
        let pairs = agreement.map { pair -> JSONValue in
            .object([
                "raters": .array([.string(pair.raters.0), .string(pair.raters.1)]),
                "items": .number(pair.items),
                "kappa": pair.kappa.map { .number($0) } ?? .null,
                "kappa_acceptable": pair.kappaAcceptable.map { .number($0) } ?? .null,
            ])
        }
        let comparisons = pairwise.map { tally -> JSONValue in
            .object([
                "systems": .array([.string(tally.pair.first), .string(tally.pair.second)]),
                "wins": .number(tally.wins), "ties": .number(tally.ties), "losses": .number(tally.losses),
                "sign_test_p": .number(tally.signTestP),
            ])
        }
        return .object([
            "systems": .object(systemMembers),
            "agreement": .object([
                "raters": .array(raters.map { .string($0) }), "pairs": .array(pairs), "disagreements": .number(disagreements),
            ]),
            "pairwise": .array(comparisons),
        ])
    }

    /// Minimum, quartiles and maximum of `values`, linear between ranks; empty for none.
    public static func quartiles(_ values: [Double]) -> [Double] {
        guard !values.isEmpty else { return [] }
        let sorted = values.sorted()
        return [0, 0.25, 0.5, 0.75, 1].map { fraction in
            let position = fraction * Double(sorted.count - 1)
            let below = Int(position.rounded(.down)), above = Int(position.rounded(.up))
            return sorted[below] + (sorted[above] - sorted[below]) * (position - Double(below))
        }
    }

    private static func json(_ counts: [Grade: Int]) -> JSONValue {
        .object(Grade.allCases.map { ($0.rawValue, .number(counts[$0] ?? 0)) })
    }
}
