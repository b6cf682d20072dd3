import Evaluation
import Foundation
import Terminal

/// The Eval view's figures, the terminal's Figure 6: per system the tasks answered, mean
/// ROUGE-L F, exact matches on classification-like tasks and the A–D shares as a stacked
/// bar with the acceptable (A/B) share's 95% interval; then the raters' agreement, the
/// responses they disagree on and each pair compared side by side.
enum EvaluationFigures {
    /// The colour of each grade's part of a bar (its character tells them apart without).
    static func role(_ grade: Grade) -> Role {
        switch grade {
        case .a: .accepted
        case .b: .similarityLow
        case .c: .warning
        case .d: .rejected
        }
    }

    /// Draws `figures` (or, before `:eval`, how to open an evaluation) into `rect`.
    static func draw(_ grid: inout CellGrid, _ rect: Rect, _ figures: (path: String, summary: EvaluationSummary)?) {
        guard let (path, summary) = figures else {
            PaneDrawing.box(&grid, rect, title: "Evaluation", focused: true)
            _ = PaneDrawing.paragraph(&grid, rect.inset(by: 1), """
                No evaluation open. \(EvaluationRequest.usage) opens one (made with selfinstruct eval import \
                and eval generate) and shows its rating screen, blind: the paper's section 5 A–D grades, or two \
                systems side by side. q there shows the figures here.
                """)
            return
        }
        let systems = summary.systems
        let folder = TextSanitizer.singleLine(URL(fileURLWithPath: path).lastPathComponent)
        PaneDrawing.box(&grid, rect, title: "Evaluation · \(folder) · \(systems.count) systems", focused: true)
        let inner = rect.inset(by: 1)
        var y = inner.y
        let nameWidth = min(24, max(6, systems.map { DisplayWidth.of(TextSanitizer.singleLine($0.name)) }.max() ?? 0))
        let figuresWidth = 21, shareWidth = 22
        let barWidth = max(4, inner.width - nameWidth - figuresWidth - shareWidth - 3)
        let legend = Grade.allCases.map { "\(GradeBar.character($0)) \($0.rawValue)" }.joined(separator: " ")
        let header = "system".padding(toLength: nameWidth, withPad: " ", startingAt: 0) + " tasks ROUGE-L exact "
            + legend.padding(toLength: barWidth, withPad: " ", startingAt: 0) + " acceptable (95% CI)"
        grid.write(header, at: Position(x: inner.x, y: y), width: inner.width, style: Style(.dimText))
        y += 1
        for system in systems where y < inner.maxY {
            grid.write(TextSanitizer.singleLine(system.name, columns: nameWidth), at: Position(x: inner.x, y: y), width: nameWidth)
            let rouge = system.rougeLMean.map { String(format: "%.4f", $0) } ?? "—"
            let exact = system.classificationLike == 0 ? "—" : String(format: "%.0f%%", system.exactMatch * 100)
            let x = inner.x + nameWidth + figuresWidth
            grid.write(" " + pad(String(system.tasks), 5) + " " + pad(rouge, 7) + " " + pad(exact, 5) + " ", at: Position(x: inner.x + nameWidth, y: y))
            var segment = x
            for part in GradeBar.widths(system.pooled, width: barWidth) where part.width > 0 {
                let text = String(repeating: GradeBar.character(part.grade), count: part.width)
                segment += grid.write(text, at: Position(x: segment, y: y), style: Style(role(part.grade)))
            }
            if system.rated == 0 { grid.write("not rated yet", at: Position(x: x, y: y), style: Style(.dimText)) }
            let acceptable = system.share(of: [.a, .b])
            let share = system.rated == 0 ? "" : String(format: " %.0f%% (%.0f–%.0f) n=%d", acceptable.share * 100, acceptable.lower * 100,
                                                          acceptable.upper * 100, system.rated)
            grid.write(share, at: Position(x: x + barWidth, y: y), width: inner.maxX - x - barWidth)
            y += 1
        }
        y += 1
        for line in notes(summary) where y < inner.maxY - 1 {
            grid.write(line, at: Position(x: inner.x, y: y), width: inner.width)
            y += 1
        }
        grid.write("s rates again · :eval [DIR] --report OUT writes the report · ? all the keys", at: Position(x: inner.x, y: inner.maxY - 1), width: inner.width,
                   style: Style(.keyHint))
    }

    /// The agreement, disagreement and pairwise lines.
    static func notes(_ summary: EvaluationSummary) -> [String] {
        let kappa = { (value: Double?) in value.map { String(format: "%.3f", $0) } ?? "undefined" }
        var lines = summary.agreement.map { pair in
            "agreement \(pair.raters.0) · \(pair.raters.1): \(pair.items) both rated, κ \(kappa(pair.kappa)) on A–D, \(kappa(pair.kappaAcceptable)) on acceptable or not"
        }.map { TextSanitizer.singleLine($0) }
        if summary.disagreements > 0 {
            let count = summary.disagreements
            lines.append("\(count) response\(count == 1 ? "" : "s") the raters disagree on: :eval --disagreements to settle")
        }
        lines += summary.pairwise.map { tally in
            TextSanitizer.singleLine("pairwise \(tally.pair.first) against \(tally.pair.second): won \(tally.wins), tied \(tally.ties), "
                                     + "lost \(tally.losses); sign test p = " + String(format: "%.4g", tally.signTestP))
        }
        return lines
    }

    /// `text` right-aligned in `width` columns.
    private static func pad(_ text: String, _ width: Int) -> String {
        String(repeating: " ", count: max(0, width - text.count)) + text
    }
}
