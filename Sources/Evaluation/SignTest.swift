import Foundation

/// The exact two-sided sign test: how likely a split at least as uneven as `wins` to
/// `losses` is if each side were equally likely to win. Ties are left out before it is
/// asked, as the test prescribes.
public enum SignTest {
    /// p = min(1, 2·P(X ≤ min(wins, losses))) for X ~ Binomial(wins + losses, ½); 1 with no
    /// wins or losses. Each term comes from log-gamma, so large counts neither overflow nor
    /// underflow to a sum of zeros.
    public static func pValue(wins: Int, losses: Int) -> Double {
        let n = wins + losses
        guard n > 0 else { return 1 }
        let logAll = lgamma(Double(n + 1)) - Double(n) * log(2.0)
        var tail = 0.0
        for k in 0...min(wins, losses) {
            let logTerm: Double = logAll - lgamma(Double(k + 1)) - lgamma(Double(n - k + 1))
            tail += exp(logTerm)
        }
        return min(1, 2 * tail)
    }
}
