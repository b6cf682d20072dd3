/// The cheap instruction filters: empty, control characters (ours: text that would act on a
/// terminal), then upstream's in its order (reference §1.2 step 4, §2): word count, keywords,
/// "Write a program", leading punctuation, leading non-ASCII character. The first that fails
/// gives the reason.
///
/// The ROUGE-L near-duplicate filter is the engine's to run, after these, against the
/// similarity index; `similarityRejection` holds its threshold rule so both live here.
public struct InstructionFilter: Sendable {
    /// Refused whole words, any case; the first found in this order is reported.
    public var keywords: [String]
    /// Allowed word counts.
    public var wordCount: ClosedRange<Int>
    /// Scores strictly above this are near-duplicates.
    public var similarityThreshold: Double

    /// The filters of `recipe`.
    public init(recipe: Recipe) {
        keywords = recipe.keywords
        wordCount = recipe.wordCount
        similarityThreshold = recipe.similarityThreshold
    }

    /// The reason the first failing cheap filter gives, or nil if `instruction` passes them
    /// all. Expects the instruction as the parser left it (stripped and cased, and for
    /// Self-Instruct collapsed), since "Write a program" is matched case-sensitively.
    ///
    /// Alpaca has no separate emptiness check; an empty item fails its word count instead. We
    /// report "empty" for both, which refuses the same items.
    public func rejection(for instruction: String) -> RejectionReason? {
        verdict(for: instruction).rejection
    }

    /// The rejection of an Alpaca candidate's `input` or `output`: a control character, as
    /// in the instruction; nil if both are clean.
    public func rejection(forInput input: String, output: String) -> RejectionReason? {
        (ControlCharacters.firstCodePoint(in: input) ?? ControlCharacters.firstCodePoint(in: output))
            .map(RejectionReason.controlCharacters)
    }

    /// The near-duplicate rejection for a candidate whose highest ROUGE-L F (candidate as
    /// target) is `score`, against `nearest`; nil if `score` is not above the threshold.
    ///
    /// Strictly greater, as upstream: exactly 0.7 passes, but 0.7000000000000001, which many
    /// mathematically-0.7 pairs produce (reference §4.4), is refused.
    public func similarityRejection(nearest: String, score: Double) -> RejectionReason? {
        FilterCheck.similarity(best: score, nearest: nearest, threshold: similarityThreshold).rejection
    }
}
