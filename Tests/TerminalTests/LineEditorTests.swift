import Terminal
import Testing

@Suite struct LineEditorTests {
    init() { TestLocale.useUTF8() }

    private func type(_ text: String) -> [Key] { text.map { .character($0) } }

    private func editor(after keys: [Key], text: String = "", width: Int = 40) -> LineEditor {
        var editor = LineEditor(text: text, visibleWidth: width)
        for key in keys { #expect(editor.handle(key) == .editing) }
        return editor
    }

    @Test func typesAndMovesAndDeletes() {
        let edited = editor(after: type("helo") + [.left, .character("l"), .end, .character("!"), .home, .delete, .character("H")])
        #expect(edited.text == "Hello!")
        #expect(edited.cursor == 1)
    }

    @Test func insertsWideCharactersAndMeasuresTheCursorByColumns() {
        let edited = editor(after: type("中文") + [.left] + type("ab"))
        #expect(edited.text == "中ab文")
        #expect(edited.cursorColumn == 4)
    }

    @Test func wordJumps() {
        var edited = editor(after: [.wordLeft], text: "write a haiku now")
        #expect(edited.cursor == 14)
        #expect(edited.handle(.alt("b")) == .editing)
        #expect(edited.cursor == 8)
        _ = edited.handle(.home)
        _ = edited.handle(.wordRight)
        #expect(edited.cursor == 5)
        _ = edited.handle(.alt("f"))
        #expect(edited.cursor == 7)
    }

    @Test func killCommands() {
        #expect(editor(after: [.control("w")], text: "write a haiku  ").text == "write a ")
        #expect(editor(after: [.wordLeft, .control("u")], text: "write a haiku").text == "haiku")
        #expect(editor(after: [.home, .wordRight, .control("k")], text: "write a haiku").text == "write")
        #expect(editor(after: [.backspace, .backspace], text: "中文ab").text == "中文")
    }

    @Test func enterCommitsAndEscapeCancels() {
        var editing = LineEditor(text: "draft", visibleWidth: 10)
        _ = editing.handle(.character("s"))
        #expect(editing.handle(.enter) == .committed("drafts"))
        #expect(editing.handle(.escape) == .cancelled)
    }

    @Test func initialTextIsOneLineWithItsControlsVisible() {
        #expect(LineEditor(text: "a\u{1B}[2J\nb", visibleWidth: 10).text == "a␛[2J b")
    }

    @Test func rendersWithCursorAndScrollsByDisplayWidth() {
        var grid = CellGrid(size: Size(width: 12, height: 1))
        let short = editor(after: [.home, .right], text: "abc", width: 10)
        short.render(into: &grid, at: Position(x: 1, y: 0))
        #expect(grid.lines() == [" abc"])
        #expect(grid.cursor == Position(x: 2, y: 0))

        // 20 columns of CJK in a 10-column editor, cursor at the end.
        let long = editor(after: [], text: "一二三四五六七八九十", width: 10)
        long.render(into: &grid, at: Position(x: 1, y: 0))
        #expect(grid.lines() == ["  七八九十"])  // a half-visible 六 stays blank
        #expect(grid.cursor == Position(x: 10, y: 0))

        let home = editor(after: [.home], text: "一二三四五六七八九十", width: 10)
        home.render(into: &grid, at: Position(x: 1, y: 0))
        #expect(grid.lines() == [" 一二三四五"])
        #expect(grid.cursor == Position(x: 1, y: 0))
    }

    @Test func cursorStaysVisibleThroughLongEdits() {
        var editing = LineEditor(visibleWidth: 8)
        for character in "The quick brown fox 跳过 the lazy dog" {
            _ = editing.handle(.character(character))
            let offset = editing.cursorColumn - editing.scrollColumn
            #expect(offset >= 0 && offset < 8)
        }
        for key in [Key.home, .wordRight, .wordRight, .wordLeft, .end, .left, .left] {
            _ = editing.handle(key)
            let offset = editing.cursorColumn - editing.scrollColumn
            #expect(offset >= 0 && offset < 8)
        }
    }
}
