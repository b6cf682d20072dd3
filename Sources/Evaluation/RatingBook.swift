/// The ratings that hold: for each rater and response, the latest record, unless it was
/// withdrawn (undone) after.
public struct RatingBook: Sendable {
    /// Rater → response → their standing rating.
    public private(set) var standing: [String: [RatedItem: Rating]] = [:]

    /// The book of `records`, read in the order they were written.
    public init(_ records: [Rating]) {
        for record in records {
            if record.grade == nil {
                standing[record.rater]?[record.item] = nil
            } else {
                standing[record.rater, default: [:]][record.item] = record
            }
        }
    }

    /// Raters with at least one standing rating, sorted.
    public var raters: [String] { standing.filter { !$0.value.isEmpty }.keys.sorted() }

    /// How many of `system`'s responses got each grade from `rater`, or from everyone
    /// (each rater's grade counted) when `rater` is nil.
    public func counts(system: String, rater: String? = nil) -> [Grade: Int] {
        var counts: [Grade: Int] = [:]
        for (name, ratings) in standing where rater == nil || name == rater {
            for (item, rating) in ratings where item.system == system {
                if let grade = rating.grade { counts[grade, default: 0] += 1 }
            }
        }
        return counts
    }

    /// The responses raters disagree on, each with every rater's grade: graded by at least
    /// two raters, not all alike. The queue a person settles (`eval rate --disagreements`):
    /// a response leaves it once its raters agree.
    public var disagreements: [RatedItem: [String: Grade]] {
        var grades: [RatedItem: [String: Grade]] = [:]
        for (rater, ratings) in standing {
            for (item, rating) in ratings { grades[item, default: [:]][rater] = rating.grade }
        }
        return grades.filter { Set($0.value.values).count > 1 }
    }

    /// Agreement between every two raters, over the responses both rated.
    public var agreement: [RaterAgreement] {
        let names = raters
        var result: [RaterAgreement] = []
        for (i, first) in names.enumerated() {
            for second in names[(i + 1)...] {
                let mine = standing[first] ?? [:], theirs = standing[second] ?? [:]
                let pairs = mine.compactMap { item, rating -> (Grade, Grade)? in
                    guard let a = rating.grade, let b = theirs[item]?.grade else { return nil }
                    return (a, b)
                }
                result.append(RaterAgreement(raters: (first, second), items: pairs.count,
                                             kappa: CohensKappa.kappa(pairs),
                                             kappaAcceptable: CohensKappa.kappa(pairs.map { ($0.isAcceptable, $1.isAcceptable) })))
            }
        }
        return result
    }
}

/// How far two raters agree: Cohen's kappa on the four grades, and on acceptable (A/B)
/// against not (C/D), the split the paper's conclusions rest on.
public struct RaterAgreement: Sendable {
    /// The two raters, in name order.
    public var raters: (String, String)
    /// Responses both rated.
    public var items: Int
    /// κ on A/B/C/D; nil when undefined (no common items, or one grade throughout).
    public var kappa: Double?
    /// κ on acceptable or not; nil when undefined.
    public var kappaAcceptable: Double?
}
