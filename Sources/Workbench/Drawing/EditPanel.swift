import Pool
import Terminal

/// The inline-edit panel: the line editor, the filter verdict for the new text, and its
/// nearest pool instructions, re-scored as the person types.
enum EditPanel {
    static func draw(_ grid: inout CellGrid, _ rect: Rect, _ edit: InlineEdit, _ context: WorkbenchContext) {
        grid.fill(rect)
        let what = switch edit.target {
        case .instruction: "instruction"
        case .instanceOutput(let index): "output of instance \(index + 1)"
        case .instanceInput(let index): "input of instance \(index + 1)"
        }
        PaneDrawing.box(&grid, rect, title: "Edit \(what) of \(edit.recordID) · Enter saves · Esc cancels", focused: true)
        let inner = rect.inset(by: 1)
        guard inner.height >= 1 else { return }
        grid.write("›", at: Position(x: inner.x, y: inner.y), style: Style(.keyHint))
        var editor = edit.editor
        editor.visibleWidth = max(1, inner.width - 2)
        guard edit.target == .instruction, inner.height >= 4 else {
            editor.render(into: &grid, at: Position(x: inner.x + 2, y: inner.y))
            return
        }
        let fresh = edit.scoredText == edit.editor.text
        PaneDrawing.verdict(&grid, inner.row(2), context.verdict(on: context.reviewedEdit))
        grid.write(fresh ? "Nearest in pool after the edit (ROUGE-L F)" : "re-scoring…", in: inner.row(3), style: Style(.dimText))
        let list = Rect(x: inner.x, y: inner.y + 4, width: inner.width, height: inner.height - 4)
        if edit.neighbours.isEmpty && fresh {
            grid.write("no neighbours: the pool has nothing to compare with", in: list.row(0), style: Style(.dimText))
        } else {
            PaneDrawing.neighbours(&grid, list, edit.neighbours, threshold: context.similarityThreshold)
        }
        // Drawn last so that the terminal cursor ends up in the editor.
        editor.render(into: &grid, at: Position(x: inner.x + 2, y: inner.y))
    }
}
