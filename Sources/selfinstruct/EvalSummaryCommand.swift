import ArgumentParser
import Evaluation
import Foundation

/// `selfinstruct eval summary`: the figures per system and the raters' agreement.
struct EvalSummaryCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "summary",
        abstract: "Per system: tasks answered, mean ROUGE-L, exact matches and A–D grades; and agreement between raters.",
        discussion: """
            ROUGE-L F scores each response (the prediction) against the task's reference \
            (the target) exactly as the rouge-score package does; exact is the share of exact \
            matches (case and surrounding white space aside) on classification-like tasks \
            (is_classification, or a reference of at most three words on one line). Grades are \
            counted per rater and pooled, each system's drawn as a stacked bar (█ A ▓ B ▒ C ░ D); the acceptable (A/B) share has a 95% Wilson interval; agreement is \
            Cohen's kappa between each two raters on A–D and on acceptable or not. Pairs \
            compared side by side (eval rate --pairwise) get wins, ties and losses and the \
            exact two-sided sign test's p, ties left out.
            """
    )

    @OptionGroup var folderOption: EvalFolderOption

    @Flag(help: #"Print JSON: {"systems": {NAME: {"tasks", "rougeL_mean", "ratings", …}}, "agreement": {…}}."#)
    var json = false

    func run() throws {
        let summary = EvaluationSummary(try folderOption.open(creating: false))
        if json {
            printVisibly(summary.json.jsonText)
            return
        }
        let legend = Grade.allCases.map { "\(GradeBar.character($0))\($0.rawValue)" }.joined(separator: " ")
        printVisibly(pad(["system", "tasks", "ROUGE-L", "exact", "A", "B", "C", "D", legend, "acceptable (95% CI)"]))
        for system in summary.systems {
            let acceptable = system.share(of: [.a, .b])
            let share = system.rated == 0 ? "—" : String(format: "%.1f%% (%.1f–%.1f)", acceptable.share * 100, acceptable.lower * 100, acceptable.upper * 100)
            var row = [system.name, String(system.tasks), system.rougeLMean.map { String(format: "%.4f", $0) } ?? "—",
                       system.classificationLike == 0 ? "—" : String(format: "%.1f%%", system.exactMatch * 100)]
            row += Grade.allCases.map { String(system.pooled[$0] ?? 0) }
            printVisibly(pad(row + [GradeBar.text(system.pooled, width: 20), share]))
        }
        for pair in summary.agreement {
            let kappa = { (value: Double?) in value.map { String(format: "%.3f", $0) } ?? "undefined" }
            printVisibly("agreement \(pair.raters.0) · \(pair.raters.1): \(pair.items) responses both rated, κ \(kappa(pair.kappa)) on A–D, \(kappa(pair.kappaAcceptable)) on acceptable or not")
        }
        if summary.disagreements > 0 {
            printVisibly("\(summary.disagreements) response\(summary.disagreements == 1 ? "" : "s") graded differently by raters: eval rate --disagreements goes through them to settle")
        }
        for tally in summary.pairwise {
            printVisibly("pairwise \(tally.pair.first) against \(tally.pair.second): won \(tally.wins), tied \(tally.ties), lost \(tally.losses); sign test p = \(String(format: "%.4g", tally.signTestP)) (ties left out)")
        }
    }

    private func pad(_ fields: [String]) -> String {
        let widths = [34, 6, 8, 7, 5, 5, 5, 5, 20, 0]
        return zip(fields, widths).map { $0.padding(toLength: max($1, $0.count), withPad: " ", startingAt: 0) }
            .joined(separator: " ").trimmingCharacters(in: .whitespaces)
    }
}
