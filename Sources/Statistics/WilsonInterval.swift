import Foundation

/// A share with its 95% Wilson score interval: unlike p ± 1.96·√(p(1−p)/n), it stays inside
/// 0…1 and is honest for the small counts a person's ratings give.
public struct WilsonInterval: Sendable, Hashable {
    /// successes / total (0 when total is 0).
    public var share: Double
    /// The interval's lower end.
    public var lower: Double
    /// The interval's upper end.
    public var upper: Double

    /// z for a two-sided 95% interval.
    public static let z95 = 1.959963984540054

    /// The share `successes / total` and its interval at `z`; for no trials, 0 in 0…1.
    public init(successes: Int, total: Int, z: Double = WilsonInterval.z95) {
        guard total > 0 else {
            (share, lower, upper) = (0, 0, 1)
            return
        }
        let n = Double(total), p = Double(successes) / n, z2 = z * z
        let denominator = 1 + z2 / n
        let centre = (p + z2 / (2 * n)) / denominator
        let half = z / denominator * (p * (1 - p) / n + z2 / (4 * n * n)).squareRoot()
        share = p
        lower = max(0, centre - half)
        upper = min(1, centre + half)
    }
}
