import Terminal
import Testing

/// The wrapping editor: text kept exactly (line breaks and controls included), wrapping and
/// row movement, Enter and Alt-Enter by mode, and drawing.
@Suite struct TextAreaEditorTests {
    init() { TestLocale.useUTF8() }

    private func type(_ text: String, into editor: inout TextAreaEditor) {
        for character in text { _ = editor.handle(.character(character)) }
    }

    @Test func aMultiLineTextKeepsItsLineBreaksAndControlsUntilChanged() {
        let text = "Step 1: boil.\nStep 2: \u{1B}[31mstir\u{1B}[0m.\n\tDone."
        var editor = TextAreaEditor(text: text, width: 20, height: 5, multiline: true)
        #expect(editor.text == text)
        #expect(editor.handle(.alt("\n")) == .committed(text))
    }

    @Test func enterBreaksTheLineInAMultiLineEditorAndSavesInAOneLineOne() {
        var multi = TextAreaEditor(text: "one", width: 20, height: 5, multiline: true)
        #expect(multi.handle(.enter) == .editing)
        type("two", into: &multi)
        #expect(multi.handle(.alt("\n")) == .committed("one\ntwo"))
        var single = TextAreaEditor(text: "one", width: 20, height: 3, multiline: false)
        #expect(single.handle(.enter) == .committed("one"))
        single.insert("\nthree")
        #expect(single.text == "one three", "a paste into a one-line editor keeps no line break")
    }

    @Test func longLinesWrapAndUpAndDownMoveByVisualRow() {
        var editor = TextAreaEditor(text: "abcdefghij\nxy", width: 4, height: 10, multiline: true)
        #expect(editor.rowCount == 4)  // abcd efgh ij xy
        _ = editor.handle(.home)
        #expect(editor.cursor == 11)
        _ = editor.handle(.up)
        #expect(editor.cursor == 8, "from the start of 'xy' to the start of the row 'ij'")
        _ = editor.handle(.right)
        _ = editor.handle(.up)
        #expect(editor.cursor == 5, "column 1 of 'efgh'")
        _ = editor.handle(.down)
        _ = editor.handle(.down)
        #expect(editor.cursor == 12, "column 1 of 'xy'")
    }

    @Test func lineKeysWorkOnTheLineTheCursorIsIn() {
        var editor = TextAreaEditor(text: "first line\nsecond line", width: 40, height: 5, multiline: true)
        _ = editor.handle(.control("u"))
        #expect(editor.text == "first line\n")
        _ = editor.handle(.up)
        _ = editor.handle(.control("a"))
        _ = editor.handle(.control("k"))
        #expect(editor.text == "\n")
    }

    @Test func drawsWrappedRowsWithControlsVisibleAndTheCursorWhereItIs() {
        var grid = CellGrid(size: Size(width: 8, height: 4))
        var editor = TextAreaEditor(text: "ab\u{1B}cdefg\nhi", width: 5, height: 3, multiline: true)
        _ = editor.handle(.up)
        editor.render(into: &grid, in: Rect(x: 0, y: 0, width: 5, height: 3))
        #expect(grid.lines().prefix(3).map { $0.trimmingCharacters(in: .whitespaces) } == ["ab␛cd", "efg", "hi"])
        #expect(grid.cursor == Position(x: 2, y: 1))
    }

    @Test func theViewScrollsToFollowTheCursor() {
        var editor = TextAreaEditor(text: (1...10).map { "line \($0)" }.joined(separator: "\n"), width: 20, height: 3, multiline: true)
        #expect(editor.scrollRow == 7)
        for _ in 0..<9 { _ = editor.handle(.up) }
        #expect(editor.scrollRow == 0)
    }
}
