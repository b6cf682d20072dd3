import Foundation
import Terminal
import VerbNoun

/// The paper's Figure 2 in the terminal: one row per top verb, its bar as long as its count,
/// split into its top nouns (a colour each, labelled to the right) and the rest of its
/// nouns (░). Above it, the share of instructions with a verb–noun structure; while an
/// analysis runs or when it failed, what it says.
enum VerbNounChart {
    /// The styles of a verb's first, second, third and fourth noun.
    private static let nounStyles = [Style(.similarityLow), Style(.similarityMid), Style(.similarityHigh), Style(.accepted)]

    /// Draws the chart of `state` into `rect`.
    static func draw(_ grid: inout CellGrid, _ rect: Rect, _ state: VerbNounState) {
        PaneDrawing.box(&grid, rect, title: "Verb–noun structure (seed + accepted) · v back", focused: false)
        let inner = rect.inset(by: 1)
        guard inner.height > 0 else { return }
        let status: (text: String, style: Style)? = switch state.phase {
        case .idle: ("press v to parse the instructions", Style(.dimText))
        case .running(let text): (text + "…", Style(.dimText))
        case .failed(let text): (text, Style(.error))
        case .finished where state.isStale: ("records changed since this count: v v counts again", Style(.dimText))
        case .finished: nil
        }
        var y = inner.y
        if let status {
            y += PaneDrawing.paragraph(&grid, inner, TextSanitizer.singleLine(status.text), style: status.style, maxLines: 4)
        }
        guard let summary = state.result?.summary, y < inner.maxY else { return }
        let percent = String(format: "%.1f", summary.structuredShare * 100)
        grid.write("\(summary.structuredCount) of \(summary.instructionCount) instructions (\(percent)%) have a root verb with a direct noun object",
                   in: Rect(x: inner.x, y: y, width: inner.width, height: 1))
        y += 2
        let rows = summary.verbs.prefix(max(0, inner.maxY - y))
        let peak = max(1, rows.first?.count ?? 1)
        let verbWidth = min(12, rows.map { DisplayWidth.of($0.verb) }.max() ?? 0)
        let countWidth = String(peak).count
        let barWidth = max(4, min(40, (inner.width - verbWidth - countWidth - 2) / 2))
        for row in rows {
            var x = inner.x
            grid.write(TextSanitizer.singleLine(row.verb), at: Position(x: x, y: y), width: verbWidth)
            x += verbWidth + 1
            let count = String(row.count)
            grid.write(count, at: Position(x: x + countWidth - count.count, y: y), width: count.count, style: Style(.dimText))
            x += countWidth + 1
            drawBar(&grid, row, at: Position(x: x, y: y), width: max(1, Int((Double(row.count) / Double(peak) * Double(barWidth)).rounded())))
            x += barWidth + 1
            for (index, noun) in row.nouns.enumerated() where x < inner.maxX {
                let label = "\(TextSanitizer.singleLine(noun.noun)) \(noun.count)" + (index < row.nouns.count - 1 ? " · " : "")
                x += grid.write(label, at: Position(x: x, y: y), width: inner.maxX - x, style: nounStyles[index % nounStyles.count])
            }
            y += 1
        }
    }

    /// The verb's bar, `width` cells: a segment per top noun, in proportion, then ░ for the
    /// verb's other nouns.
    private static func drawBar(_ grid: inout CellGrid, _ row: VerbNounSummary.VerbRow, at position: Position, width: Int) {
        var x = position.x, covered = 0
        for (index, noun) in row.nouns.enumerated() {
            covered += noun.count
            let end = position.x + Int((Double(covered) / Double(row.count) * Double(width)).rounded())
            grid.drawBar(at: Position(x: x, y: position.y), width: end - x, fraction: 1, filled: nounStyles[index % nounStyles.count])
            x = max(x, end)
        }
        grid.drawBar(at: Position(x: x, y: position.y), width: position.x + width - x, fraction: 0, empty: Style(.dimText))
    }
}
