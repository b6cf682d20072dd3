import Terminal

/// Where the parts of a frame go; the reducer uses it too, to size the editor.
enum Layout {
    /// Everything between the two header rows and the status bar.
    static func body(_ size: Size) -> Rect {
        Rect(x: 0, y: 2, width: size.width, height: size.height - 3)
    }

    /// A list on the left and a detail pane on the right.
    static func columns(_ body: Rect) -> (list: Rect, detail: Rect) {
        let split = body.splitColumns(leftWidth: max(32, body.width * 2 / 5))
        return (split.left, split.right)
    }

    /// The inline-edit panel, over the bottom of the body.
    static func editPanel(_ size: Size) -> Rect {
        let body = body(size)
        let height = min(body.height, 17)
        return Rect(x: body.x, y: body.maxY - height, width: body.width, height: height)
    }

    /// The editor's width inside the edit panel.
    static func editorWidth(_ size: Size) -> Int {
        max(1, editPanel(size).width - 4)
    }

    /// The rows an instruction's editor may take: the rest of the panel shows its verdict
    /// and neighbours.
    static let instructionEditorRows = 3

    /// The rows an editor for `target` may take in the edit panel at `size`.
    static func editorRows(for target: EditTarget, _ size: Size) -> Int {
        target == .instruction ? instructionEditorRows : max(1, editPanel(size).height - 2)
    }

    /// The editor for `target`, sized for the edit panel at `size`: an instruction is one
    /// line (wrapped), an instance's input or output several.
    static func editor(for target: EditTarget, text: String, _ size: Size) -> TextAreaEditor {
        TextAreaEditor(text: text, width: editorWidth(size), height: editorRows(for: target, size), multiline: target != .instruction)
    }

    /// A review overlay (side by side, history, guidelines): the body's height, centred.
    static func reviewOverlay(_ size: Size) -> Rect {
        let body = body(size)
        let width = min(body.width - 4, 120)
        return Rect(x: body.x + (body.width - width) / 2, y: body.y, width: width, height: body.height)
    }

    /// Where a review overlay's text goes: inside its border, a column from each side.
    static func reviewText(_ size: Size) -> Rect {
        let inner = reviewOverlay(size).inset(by: 1)
        return Rect(x: inner.x + 1, y: inner.y, width: max(1, inner.width - 2), height: inner.height)
    }
}
