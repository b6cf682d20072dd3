import Engine
import Foundation
import Pool
import Terminal

/// The pages of the Stats view, switched with `p` and `P`.
public enum StatsPage: CaseIterable, Sendable, Hashable {
    /// Counts, spending, similarity to the nearest record, instruction length, leading words.
    case overview
    /// The paper's Table 1, defect flags, and similarity to the nearest seed.
    case quality
    /// Lengths of instructions, non-empty inputs and outputs in words (the paper's Figure 3).
    case lengths

    /// The page after this one, wrapping around.
    var next: StatsPage { Self.allCases[(Self.allCases.firstIndex(of: self)! + 1) % Self.allCases.count] }
    /// The page before this one, wrapping around.
    var previous: StatsPage { Self.allCases[(Self.allCases.firstIndex(of: self)! + Self.allCases.count - 1) % Self.allCases.count] }
}

extension StatsView {
    /// Table 1 across the top; defect flags and similarity to the nearest seed below.
    func drawQuality(_ stats: PoolStats, into grid: inout CellGrid, rect body: Rect) {
        let (table, rest) = body.splitRows(topHeight: min(PoolStats.tableRows.count + 3, max(3, body.height - 5)))
        PaneDrawing.box(&grid, table, title: "Tasks and instances by status (Table 1)", focused: false)
        let inner = table.inset(by: 1)
        for (row, line) in stats.tableLines.prefix(inner.height).enumerated() {
            grid.write(line, at: Position(x: inner.x, y: inner.y + row), width: inner.width, style: Style(row == 0 ? .dimText : .text))
        }
        let (defects, seeds) = rest.splitColumns(leftWidth: rest.width / 2)
        Self.histogram(&grid, defects, title: "Defect flags (records, :filter flag=NAME)", bins: stats.defects)
        var title = "ROUGE-L F to the nearest seed"
        if let seedSimilarity, let mean = seedSimilarity.mean {
            title += String(format: " · %d generated · mean %.2f", seedSimilarity.scoredCount, mean)
        }
        Self.histogram(&grid, seeds, title: title, bins: seedSimilarity?.bins ?? [])
    }

    /// Instruction, non-empty input and output lengths side by side (seed and accepted).
    func drawLengths(_ stats: PoolStats, into grid: inout CellGrid, rect body: Rect) {
        let third = body.width / 3
        let (instructions, rest) = body.splitColumns(leftWidth: third)
        let (inputs, outputs) = rest.splitColumns(leftWidth: third)
        Self.histogram(&grid, instructions, title: "Instruction words", bins: stats.instructionLength)
        Self.histogram(&grid, inputs, title: "Input words (non-empty)", bins: stats.inputLength)
        Self.histogram(&grid, outputs, title: "Output words", bins: stats.outputLength)
    }
}
