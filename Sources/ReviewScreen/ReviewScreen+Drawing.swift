import QualityReview
import Terminal

extension ReviewScreen {
    /// The frame for `state` on a terminal of its own.
    public static func render(_ state: ReviewState, size: Size) -> CellGrid {
        guard size.contains(minimumSize) else { return .tooSmallNotice(size: size, minimum: minimumSize) }
        var grid = CellGrid(size: size)
        draw(state, into: &grid, rect: Rect(size))
        return grid
    }

    /// Draws the screen into `rect`: progress on top, the item (instruction, input, output)
    /// or the disagreement, the table or the guidelines in the middle, and the questions,
    /// keys and message below. Model text is drawn with its control bytes made visible.
    public static func draw(_ state: ReviewState, into grid: inout CellGrid, rect: Rect) {
        let width = rect.width
        let count = state.sample.items.count
        grid.write("review as \(TextSanitizer.singleLine(state.reviewer, columns: width))", at: Position(x: rect.x, y: rect.y), width: width, style: Style(.title))
        let progress = "\(state.completed) of \(count) answered"
        grid.write(progress, at: Position(x: rect.maxX - progress.count, y: rect.y), style: Style(.dimText))
        grid.drawBar(at: Position(x: rect.x, y: rect.y + 1), width: width, fraction: count == 0 ? 0 : Double(state.completed) / Double(count))
        let footerTop = rect.maxY - 5
        let body = Rect(x: rect.x, y: rect.y + 2, width: width, height: max(2, footerTop - rect.y - 2))
        if state.showsGuidelines {
            let text = state.guidelines.map { TextSanitizer.multiline($0) } ?? "No guidelines: none at \(state.guidelinesPath)."
            drawLines(&grid, TextWrap.lines(of: text, width: width - 4).map { ($0, Style(.text)) }, in: body,
                      title: "Guidelines (any key closes)", scroll: state.scroll)
        } else {
            switch state.mode {
            case .answering: drawItem(&grid, state, in: body)
            case .settling(let index): drawDisagreement(&grid, state, index: index, in: body)
            case .table:
                drawLines(&grid, tableLines(ReviewSummary(sample: state.sample, book: state.book), width: width - 4), in: body,
                          title: "Results (t or Esc: back)", scroll: state.scroll)
            }
        }
        drawFooter(&grid, state, top: footerTop, width: width, x: rect.x)
    }

    private static func drawItem(_ grid: inout CellGrid, _ state: ReviewState, in rect: Rect) {
        guard let item = state.item else {
            drawLines(&grid, [("No accepted task with instances was there to sample.", Style(.text))], in: rect, title: "Review", scroll: 0)
            return
        }
        let title = "Task \(item.number + 1) of \(state.sample.items.count) · \(TextSanitizer.singleLine(item.recordID, columns: 40)), instance \(item.instance + 1)"
        drawLines(&grid, itemLines(item, width: rect.width - 4), in: rect, title: title, scroll: state.scroll)
    }

    private static func drawDisagreement(_ grid: inout CellGrid, _ state: ReviewState, index: Int, in rect: Rect) {
        let count = disagreements(state).count
        guard let disagreement = settling(state, at: index) else {
            drawLines(&grid, [("No disagreement is left to settle. D or Esc goes back.", Style(.text))], in: rect, title: "Disagreements", scroll: 0)
            return
        }
        let item = state.sample.items[disagreement.item]
        let title = "Disagreement \(min(index, count - 1) + 1) of \(count) · task \(item.number + 1)"
        drawLines(&grid, itemLines(item, width: rect.width - 4), in: rect, title: title, scroll: state.scroll)
    }

    /// The table as the paper lays it out (question, percent yes with its interval, yes of
    /// answered), then what the summary says below it, wrapped.
    private static func tableLines(_ summary: ReviewSummary, width: Int) -> [(String, Style)] {
        let figuresWidth = 32
        let labelWidth = max(10, width - figuresWidth - 1)
        var lines = TextWrap.lines(of: TextSanitizer.singleLine(summary.lines[0]), width: width).map { ($0, Style(.dimText)) }
        lines.append(("", Style(.text)))
        for row in summary.agreed.rows {
            let label = DisplayWidth.of(row.label) > labelWidth ? String(row.label.prefix(labelWidth - 1)) + "…" : row.label
            let figures = "\(ReviewSummary.percent(row))  \(row.yes)/\(row.answered)"
            lines.append((label.padding(toLength: labelWidth, withPad: " ", startingAt: 0) + " " + figures, Style(row.question == nil ? .title : .text)))
        }
        lines.append(("", Style(.text)))
        for line in summary.lines.dropFirst(2 + summary.agreed.rows.count) {
            lines += TextWrap.lines(of: TextSanitizer.singleLine(line), width: width).map { ($0, Style(.text)) }
        }
        return lines
    }

    /// The open disagreement shown while settling at `index` (the last one when fewer are
    /// left); nil when none is left.
    private static func settling(_ state: ReviewState, at index: Int) -> Disagreement? {
        let open = disagreements(state)
        return open.isEmpty ? nil : open[min(index, open.count - 1)]
    }

    /// The item's three fields under their headings, sanitised and wrapped.
    private static func itemLines(_ item: ReviewItem, width: Int) -> [(String, Style)] {
        var lines: [(String, Style)] = []
        for (heading, text) in [("Instruction", item.instruction), ("Input", item.input), ("Output", item.output)] {
            if !lines.isEmpty { lines.append(("", Style(.text))) }
            lines.append((heading, Style(.title)))
            let shown = TextSanitizer.multiline(text.trimmingCharacters(in: .whitespacesAndNewlines), lines: 500, columns: width)
            if shown.isEmpty {
                lines.append(("(none)", Style(.dimText)))
            } else {
                lines += TextWrap.lines(of: shown, width: width).map { ($0, Style(.text)) }
            }
        }
        return lines
    }

    /// Lines in a box from `scroll`, the last visible one ending in "…" when more follow.
    private static func drawLines(_ grid: inout CellGrid, _ lines: [(String, Style)], in rect: Rect, title: String, scroll: Int) {
        guard rect.height >= 2 else { return }
        let visible = rect.height - 2
        let first = min(scroll, max(0, lines.count - visible))
        let more = lines.count > visible ? " · lines \(first + 1)–\(min(lines.count, first + visible)) of \(lines.count), ↑/↓ scroll" : ""
        grid.drawBox(rect, title: title + more)
        for row in 0..<visible where first + row < lines.count {
            let (text, style) = lines[first + row]
            let cut = row == visible - 1 && first + row + 1 < lines.count
            grid.write(cut ? text + " …" : text, at: Position(x: rect.x + 2, y: rect.y + 1 + row), width: rect.width - 4, style: style)
        }
    }

    /// The three questions with the reviewer's answers (or, settling, the disagreement's
    /// question and each reviewer's answer), the keys and the message line.
    private static func drawFooter(_ grid: inout CellGrid, _ state: ReviewState, top: Int, width: Int, x: Int) {
        let keys: String
        if case .settling(let index) = state.mode, let disagreement = settling(state, at: index) {
            grid.write("Settle: \(disagreement.question.text)", at: Position(x: x, y: top), width: width, style: Style(.title))
            let answers = disagreement.answers.map { "\(TextSanitizer.singleLine($0.reviewer, columns: 30)): \($0.answer ? "yes" : "no")" }
            grid.write(answers.joined(separator: " · "), at: Position(x: x + 2, y: top + 1), width: width - 2)
            keys = "y/n yes/no (settles it) · u undo · ←/→ disagreement · D back · t table · q quit"
        } else {
            for (row, question) in ReviewQuestion.allCases.enumerated() {
                let asked = state.mode == .answering && question == state.question && state.item != nil
                let answer = state.item.flatMap { state.answer(item: $0.number, question) }
                let mark = answer.map { $0 ? "yes" : "no " } ?? " — "
                let style = Style(answer == true ? .accepted : answer == false ? .rejected : .dimText)
                grid.write(mark, at: Position(x: x, y: top + row), style: style.adding(asked ? .bold : []))
                grid.write("\(asked ? "▸" : " ") \(row + 1). \(question.text)", at: Position(x: x + 4, y: top + row), width: width - 4,
                           style: asked ? Style(.text).adding(.bold) : Style(.text))
            }
            keys = width >= 103 ? "y/n answer · u undo · Tab question · ←/→ task · ↑/↓ scroll · L guidelines · t table · D settle · q quit"
                : "y/n answer · u undo · Tab/←/→ move · L guidelines · t table · D settle · q quit"
        }
        grid.write(keys, at: Position(x: x, y: top + 3), width: width, style: Style(.keyHint))
        if let message = state.message {
            grid.write(TextSanitizer.singleLine(message.text, columns: width), at: Position(x: x, y: top + 4), width: width,
                       style: Style(message.isError ? .error : .status))
        }
    }
}
