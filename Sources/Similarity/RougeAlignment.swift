/// ROUGE-L between two texts with the tokens its longest common subsequence matched on each
/// side: what a person needs to see why two instructions score as they do.
public struct RougeAlignment: Sendable, Hashable {
    /// The target's tokens (in Self-Instruct, the candidate).
    public var targetTokens: [RougeToken]
    /// The prediction's tokens (the pool instruction it is compared with).
    public var predictionTokens: [RougeToken]
    /// Positions in `targetTokens` of one longest common subsequence, ascending; empty when
    /// the texts are too long to align (see `isAligned`).
    public var matchedTarget: [Int]
    /// The matching positions in `predictionTokens`.
    public var matchedPrediction: [Int]
    /// The score, exactly as `RougeL.score` gives it.
    public var score: RougeScore
    /// False when the two token counts multiplied exceed `cellLimit`: the score is still
    /// exact, but no tokens are marked.
    public var isAligned: Bool

    /// The most token pairs aligned (16 MB of table): two instructions fit many times over,
    /// a record of megabytes against its neighbour does not.
    public static let cellLimit = 4_000_000

    /// Scores `prediction` against `target` and aligns their tokens.
    public init(target: String, prediction: String) {
        targetTokens = RougeTokenizer.tokensWithRanges(of: target)
        predictionTokens = RougeTokenizer.tokensWithRanges(of: prediction)
        score = RougeL.score(target: target, prediction: prediction)
        isAligned = targetTokens.count * predictionTokens.count <= Self.cellLimit
        let alignment = isAligned
            ? LongestCommonSubsequence.alignment(targetTokens.map(\.text), predictionTokens.map(\.text))
            : LongestCommonSubsequence.Alignment(first: [], second: [])
        matchedTarget = alignment.first
        matchedPrediction = alignment.second
    }
}
