/// Cohen's kappa: how much two raters agree beyond what their own grade frequencies would
/// give by chance, κ = (pₒ − pₑ) / (1 − pₑ).
public enum CohensKappa {
    /// κ over paired labels (`pairs[i]` is both raters' label of item i); nil with no
    /// pairs, or when chance agreement is certain (both gave one and the same label to
    /// everything), where κ is 0/0.
    public static func kappa<Label: Hashable>(_ pairs: [(Label, Label)]) -> Double? {
        guard !pairs.isEmpty else { return nil }
        let n = Double(pairs.count)
        var first: [Label: Double] = [:], second: [Label: Double] = [:]
        var agreed = 0.0
        for (a, b) in pairs {
            first[a, default: 0] += 1
            second[b, default: 0] += 1
            if a == b { agreed += 1 }
        }
        let observed = agreed / n
        let chance = first.reduce(0.0) { $0 + ($1.value / n) * ((second[$1.key] ?? 0) / n) }
        guard chance < 1 else { return nil }
        return (observed - chance) / (1 - chance)
    }
}
