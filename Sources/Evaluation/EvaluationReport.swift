import Foundation

/// The report of an evaluation: a Markdown page, the Figure 6 chart (SVG), a CSV of each
/// system's figures and one of the pairwise comparisons, written from an `EvaluationSummary`.
public enum EvaluationReport {
    /// The files a report is made of, by name.
    public static func files(_ summary: EvaluationSummary) -> [(name: String, text: String)] {
        [("report.md", markdown(summary)), ("ratings.svg", RatingChart.svg(summary.systems)), ("systems.csv", csv(summary)),
         ("pairwise.csv", pairwiseCSV(summary))]
    }

    /// One row per pair of systems compared side by side (the header alone when none were):
    /// the first system's wins, the ties, its losses, and the exact two-sided sign test's p
    /// on wins against losses, ties left out.
    public static func pairwiseCSV(_ summary: EvaluationSummary) -> String {
        var text = "first,second,wins,ties,losses,sign_test_p\n"
        for tally in summary.pairwise {
            let fields = [csvField(tally.pair.first), csvField(tally.pair.second), String(tally.wins), String(tally.ties),
                          String(tally.losses), "\(tally.signTestP)"]
            text += fields.joined(separator: ",") + "\n"
        }
        return text
    }

    /// One row per system: tasks, ROUGE-L (mean and quartiles), exact matches and the classification-like tasks
    /// they are counted over, pooled grades, and the acceptable (A/B) share with its 95%
    /// Wilson interval.
    public static func csv(_ summary: EvaluationSummary) -> String {
        var text = "system,tasks,rougeL_mean,rougeL_q1,rougeL_median,rougeL_q3,exact_match,classification_like,A,B,C,D,rated,acceptable_share,acceptable_low,acceptable_high\n"
        for system in summary.systems {
            let acceptable = system.share(of: [.a, .b])
            let rouge: String = system.rougeLMean.map { "\($0)" } ?? ""
            let quartiles = system.rougeLQuartiles.count == 5 ? system.rougeLQuartiles[1...3].map { "\($0)" } : ["", "", ""]
            var fields: [String] = [csvField(system.name), String(system.tasks), rouge] + quartiles
            fields += ["\(system.exactMatch)", String(system.classificationLike)]
            fields += Grade.allCases.map { String(system.pooled[$0] ?? 0) }
            fields += [String(system.rated), "\(acceptable.share)", "\(acceptable.lower)", "\(acceptable.upper)"]
            text += fields.joined(separator: ",") + "\n"
        }
        return text
    }

    /// The page: the figures table, the chart, per-rater counts, the agreement and the
    /// pairwise comparisons.
    public static func markdown(_ summary: EvaluationSummary) -> String {
        var text = """
            # Evaluation

            People rated each response A–D, blind to the system (the paper's section 5):
            \(Grade.allCases.map { "**\($0.rawValue)** \($0.rubric)" }.joined(separator: "; ")).
            ROUGE-L F is the response against the task's reference (rouge-score, no stemming).
            Exact is the share of exact matches (case and surrounding white space aside) on
            classification-like tasks: those marked so, or whose reference is a label of at most three words.
            Shares carry 95% Wilson intervals.

            | System | Tasks | ROUGE-L | ROUGE-L median (quartiles) | Exact | A | B | C | D | Acceptable (A/B) |
            |---|---:|---:|---:|---:|---:|---:|---:|---:|---|

            """
        for system in summary.systems {
            let acceptable = system.share(of: [.a, .b])
            let grades = Grade.allCases.map { String(system.pooled[$0] ?? 0) }.joined(separator: " | ")
            let share = system.rated == 0 ? "—" : "\(percent(acceptable.share)) (\(percent(acceptable.lower))–\(percent(acceptable.upper)))"
            let spread = system.rougeLQuartiles.count == 5
                ? String(format: "%.4f (%.4f–%.4f)", system.rougeLQuartiles[2], system.rougeLQuartiles[1], system.rougeLQuartiles[3]) : "—"
            text += "| \(cell(system.name)) | \(system.tasks) | \(system.rougeLMean.map { String(format: "%.4f", $0) } ?? "—") | \(spread) | \(system.classificationLike == 0 ? "—" : percent(system.exactMatch)) | \(grades) | \(share) |\n"
        }
        text += "\n![Grades per system](ratings.svg)\n"
        if !summary.raters.isEmpty {
            text += "\n## Grades by rater\n\n| System | Rater | A | B | C | D |\n|---|---|---:|---:|---:|---:|\n"
            for system in summary.systems {
                for rater in summary.raters {
                    let counts = system.byRater[rater] ?? [:]
                    text += "| \(cell(system.name)) | \(cell(rater)) | " + Grade.allCases.map { String(counts[$0] ?? 0) }.joined(separator: " | ") + " |\n"
                }
            }
        }
        if !summary.agreement.isEmpty {
            text += "\n## Agreement (Cohen's kappa)\n\n| Raters | Both rated | κ on A–D | κ on acceptable or not |\n|---|---:|---:|---:|\n"
            for pair in summary.agreement {
                let kappa = { (value: Double?) in value.map { String(format: "%.3f", $0) } ?? "—" }
                text += "| \(cell(pair.raters.0)) · \(cell(pair.raters.1)) | \(pair.items) | \(kappa(pair.kappa)) | \(kappa(pair.kappaAcceptable)) |\n"
            }
            text += "\n\(summary.disagreements) response\(summary.disagreements == 1 ? " has" : "s have") grades that differ between raters; "
                + "`selfinstruct eval rate --disagreements` (or `:eval --disagreements`) goes through them to settle.\n"
        }
        if !summary.pairwise.isEmpty {
            text += "\n## Pairwise (side by side, blind)\n\nWins, ties and losses are the first system's; "
                + "the two-sided exact sign test leaves ties out (also in pairwise.csv).\n\n| First | Second | Wins | Ties | Losses | Sign test p |\n|---|---|---:|---:|---:|---:|\n"
            for tally in summary.pairwise {
                text += "| \(cell(tally.pair.first)) | \(cell(tally.pair.second)) | \(tally.wins) | \(tally.ties) | \(tally.losses) | \(String(format: "%.4g", tally.signTestP)) |\n"
            }
        }
        return text
    }

    private static func percent(_ share: Double) -> String { String(format: "%.1f%%", share * 100) }

    private static func cell(_ text: String) -> String { text.replacingOccurrences(of: "|", with: "\\|") }

    private static func csvField(_ text: String) -> String {
        text.contains(where: { ",\"\n".contains($0) }) ? "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : text
    }
}
