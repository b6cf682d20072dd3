import Foundation
import Similarity
import Terminal

/// The `d` overlay: the record's text above its neighbour's, the tokens of the longest
/// common subsequence ROUGE-L counted marked on both, and P, R and F.
enum ComparisonOverlay {
    /// How the counted tokens look: the theme's accent, and underlined so that they show
    /// without colour too.
    static let matchedStyle = Style(.searchMatch, [.bold, .underline])

    /// Draws `comparison` over the body of a frame of `size`.
    static func draw(_ grid: inout CellGrid, _ size: Size, _ comparison: NeighbourComparison) {
        let rect = Layout.reviewOverlay(size)
        grid.fill(rect)
        let position = "\(comparison.index + 1) of \(comparison.neighbours.count)"
        PaneDrawing.box(&grid, rect, title: "Side by side · \(comparison.recordID) · neighbour \(position) · J/K step · Esc closes", focused: true)
        let area = Layout.reviewText(size)
        let alignment = comparison.alignment
        // Two label lines, two blank lines and two score lines; the texts share the rest.
        let room = max(1, (area.height - 6) / 2)
        var y = area.y
        func line(_ text: String, _ style: Style = Style(.dimText)) {
            if y < area.maxY { grid.write(text, at: Position(x: area.x, y: y), width: area.width, style: style) }
            y += 1
        }
        line(comparison.isEdit ? "\(comparison.recordID) as edited (target)" : "\(comparison.recordID) (target)")
        y += drawText(&grid, Rect(x: area.x, y: y, width: area.width, height: min(room, area.maxY - y)),
                      comparison.text, tokens: alignment.targetTokens, matched: alignment.matchedTarget)
        y += 1
        let neighbour = comparison.neighbour
        line("neighbour \(position) in the pool\(neighbour.id.map { " · \($0)" } ?? "") (prediction)")
        y += drawText(&grid, Rect(x: area.x, y: y, width: area.width, height: min(room, area.maxY - y)),
                      neighbour.text, tokens: alignment.predictionTokens, matched: alignment.matchedPrediction)
        y += 1
        let score = alignment.score
        let stored = score.fmeasure == neighbour.score ? "as stored" : "stored: \(decimal(neighbour.score))"
        line("ROUGE-L  P \(decimal(score.precision))  R \(decimal(score.recall))  F \(decimal(score.fmeasure)) (\(stored))", Style(.text, [.bold]))
        line(alignment.isAligned
             ? "\(alignment.matchedTarget.count) tokens in common, marked, of \(alignment.targetTokenCount) and \(alignment.predictionTokenCount)"
             : "too long to mark the common tokens (\(alignment.targetTokenCount) × \(alignment.predictionTokenCount)); the scores are exact")
    }

    /// A score to three places: `0.533`.
    static func decimal(_ value: Double) -> String {
        String(format: "%.3f", value)
    }

    /// Draws `text` wrapped in `rect` with the tokens at `matched` marked; returns the rows used.
    private static func drawText(_ grid: inout CellGrid, _ rect: Rect, _ text: String, tokens: [RougeToken], matched: [Int]) -> Int {
        guard rect.height > 0 else { return 0 }
        let lines = TextWrap.lines(of: spans(text, tokens: tokens, matched: matched, columns: rect.width * (rect.height + 1)), width: rect.width)
        let shown = min(lines.count, rect.height)
        for index in 0..<shown {
            let cut = index == shown - 1 && shown < lines.count
            let used = grid.write(lines[index], at: Position(x: rect.x, y: rect.y + index), width: rect.width - (cut ? 2 : 0))
            if cut { grid.write(" …", at: Position(x: rect.x + used, y: rect.y + index), width: 2) }
        }
        return shown
    }

    /// The text as spans, the tokens at `matched` in `matchedStyle`, up to about `columns` characters.
    ///
    /// Each run between marks is sanitised on its own: an escape sequence that a marked
    /// token cuts shows its printable remains, which are the characters the score counted.
    static func spans(_ text: String, tokens: [RougeToken], matched: [Int], columns: Int) -> [StyledSpan] {
        let marked = Set(matched)
        var spans: [StyledSpan] = []
        var start = text.startIndex
        var shownCharacters = 0
        func add(_ end: String.Index, _ style: Style) {
            guard start < end, shownCharacters <= columns else { return }
            // No more than can show is copied: a record of megabytes draws a screenful.
            let piece = TextSanitizer.singleLine(String(text[start..<end].prefix(2 * (columns - shownCharacters) + 16)))
            shownCharacters += piece.count
            spans.append(StyledSpan(piece, style))
            start = end
        }
        for (position, token) in tokens.enumerated() where marked.contains(position) {
            add(token.range.lowerBound, .text)
            add(token.range.upperBound, matchedStyle)
            if shownCharacters > columns { break }
        }
        add(text.endIndex, .text)
        return spans
    }
}
