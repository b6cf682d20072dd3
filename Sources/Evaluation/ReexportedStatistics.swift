// Evaluation's public API carries Statistics' types (`EvaluationSummary` shares are
// `WilsonInterval`s; agreement is `CohensKappa`), so importing Evaluation brings them with it.
@_exported import Statistics
