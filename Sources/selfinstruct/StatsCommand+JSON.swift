import Engine
import JSONLines
import Pool

extension StatsCommand {
    /// The figures of `stats --json`: records by status and rejection reason, acceptance by
    /// endpoint and model, and spending, as one JSON object.
    static func json(_ stats: PoolStats, spending: Spending) -> JSONValue {
        func number(_ value: Int) -> JSONValue { .number(String(value)) }
        func counts(_ counts: [String: Int]) -> JSONValue {
            .object(counts.sorted { $0.key < $1.key }.map { ($0.key, number($0.value)) })
        }
        let byEndpoint = stats.byOrigin.map { counts -> JSONValue in
            .object([
                ("endpoint", .string(counts.origin.endpointName)),
                ("model", counts.origin.model.map { .string($0) } ?? .null),
                ("accepted", number(counts.accepted)),
                ("rejected", number(counts.rejected)),
                ("pending", number(counts.pending)),
                ("acceptance_rate", counts.acceptanceRate.map { .number(String(format: "%.4f", $0)) } ?? .null),
            ])
        }
        return .object([
            ("records", counts(Dictionary(uniqueKeysWithValues: RecordStatus.allCases.map { ($0.rawValue, stats.byStatus[$0] ?? 0) }))),
            ("rejected_by_reason", counts(stats.rejectedByReason)),
            ("by_endpoint", .array(byEndpoint)),
            ("spending", .object([
                ("requests", number(spending.requests)),
                ("prompt_tokens", number(spending.promptTokens)),
                ("completion_tokens", number(spending.completionTokens)),
                ("cost", .number(String(format: "%.6f", spending.cost))),
            ])),
        ])
    }
}
