import Pool
import Terminal

/// The inline-edit panel: the wrapping editor, the filter verdict for the new text, and its
/// nearest pool instructions, re-scored as the person types.
enum EditPanel {
    static func draw(_ grid: inout CellGrid, _ rect: Rect, _ edit: InlineEdit, _ context: WorkbenchContext) {
        grid.fill(rect)
        let what = switch edit.target {
        case .instruction: "instruction"
        case .instanceOutput(let index): "output of instance \(index + 1)"
        case .instanceInput(let index): "input of instance \(index + 1)"
        }
        let keys = edit.editor.multiline ? "Enter breaks the line · Alt-Enter saves" : "Enter saves"
        PaneDrawing.box(&grid, rect, title: "Edit \(what) of \(edit.recordID) · \(keys) · Esc cancels" + (edit.target == .instruction ? " · ^N side by side" : ""), focused: true)
        let inner = rect.inset(by: 1)
        guard inner.height >= 1 else { return }
        grid.write("›", at: Position(x: inner.x, y: inner.y), style: Style(.keyHint))
        var editor = edit.editor
        editor.width = max(1, inner.width - 2)
        let editorRows = edit.target == .instruction ? min(inner.height, max(1, min(Layout.instructionEditorRows, editor.rowCount))) : inner.height
        editor.height = editorRows
        let editorRect = Rect(x: inner.x + 2, y: inner.y, width: inner.width - 2, height: editorRows)
        guard edit.target == .instruction, inner.height >= editorRows + 3 else {
            editor.render(into: &grid, in: editorRect)
            return
        }
        let fresh = edit.scoredText == edit.editor.text
        let below = inner.y + editorRows
        PaneDrawing.verdict(&grid, Rect(x: inner.x, y: below + 1, width: inner.width, height: 1), context.verdict(on: context.reviewedEdit))
        grid.write(fresh ? "Nearest in pool after the edit (ROUGE-L F)" : "re-scoring…",
                   in: Rect(x: inner.x, y: below + 2, width: inner.width, height: 1), style: Style(.dimText))
        let list = Rect(x: inner.x, y: below + 3, width: inner.width, height: max(0, inner.maxY - below - 3))
        if edit.neighbours.isEmpty && fresh {
            grid.write("no neighbours: the pool has nothing to compare with", in: list.row(0), style: Style(.dimText))
        } else {
            PaneDrawing.neighbours(&grid, list, edit.neighbours, threshold: context.similarityThreshold)
        }
        // Drawn last so that the terminal cursor ends up in the editor.
        editor.render(into: &grid, in: editorRect)
    }
}
