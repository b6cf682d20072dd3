/// A record a person's judgement leaves in an evaluation: an A–D rating of one response, or
/// a pairwise judgement of two. What the rating screens ask to have stored, whoever runs them.
public enum EvaluationRecord: Sendable, Hashable {
    /// A grade (or its withdrawal), for `ratings/RATER.jsonl`.
    case rating(Rating)
    /// A side-by-side judgement (or its withdrawal), for `pairwise/RATER.jsonl`.
    case judgement(PairwiseJudgement)

    /// The record with its time set to `time` (ISO 8601 text): screens leave the time to
    /// whoever stores the record, so that they stay free of clocks.
    public func stamped(_ time: String) -> EvaluationRecord {
        switch self {
        case .rating(var rating):
            rating.time = time
            return .rating(rating)
        case .judgement(var judgement):
            judgement.time = time
            return .judgement(judgement)
        }
    }
}

extension EvaluationFolder {
    /// Stores `record` durably in its rater's file.
    public func add(_ record: EvaluationRecord) throws {
        switch record {
        case .rating(let rating): try add(rating: rating)
        case .judgement(let judgement): try add(judgement: judgement)
        }
    }
}
