import Foundation
import Pool
import QualityReview
import SVGDrawing
import VerbNoun

/// A dataset card in the Hugging Face layout for a pool's data: YAML front matter, how the
/// data was made, the paper's section 3 figures (Table 1, the verb–noun chart, lengths,
/// similarity to the seeds, the quality review of Table 2) and the defect counts, with the
/// figures as SVG files beside the card. Plain data in, files out; the command and the
/// workbench gather the figures.
public struct DatasetCard: Sendable {
    /// The dataset's name, the card's title.
    public var name: String
    /// How the data was made.
    public var making: Making
    /// The pool's statistics (Table 1, histograms, defect counts).
    public var stats: PoolStats
    /// ROUGE-L F of each generated instruction to its most similar seed, in bins of 0.1.
    public var seedSimilarity: [PoolStats.Bin]
    /// The mean of those scores; nil when nothing was scored.
    public var seedSimilarityMean: Double?
    /// The verb–noun analysis; nil when it was not run (spaCy missing).
    public var verbNoun: VerbNounSummary?
    /// The person's quality review; nil when nobody reviewed.
    public var review: ReviewSummary?
    /// The data file written beside the card, its format, and how many records it holds.
    public var data: DataFile
    /// ISO 639-1 codes of the data's languages.
    public var languages: [String]

    /// A card for `name` from its parts.
    public init(
        name: String, making: Making, stats: PoolStats, seedSimilarity: [PoolStats.Bin], seedSimilarityMean: Double?,
        verbNoun: VerbNounSummary?, review: ReviewSummary?, data: DataFile, languages: [String]
    ) {
        self.name = name
        self.making = making
        self.stats = stats
        self.seedSimilarity = seedSimilarity
        self.seedSimilarityMean = seedSimilarityMean
        self.verbNoun = verbNoun
        self.review = review
        self.data = data
        self.languages = languages
    }

    /// The card's files by name: README.md and the figures it shows.
    public var files: [(name: String, text: String)] {
        var files = [("README.md", markdown), ("lengths.svg", lengthsSVG), ("seed-similarity.svg", seedSimilaritySVG)]
        if let verbNoun, verbNoun.structuredCount > 0 { files.append(("verb-noun.svg", verbNoun.svg)) }
        return files
    }

    /// The length histograms of the paper's Figure 3.
    var lengthsSVG: String {
        HistogramChart.svg([
            .init(title: "Instruction length (words)", bins: stats.instructionLength.map { ($0.label, $0.count) }),
            .init(title: "Non-empty input length (words)", bins: stats.inputLength.map { ($0.label, $0.count) }),
            .init(title: "Output length (words)", bins: stats.outputLength.map { ($0.label, $0.count) }),
        ])
    }

    /// The histogram of the paper's Figure 4.
    var seedSimilaritySVG: String {
        HistogramChart.svg([.init(title: "ROUGE-L F to the most similar seed", bins: seedSimilarity.map { ($0.label, $0.count) })])
    }

    /// The Hugging Face size category of `count` records.
    static func sizeCategory(_ count: Int) -> String {
        switch count {
        case ..<1_000: "n<1K"
        case ..<10_000: "1K<n<10K"
        case ..<100_000: "10K<n<100K"
        case ..<1_000_000: "100K<n<1M"
        case ..<10_000_000: "1M<n<10M"
        default: "10M<n<100M"
        }
    }
}

extension DatasetCard {
    /// How the data was made: the models and endpoint, the recipe and its threshold, the
    /// rounds, the seeds, and what the requests cost.
    public struct Making: Sendable {
        /// The models that answered, by name.
        public var models: [String]
        /// `completions` or `chat`; nil when unknown.
        public var endpointKind: String?
        /// The recipe (`self-instruct`, `alpaca`).
        public var recipe: String
        /// The ROUGE-L F threshold of the similarity filter.
        public var threshold: Double
        /// Generation rounds run.
        public var rounds: Int
        /// Seed tasks the pool started from.
        public var seeds: Int
        /// Requests made, over every stage.
        public var requests: Int
        /// Prompt tokens over every request.
        public var promptTokens: Int
        /// Completion tokens over every request.
        public var completionTokens: Int
        /// What the requests cost at the configured prices; nil when unpriced.
        public var cost: Double?

        /// The making of a dataset from its parts.
        public init(
            models: [String], endpointKind: String?, recipe: String, threshold: Double, rounds: Int, seeds: Int,
            requests: Int, promptTokens: Int, completionTokens: Int, cost: Double?
        ) {
            self.models = models
            self.endpointKind = endpointKind
            self.recipe = recipe
            self.threshold = threshold
            self.rounds = rounds
            self.seeds = seeds
            self.requests = requests
            self.promptTokens = promptTokens
            self.completionTokens = completionTokens
            self.cost = cost
        }
    }

    /// The data file beside the card.
    public struct DataFile: Sendable {
        /// Its file name, e.g. `data.jsonl`.
        public var name: String
        /// The export format it was written in (`alpaca`, `upstream`, ...).
        public var format: String
        /// Records in it.
        public var records: Int

        /// The file `name` of `records` records in `format`.
        public init(name: String, format: String, records: Int) {
            self.name = name
            self.format = format
            self.records = records
        }
    }
}
