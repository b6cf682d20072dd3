import Foundation
import Testing
import Terminal

@Suite struct CellGridTests {
    init() { TestLocale.useUTF8() }

    @Test func writesAsciiAndReportsColumnsUsed() {
        var grid = CellGrid(size: Size(width: 10, height: 1))
        #expect(grid.write("hello", at: Position(x: 2, y: 0)) == 5)
        #expect(grid.lines() == ["  hello"])
    }

    @Test func wideCharactersTakeTwoCellsWithAContinuation() {
        var grid = CellGrid(size: Size(width: 8, height: 1))
        grid.write("中a文", at: Position(x: 0, y: 0))
        #expect(grid[0, 0].text == "中" && grid[0, 0].width == 2)
        #expect(grid[1, 0].isContinuation)
        #expect(grid[2, 0].text == "a")
        #expect(grid[3, 0].text == "文" && grid[4, 0].isContinuation)
        #expect(grid.lines() == ["中a文"])
    }

    @Test func emojiSequencesOccupyExactlyTwoCells() {
        var grid = CellGrid(size: Size(width: 12, height: 1))
        let used = grid.write("👩‍💻|❤️|🇫🇷|", at: Position(x: 0, y: 0))
        #expect(used == 9)
        #expect(grid[2, 0].text == "|" && grid[5, 0].text == "|" && grid[8, 0].text == "|")
    }

    @Test func ellipsisTruncatesByDisplayWidth() {
        var grid = CellGrid(size: Size(width: 20, height: 3))
        grid.write("Write a haiku about rain", at: Position(x: 0, y: 0), width: 10)
        grid.write("日本語のテキスト", at: Position(x: 0, y: 1), width: 7)
        grid.write("日本語のテキスト", at: Position(x: 0, y: 2), width: 6)
        #expect(grid.lines() == ["Write a h…", "日本語…", "日本…"])
    }

    @Test func textThatFitsExactlyGetsNoEllipsis() {
        var grid = CellGrid(size: Size(width: 10, height: 1))
        grid.write("中文ab", at: Position(x: 0, y: 0), width: 6)
        #expect(grid.lines() == ["中文ab"])
    }

    @Test func clipOverflowCutsAtTheEdgeAndBlanksAHalfFittingWideCharacter() {
        var grid = CellGrid(size: Size(width: 10, height: 1))
        grid.fill(grid.bounds, with: "x")
        grid.write("ab中", at: Position(x: 0, y: 0), width: 3, overflow: .clip)
        #expect(grid.lines() == ["ab xxxxxxx"])
    }

    @Test func drawingNeverLeavesTheGrid() {
        var grid = CellGrid(size: Size(width: 5, height: 2))
        grid.write("far right text", at: Position(x: 3, y: 0))
        grid.write("below", at: Position(x: 0, y: 7))
        grid.write("left", at: Position(x: -2, y: 1), overflow: .clip)
        grid.fill(Rect(x: -3, y: -3, width: 4, height: 4), with: "#")
        #expect(grid.lines() == ["#  f…", "ft"])
    }

    @Test func overwritingHalfAWideCharacterBlanksTheOtherHalf() {
        var grid = CellGrid(size: Size(width: 6, height: 2))
        grid.write("中文中", at: Position(x: 0, y: 0))
        grid.write("x", at: Position(x: 1, y: 0))  // right half of 中
        grid.write("中文中", at: Position(x: 0, y: 1))
        grid.write("y", at: Position(x: 2, y: 1))  // left half of 文
        #expect(grid.lines() == [" x文中", "中y 中"])
        #expect(!grid[3, 1].isContinuation)
    }

    @Test func controlCharactersThatSlipThroughAreDrawnAsReplacements() {
        var grid = CellGrid(size: Size(width: 6, height: 1))
        grid.write("a\u{1B}[2J", at: Position(x: 0, y: 0))
        #expect(grid.lines() == ["a\u{FFFD}[2J"])
    }

    @Test func boxWithTitleMatchesTheWorkbenchLayout() {
        var grid = CellGrid(size: Size(width: 24, height: 4))
        grid.drawBox(Rect(x: 0, y: 0, width: 24, height: 4), title: "Round 12 candidates")
        #expect(grid.lines() == [
            "┌ Round 12 candidates ─┐",
            "│                      │",
            "│                      │",
            "└──────────────────────┘",
        ])
        #expect(grid[2, 0].style == Style(.title))
        #expect(grid[0, 0].style == Style(.border))
    }

    @Test func longBoxTitleIsTruncatedWithAnEllipsis() {
        var grid = CellGrid(size: Size(width: 14, height: 2))
        grid.drawBox(Rect(x: 0, y: 0, width: 14, height: 2), title: "Nearest in pool (ROUGE-L F)")
        #expect(grid.lines() == ["┌ Nearest … ─┐", "└────────────┘"])
    }

    @Test func barsFillByRoundedFraction() {
        var grid = CellGrid(size: Size(width: 10, height: 3))
        grid.drawBar(at: Position(x: 0, y: 0), width: 10, fraction: 0.41)
        grid.drawBar(at: Position(x: 0, y: 1), width: 10, fraction: 0.33)
        grid.drawBar(at: Position(x: 0, y: 2), width: 10, fraction: 1.7)
        #expect(grid.lines() == ["████░░░░░░", "███░░░░░░░", "██████████"])
        #expect(grid[0, 0].style.role == .similarityLow && grid[9, 0].style.role == .barEmpty)
    }

    @Test func restylingHalfOfAWideCharacterRestylesAllOfIt() {
        var grid = CellGrid(size: Size(width: 6, height: 1))
        grid.write("a中b文", at: Position(x: 0, y: 0))
        grid.setStyle(Style(.selection), in: Rect(x: 2, y: 0, width: 2, height: 1))  // 中's right half, b
        #expect((0..<6).map { grid[$0, 0].style.role } == [.text, .selection, .selection, .selection, .text, .text])
    }

    @Test func wrapsWordsByDisplayWidth() {
        #expect(TextWrap.lines(of: "Write a haiku about the first rain of autumn.", width: 16)
                == ["Write a haiku", "about the first", "rain of autumn."])
        #expect(TextWrap.lines(of: "中文中文中文 ok", width: 5) == ["中文", "中文", "中文", "ok"])
        #expect(TextWrap.lines(of: "a\n\nb", width: 5) == ["a", "", "b"])
    }

    @Test func tooSmallNoticeNamesBothSizes() {
        let grid = CellGrid.tooSmallNotice(size: Size(width: 60, height: 10))
        let text = grid.lines().joined(separator: "\n")
        #expect(text.contains("terminal too small (need 80x24, have 60x10)"))
        let narrow = CellGrid.tooSmallNotice(size: Size(width: 20, height: 6))
        #expect(narrow.lines().joined(separator: " ").contains("20x6"))
    }

    @Test func workbenchLikeFrameMatchesSnapshot() throws {
        var grid = CellGrid(size: Size(width: 80, height: 12))
        grid.write("selfinstruct · pool.jsonl · smollm2-135m", at: Position(x: 1, y: 0), style: Style(.status))
        let (left, right) = Rect(x: 0, y: 1, width: 80, height: 10).splitColumns(leftWidth: 34)
        grid.drawBox(left, style: Style(.focusedBorder), title: "Round 12 candidates")
        grid.drawBox(right, title: "Candidate")
        let rows = [
            "▸ ● .41 Write a haiku about rain",
            "  ✓ .38 Classify the sentiment of this movie review",
            "  ✗ .82 用中文写一首关于秋天的诗",
            "  ✗  —  Draw a map of 👩‍💻 offices",
            "  ? .12 " + TextSanitizer.singleLine("Hostile\u{1B}[2J\u{1B}]52;c;ZXZpbA==\u{07} text\rEVIL"),
        ]
        for (index, row) in rows.enumerated() {
            grid.write(row, in: left.inset(by: 1).row(index))
        }
        let detail = right.inset(by: 1)
        for (index, line) in TextWrap.lines(of: "Write a haiku about the first rain of autumn, in Japanese: 秋の最初の雨.", width: detail.width).enumerated() {
            grid.write(line, in: detail.row(index))
        }
        grid.write("Nearest in pool (ROUGE-L F)", in: detail.row(2), style: Style(.title))
        for (index, (score, text)) in [(0.41, "Write a poem about the ocean."), (0.33, "Compose a limerick about cats.")].enumerated() {
            let row = detail.row(3 + index)
            grid.write(String(format: ".%02d", Int(score * 100)), in: row)
            grid.drawBar(at: Position(x: row.x + 4, y: row.y), width: 10, fraction: score)
            grid.write(text, in: Rect(x: row.x + 15, y: row.y, width: row.width - 15, height: 1))
        }
        grid.write("1204 accepted · 311 rejected │ a accept x reject e edit ? help", at: Position(x: 1, y: 11), style: Style(.status))
        let snapshot = try Snapshot.matches(grid.lines(), named: "workbench-like-frame-80x12")
        #expect(snapshot.actual == snapshot.expected)
    }

    @Test func pasteCopiesAGridInClippedWithItsCursorAndNoHalfOfAWideCharacter() {
        var inner = CellGrid(size: Size(width: 4, height: 2))
        inner.write("ab中", at: Position(x: 0, y: 0))
        inner.write("cd", at: Position(x: 0, y: 1))
        inner.cursor = Position(x: 1, y: 1)
        var outer = CellGrid(size: Size(width: 6, height: 3))
        outer.paste(inner, at: Position(x: 1, y: 1))
        #expect(outer.lines() == ["", " ab中", " cd"])
        #expect(outer.cursor == Position(x: 2, y: 2))
        // At the right edge the wide character's first half would be alone: a blank instead.
        var narrow = CellGrid(size: Size(width: 5, height: 1))
        narrow.paste(inner, at: Position(x: 2, y: 0))
        #expect(narrow.lines() == ["  ab"])
        #expect(!narrow.cells.contains { $0.width == 2 })
        #expect(narrow.cursor == nil, "the cursor fell outside")
    }
}
