/// ROUGE-L between two texts with the tokens its longest common subsequence matched on each
/// side: what a person needs to see why two instructions score as they do.
public struct RougeAlignment: Sendable, Hashable {
    /// The target's tokens (in Self-Instruct, the candidate); empty when not aligned.
    public var targetTokens: [RougeToken]
    /// The prediction's tokens (the pool instruction it is compared with); empty when not aligned.
    public var predictionTokens: [RougeToken]
    /// Positions in `targetTokens` of one longest common subsequence, ascending.
    public var matchedTarget: [Int]
    /// The matching positions in `predictionTokens`.
    public var matchedPrediction: [Int]
    /// How many tokens the target has.
    public var targetTokenCount: Int
    /// How many tokens the prediction has.
    public var predictionTokenCount: Int
    /// The score, exactly as `RougeL.score` gives it.
    public var score: RougeScore
    /// False when the two token counts multiplied exceed `cellLimit`: the score is still
    /// exact, but no tokens are listed or matched.
    public var isAligned: Bool

    /// The most token pairs aligned (16 MB of table): two instructions fit many times over,
    /// a record of megabytes against its neighbour does not.
    public static let cellLimit = 4_000_000

    /// Scores `prediction` against `target` and aligns their tokens.
    public init(target: String, prediction: String) {
        score = RougeL.score(target: target, prediction: prediction)
        targetTokenCount = Self.tokenCount(target)
        predictionTokenCount = Self.tokenCount(prediction)
        isAligned = targetTokenCount * predictionTokenCount <= Self.cellLimit
        guard isAligned else {
            (targetTokens, predictionTokens, matchedTarget, matchedPrediction) = ([], [], [], [])
            return
        }
        targetTokens = RougeTokenizer.tokensWithRanges(of: target)
        predictionTokens = RougeTokenizer.tokensWithRanges(of: prediction)
        let alignment = LongestCommonSubsequence.alignment(targetTokens.map(\.text), predictionTokens.map(\.text))
        matchedTarget = alignment.first
        matchedPrediction = alignment.second
    }

    /// The number of tokens of `text`, without making them.
    private static func tokenCount(_ text: String) -> Int {
        var count = 0
        RougeTokenizer.forEachToken(in: text) { _ in count += 1 }
        return count
    }
}
