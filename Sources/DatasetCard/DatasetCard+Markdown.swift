import Foundation
import Pool
import QualityReview
import Statistics
import VerbNoun

extension DatasetCard {
    /// README.md: the front matter, then the sections of the card.
    public var markdown: String {
        [frontMatter, summary, makingSection, statisticsSection, figuresSection, reviewSection, defectsSection, usageSection]
            .joined(separator: "\n")
    }

    var frontMatter: String {
        """
        ---
        # The data's licence is yours to choose; the generating model's terms may bind it.
        license: # fill in, e.g. cc-by-4.0
        language:
        \(languages.map { "- \($0)" }.joined(separator: "\n"))
        task_categories:
        - text-generation
        size_categories:
        - \(Self.sizeCategory(data.records))
        pretty_name: \(Self.yamlString(name))
        tags:
        - self-instruct
        - instruction-tuning
        - synthetic
        configs:
        - config_name: default
          data_files: \(Self.yamlString(data.name))
        ---

        """
    }

    var summary: String {
        """
        # \(Self.inline(name))

        \(data.records) instruction-following tasks in `\(Self.inline(data.name))` (\(Self.inline(data.format)) format), made with the \
        Self-Instruct method (Wang et al., 2022): a model proposes new tasks from a few in-context examples drawn from a pool that \
        starts with \(making.seeds) seed tasks; tasks too similar to the pool (ROUGE-L F > \(Self.decimal(making.threshold))) or \
        failing the filters are set aside. The pool file it was exported from keeps every decision and who made it.

        """
    }

    var makingSection: String {
        var lines = ["## How the data was made", ""]
        lines.append("| | |")
        lines.append("|---|---|")
        lines.append("| Models | \(making.models.isEmpty ? "—" : making.models.map { "`\(Self.inline($0))`" }.joined(separator: ", ")) |")
        lines.append("| Endpoint | \(making.endpointKind.map { "OpenAI-compatible, \(Self.inline($0))" } ?? "—") |")
        lines.append("| Recipe | \(Self.inline(making.recipe)) |")
        lines.append("| Similarity threshold | ROUGE-L F > \(Self.decimal(making.threshold)) is rejected |")
        lines.append("| Rounds | \(making.rounds) |")
        lines.append("| Seed tasks | \(making.seeds) |")
        lines.append("| Requests | \(making.requests) |")
        lines.append("| Tokens | \(making.promptTokens) prompt, \(making.completionTokens) completion |")
        lines.append("| Cost | \(making.cost.map { String(format: "%.2f", $0) } ?? "not priced") |")
        return lines.joined(separator: "\n") + "\n"
    }

    var statisticsSection: String {
        let columns = RecordStatus.allCases.compactMap { status in stats.figuresByStatus[status].map { (status.rawValue, $0) } }
            + [("total", stats.totalFigures)]
        var lines = ["## Statistics", "", "The paper's Table 1, per status of the records in the pool.", ""]
        lines.append("| | " + columns.map(\.0).joined(separator: " | ") + " |")
        lines.append("|---|" + columns.map { _ in "---:|" }.joined())
        let values = columns.map { PoolStats.tableValues($0.1) }
        for (index, title) in PoolStats.tableRows.enumerated() {
            lines.append("| \(title) | " + values.map { $0[index] }.joined(separator: " | ") + " |")
        }
        return lines.joined(separator: "\n") + "\n"
    }

    var figuresSection: String {
        var text = "## Diversity and lengths\n\n"
        if let verbNoun, verbNoun.instructionCount > 0 {
            let share = verbNoun.structuredShare * 100
            text += """
                The verb closest to the root of each instruction's dependency parse and its first direct noun object \
                (spaCy, as upstream's analysis notebook): \(verbNoun.structuredCount) of \(verbNoun.instructionCount) distinct seed and accepted instructions \
                (\(String(format: "%.1f", share))%) have one. The top verbs and their top nouns:


                """
            if verbNoun.structuredCount > 0 { text += "![Verbs and their nouns](verb-noun.svg)\n\n" }
        } else {
            text += "The verb–noun analysis was not run (it needs spaCy: `selfinstruct verbs`).\n\n"
        }
        text += "Lengths of instructions, non-empty inputs and outputs, in words:\n\n![Lengths](lengths.svg)\n\n"
        let scored = seedSimilarity.reduce(0) { $0 + $1.count }
        guard scored > 0 else {
            let why = making.seeds == 0 ? "the pool has no seed tasks" : "no accepted instruction was generated from them"
            return text + "The similarity of generated instructions to their seeds is left out: \(why).\n"
        }
        text += "ROUGE-L F of each of the \(scored) accepted generated instructions to its most similar seed"
        text += seedSimilarityMean.map { String(format: " (mean %.3f)", $0) } ?? ""
        text += ":\n\n![Similarity to the seeds](seed-similarity.svg)\n"
        return text
    }

    var reviewSection: String {
        guard let review, !review.reviewers.isEmpty else {
            return "## Quality review\n\nNo person has reviewed a sample of this data yet (`selfinstruct review`).\n"
        }
        var lines = [
            "## Quality review", "",
            "\(review.reviewers.map { Self.inline($0.name) }.joined(separator: " and ")) answered the paper's three questions about a "
                + "random sample of \(review.sample.items.count) of the \(review.sample.eligible) accepted tasks with instances (seed "
                + "\(review.sample.seed)), one instance each (the paper's Table 2). Shares of yes with 95% Wilson intervals; where "
                + "reviewers disagreed the settled answer counts"
                + (review.unsettled > 0 ? ", and \(review.unsettled) unsettled disagreements are left out." : "."),
            "",
            "| Question | Yes | Answered | Share (95% interval) |",
            "|---|---:|---:|---|",
        ]
        for row in review.agreed.rows {
            lines.append("| \(row.label) | \(row.yes) | \(row.answered) | \(Self.share(row.share, of: row.answered)) |")
        }
        if !review.agreement.isEmpty {
            lines += ["", "Agreement between reviewers (Cohen's kappa on yes or no, over the items both answered):", ""]
            lines.append("| Reviewers | " + ReviewQuestion.allCases.map(\.rawValue).joined(separator: " | ") + " | Disagreements |")
            lines.append("|---|" + ReviewQuestion.allCases.map { _ in "---:|" }.joined() + "---:|")
            for pair in review.agreement {
                let kappas = pair.questions.map { question in question.kappa.map { String(format: "%.2f", $0) } ?? "—" }
                lines.append("| \(Self.inline(pair.reviewers.0)) · \(Self.inline(pair.reviewers.1)) | " + kappas.joined(separator: " | ")
                    + " | \(pair.disagreements) (\(pair.unsettled) unsettled) |")
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// `90.0% (59.6%–98.2%)`, or a dash when nothing was answered.
    static func share(_ interval: WilsonInterval, of answered: Int) -> String {
        answered == 0 ? "—" : "\(percent(interval.share)) (\(percent(interval.lower))–\(percent(interval.upper)))"
    }

    var defectsSection: String {
        var lines = [
            "## Defect flags", "",
            "Cheap checks over every record; a flag marks, it deletes nothing. Records per flag, over the whole pool:", "",
            "| Flag | Records |", "|---|---:|",
        ]
        lines += stats.defects.map { "| \($0.label) | \($0.count) |" }
        return lines.joined(separator: "\n") + "\n"
    }

    var usageSection: String {
        """
        ## Using the data

        ```python
        from datasets import load_dataset
        data = load_dataset("json", data_files=\(Self.pythonString(data.name)))
        ```

        Made with selfinstruct; `selfinstruct stats --json` over the pool gives the figures above as one document.
        """
    }

    // MARK: Formatting

    static func percent(_ share: Double) -> String { String(format: "%.1f%%", share * 100) }

    static func decimal(_ value: Double) -> String { String(format: "%g", value) }

    /// Text made safe in a Markdown table cell or line: pipes escaped, line breaks as spaces,
    /// other control characters written as `\u001B`.
    static func inline(_ text: String) -> String {
        var safe = ""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "|": safe += "\\|"
            case "\n", "\r", "\t": safe += " "
            case _ where scalar.value < 0x20 || (0x7F...0x9F).contains(scalar.value): safe += String(format: "\\u%04X", scalar.value)
            default: safe.unicodeScalars.append(scalar)
            }
        }
        return safe
    }

    /// A YAML double-quoted scalar (JSON string syntax, which YAML reads as is).
    static func yamlString(_ text: String) -> String { pythonString(text) }

    /// A double-quoted string with quotes, backslashes and control characters escaped.
    static func pythonString(_ text: String) -> String {
        var quoted = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": quoted += "\\\""
            case "\\": quoted += "\\\\"
            case "\n": quoted += "\\n"
            case _ where scalar.value < 0x20 || scalar.value == 0x7F: quoted += String(format: "\\u%04x", scalar.value)
            default: quoted.unicodeScalars.append(scalar)
            }
        }
        return quoted + "\""
    }
}
