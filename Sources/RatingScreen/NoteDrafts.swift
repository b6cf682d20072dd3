import Terminal

/// The one-line notes of a rating screen: the note being written, and notes written on items
/// that have no verdict yet, saved with the verdict when it is given. Both screens (grades and
/// pairwise) keep one, keyed by what they rate.
struct NoteDrafts<Item: Hashable & Sendable>: Sendable {
    /// The note being written, while the rater writes one.
    private(set) var editor: LineEditor?
    /// Notes written on items without a verdict yet.
    private var drafts: [Item: String] = [:]

    /// What a key did to the note being written.
    enum Outcome {
        /// Still writing, or the edit was dropped.
        case editing
        /// The note (nil when emptied) is to be saved now, with the item's standing verdict.
        case save(String?)
        /// The item has no verdict yet: the note waits for it.
        case kept
    }

    /// True while a note is being written.
    var isEditing: Bool { editor != nil }

    /// Starts writing `item`'s note, from its draft or its `saved` note, `width` columns wide.
    mutating func begin(_ item: Item, saved: String?, width: Int) {
        editor = LineEditor(text: note(for: item, saved: saved) ?? "", visibleWidth: max(1, width))
    }

    /// The note to show or save with `item`'s verdict: its draft, else its `saved` note.
    func note(for item: Item, saved: String?) -> String? { drafts[item] ?? saved }

    /// Forgets `item`'s draft (its note is on disk now).
    mutating func saved(_ item: Item) { drafts[item] = nil }

    /// Hands `key` to the editor of `item`'s note: Enter keeps the note (to save at once if the
    /// item has a verdict, else as a draft), Escape drops the edit.
    mutating func handle(_ key: Key, for item: Item, hasVerdict: Bool) -> Outcome {
        guard var editing = editor else { return .editing }
        switch editing.handle(key) {
        case .editing:
            editor = editing
        case .cancelled:
            editor = nil
        case .committed(let text):
            editor = nil
            let note = text.isEmpty ? nil : text
            if hasVerdict { return .save(note) }
            drafts[item] = note
            return .kept
        }
        return .editing
    }

    /// The line under a rating screen's keys: the note being written, else `message`, else
    /// the item's note (`note`) dimmed.
    func draw(into grid: inout CellGrid, row: Int, width: Int, message: (text: String, isError: Bool)?, note: String?) {
        if let editor {
            let used = grid.write("note: ", at: Position(x: 0, y: row), style: Style(.keyHint))
            editor.render(into: &grid, at: Position(x: used, y: row))
        } else if let message {
            grid.write(TextSanitizer.singleLine(message.text), at: Position(x: 0, y: row), width: width,
                       style: Style(message.isError ? .error : .status))
        } else if let note {
            grid.write("note: " + TextSanitizer.singleLine(note), at: Position(x: 0, y: row), width: width, style: Style(.dimText))
        }
    }
}
