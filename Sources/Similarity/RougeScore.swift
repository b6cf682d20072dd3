/// ROUGE-L precision, recall and F-measure of a prediction against a target.
public struct RougeScore: Sendable, Hashable {
    /// L / |prediction tokens|.
    public var precision: Double
    /// L / |target tokens|.
    public var recall: Double
    /// 2PR / (P + R), or 0 when P + R is 0.
    public var fmeasure: Double

    /// A score with the given values.
    public init(precision: Double, recall: Double, fmeasure: Double) {
        self.precision = precision
        self.recall = recall
        self.fmeasure = fmeasure
    }

    /// The score of an empty token list on either side: all zero.
    public static let zero = RougeScore(precision: 0, recall: 0, fmeasure: 0)

    /// The score for an LCS of length `lcs` between a target of `targetLength` tokens and a
    /// prediction of `predictionLength` tokens, bit for bit as rouge-score computes it.
    ///
    /// F is computed as 2PR/(P+R) from P and R, not as 2L/(m+n): the two differ in the last bit
    /// for about a third of real pairs, and at the 0.7 threshold that flips decisions.
    @inlinable
    public init(lcs: Int, targetLength: Int, predictionLength: Int) {
        guard targetLength > 0, predictionLength > 0 else {
            self = .zero
            return
        }
        let p = Double(lcs) / Double(predictionLength)
        let r = Double(lcs) / Double(targetLength)
        let f = p + r > 0 ? 2 * p * r / (p + r) : 0
        self.init(precision: p, recall: r, fmeasure: f)
    }
}

/// ROUGE-L as the rouge-score package computes it with `RougeScorer(["rougeL"],
/// use_stemmer=False)`: its default tokenizer, then the longest common subsequence of tokens.
public enum RougeL {
    /// Scores `prediction` against `target` (rouge-score's `score(target, prediction)`).
    ///
    /// Self-Instruct scores a new candidate as the target against each pool instruction as
    /// the prediction. Swapping the two swaps P and R and leaves F unchanged.
    public static func score(target: String, prediction: String) -> RougeScore {
        var vocabulary = TokenVocabulary()
        var a: [TokenVocabulary.TokenID] = []
        var b: [TokenVocabulary.TokenID] = []
        RougeTokenizer.appendTokenIDs(of: target, to: &a, vocabulary: &vocabulary)
        RougeTokenizer.appendTokenIDs(of: prediction, to: &b, vocabulary: &vocabulary)
        return score(targetTokens: a, predictionTokens: b)
    }

    /// Scores two token-id sequences interned in the same vocabulary.
    public static func score(
        targetTokens: [TokenVocabulary.TokenID], predictionTokens: [TokenVocabulary.TokenID]
    ) -> RougeScore {
        let lcs = LongestCommonSubsequence.length(targetTokens, predictionTokens)
        return RougeScore(lcs: lcs, targetLength: targetTokens.count, predictionLength: predictionTokens.count)
    }
}
