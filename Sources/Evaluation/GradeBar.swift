/// A system's grades as a stacked bar of whole character cells, the terminal's Figure 6: A at
/// the left to D at the right, each grade as wide as its share of the cells, rounded by
/// largest remainders so the parts always fill the bar exactly.
public enum GradeBar {
    /// The character each grade's cells show (█ A, ▓ B, ▒ C, ░ D), so the bar reads without
    /// colour too.
    public static func character(_ grade: Grade) -> Character {
        switch grade {
        case .a: "█"
        case .b: "▓"
        case .c: "▒"
        case .d: "░"
        }
    }

    /// How many of `width` cells each grade takes, A to D; all zero when nothing is graded.
    public static func widths(_ counts: [Grade: Int], width: Int) -> [(grade: Grade, width: Int)] {
        let total = Grade.allCases.reduce(0) { $0 + max(0, counts[$1] ?? 0) }
        guard total > 0, width > 0 else { return Grade.allCases.map { ($0, 0) } }
        let exact = Grade.allCases.map { Double(max(0, counts[$0] ?? 0)) * Double(width) / Double(total) }
        var widths = exact.map { Int($0) }
        // The cells rounding down left over go to the largest remainders, A first on a tie.
        let remainders = exact.indices.map { exact[$0] - Double(widths[$0]) }
        let order = exact.indices.sorted { remainders[$0] != remainders[$1] ? remainders[$0] > remainders[$1] : $0 < $1 }
        for index in order.prefix(width - widths.reduce(0, +)) { widths[index] += 1 }
        return zip(Grade.allCases, widths).map { ($0, $1) }
    }

    /// The bar as text, `width` characters; spaces when nothing is graded.
    public static func text(_ counts: [Grade: Int], width: Int) -> String {
        let parts = widths(counts, width: width)
        guard parts.contains(where: { $0.width > 0 }) else { return String(repeating: " ", count: max(0, width)) }
        return parts.map { String(repeating: character($0.grade), count: $0.width) }.joined()
    }
}
