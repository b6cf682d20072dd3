import Engine
import JSONLines
import Pool
import QualityReview
import VerbNoun

/// Every figure of `selfinstruct stats` as one JSON document, with stable snake_case keys
/// (listed in the README). Counts are integers; a mean of nothing is null.
struct StatsDocument {
    let stats: PoolStats
    let seedSimilarity: SeedSimilarity
    let spending: Spending
    /// The verb–noun counts, when asked for (`--verbs`).
    let verbNoun: VerbNounSummary?
    /// The quality review's results, when a sample was drawn.
    let review: ReviewSummary?

    var json: JSONValue {
        let statuses = RecordStatus.allCases
        return .object([
            ("records", .object(statuses.map { ($0.rawValue, .number(stats.byStatus[$0] ?? 0)) }
                + [("total", .number(stats.byStatus.values.reduce(0, +)))])),
            ("table", .object(statuses.map { ($0.rawValue, Self.figures(stats.figuresByStatus[$0] ?? TaskFigures())) }
                + [("total", Self.figures(stats.totalFigures))])),
            ("rejected_by_reason", Self.counts(stats.rejectedByReason)),
            ("by_endpoint", byEndpoint),
            ("tasks_without_instances_by_reason", Self.counts(stats.noInstancesByReason)),
            ("instances_dropped_by_reason", Self.counts(stats.droppedInstancesByReason)),
            ("defects", .object(stats.defects.map { ($0.label, .number($0.count)) })),
            ("histograms", .object([
                ("instances_per_task", Self.bins(stats.instancesPerTask)),
                ("nearest_similarity", Self.bins(stats.nearestSimilarity)),
                ("seed_similarity", Self.bins(seedSimilarity.bins)),
                ("instruction_words", Self.bins(stats.instructionLength)),
                ("input_words", Self.bins(stats.inputLength)),
                ("output_words", Self.bins(stats.outputLength)),
                ("leading_words", Self.bins(stats.leadingVerbs)),
            ])),
            ("seed_similarity", .object([
                ("scored", .number(seedSimilarity.scoredCount)),
                ("mean", seedSimilarity.mean.map { .number($0) } ?? .null),
            ])),
            ("verb_noun", verbNounJSON),
            ("review", review?.json ?? .null),
            ("spending", .object([
                ("requests", .number(spending.requests)),
                ("estimated_requests", .number(spending.estimatedRequests)),
                ("prompt_tokens", .number(spending.promptTokens)),
                ("completion_tokens", .number(spending.completionTokens)),
                ("cost", .number(spending.cost)),
            ])),
        ])
    }

    /// `{"instructions", "with_pair", "verbs": [{"verb", "count", "nouns": [{"noun", "count"}]}]}`, null without `--verbs`.
    private var verbNounJSON: JSONValue {
        guard let verbNoun else { return .null }
        return .object([
            ("instructions", .number(verbNoun.instructionCount)), ("with_pair", .number(verbNoun.structuredCount)),
            ("verbs", .array(verbNoun.verbs.map { row -> JSONValue in
                .object([
                    ("verb", .string(row.verb)), ("count", .number(row.count)),
                    ("nouns", .array(row.nouns.map { .object([("noun", .string($0.noun)), ("count", .number($0.count))]) })),
                ])
            })),
        ])
    }

    /// Acceptance per named endpoint and model.
    private var byEndpoint: JSONValue {
        .array(stats.byOrigin.map { counts -> JSONValue in
            let rate: JSONValue = counts.acceptanceRate.map { .number($0) } ?? .null
            let model: JSONValue = counts.origin.model.map { .string($0) } ?? .null
            return .object([
                ("endpoint", .string(counts.origin.endpointName)), ("model", model), ("accepted", .number(counts.accepted)),
                ("rejected", .number(counts.rejected)), ("pending", .number(counts.pending)), ("acceptance_rate", rate),
            ])
        })
    }

    private static func figures(_ figures: TaskFigures) -> JSONValue {
        func mean(_ value: Double?) -> JSONValue { value.map { .number($0) } ?? .null }
        return .object([
            ("tasks", .number(figures.tasks)),
            ("classification", .number(figures.classification)),
            ("non_classification", .number(figures.nonClassification)),
            ("unclassified", .number(figures.unclassified)),
            ("instances", .number(figures.instances)),
            ("instances_with_empty_input", .number(figures.emptyInputs)),
            ("mean_instruction_words", mean(figures.meanInstructionWords)),
            ("mean_input_words", mean(figures.meanInputWords)),
            ("mean_output_words", mean(figures.meanOutputWords)),
        ])
    }

    private static func counts(_ counts: [String: Int]) -> JSONValue {
        .object(counts.sorted { $0.key < $1.key }.map { ($0.key, .number($0.value)) })
    }

    private static func bins(_ bins: [PoolStats.Bin]) -> JSONValue {
        .array(bins.map { .object([("label", .string($0.label)), ("count", .number($0.count))]) })
    }
}
