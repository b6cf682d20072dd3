import CNcursesw
import Foundation
import Terminal
import Testing

/// Drives the real ncurses backend against /dev/null (newterm, never initscr). ncurses is
/// one global state, so these tests run one at a time.
@Suite(.serialized) struct NcursesScreenTests {
    init() { TestLocale.useUTF8() }

    /// What ncurses holds for row `y` of its screen, trailing blanks dropped.
    private func ncursesRow(_ y: Int, width: Int) -> String {
        var buffer = [wchar_t](repeating: 0, count: width + 1)
        let count = mvwinnwstr(si_stdscr(), Int32(y), 0, &buffer, Int32(width))
        var text = String(String.UnicodeScalarView(buffer.prefix(max(0, Int(count))).compactMap { Unicode.Scalar(UInt32(bitPattern: $0)) }))
        while text.last == " " { text.removeLast() }
        return text
    }

    /// The character ncurses holds at (x, y) and its colour pair.
    private func ncursesCell(x: Int, y: Int) -> (text: String, pair: Int16, attributes: attr_t) {
        var cell = cchar_t()
        mvwin_wch(si_stdscr(), Int32(y), Int32(x), &cell)
        var characters = [wchar_t](repeating: 0, count: 8)
        var attributes: attr_t = 0
        var pair: Int16 = 0
        getcchar(&cell, &characters, &attributes, &pair, nil)
        let text = String(String.UnicodeScalarView(characters.prefix { $0 != 0 }.compactMap { Unicode.Scalar(UInt32(bitPattern: $0)) }))
        return (text, pair, attributes)
    }

    private func sampleFrame(_ size: Size, status: String) -> CellGrid {
        var grid = CellGrid(size: size)
        grid.drawBox(Rect(x: 0, y: 0, width: size.width, height: size.height - 1), title: "Candidates")
        grid.write("Write a haiku about rain", at: Position(x: 2, y: 1))
        grid.write("用中文写一首诗", at: Position(x: 2, y: 2), style: Style(.accepted))
        grid.write(status, at: Position(x: 0, y: size.height - 1), style: Style(.status))
        return grid
    }

    @Test func firstFlushWritesEverythingThenOnlyChangedCells() throws {
        let screen = try NcursesScreen.offscreen()
        defer { screen.close() }
        let size = screen.size
        #expect(size == Size(width: 80, height: 24))

        let first = sampleFrame(size, status: "12 pending")
        screen.flush(first)
        #expect(screen.lastFlush.wasFullRedraw)
        #expect(screen.lastFlush.cellsWritten == size.width * size.height)
        #expect((0..<size.height).map { ncursesRow($0, width: size.width) } == first.lines())

        screen.flush(first)
        #expect(screen.lastFlush.cellsWritten == 0)

        let second = sampleFrame(size, status: "13 pending")
        screen.flush(second)
        #expect(!screen.lastFlush.wasFullRedraw)
        #expect(screen.lastFlush.cellsWritten == 1 && screen.lastFlush.runs == 1)
        #expect(ncursesRow(size.height - 1, width: size.width) == "13 pending")
    }

    @Test func wideCharactersAndEmojiKeepEveryColumnAligned() throws {
        let screen = try NcursesScreen.offscreen()
        defer { screen.close() }
        var grid = CellGrid(size: screen.size)
        grid.write("中a👩‍💻b❤️c🇫🇷d", at: Position(x: 0, y: 0))
        screen.flush(grid)
        #expect(ncursesCell(x: 0, y: 0).text == "中")
        #expect(ncursesCell(x: 2, y: 0).text == "a")
        #expect(ncursesCell(x: 3, y: 0).text == "👩")  // the ZWJ sequence, reduced to what ncurses measures as 2
        #expect(ncursesCell(x: 5, y: 0).text == "b")
        #expect(ncursesCell(x: 8, y: 0).text == "c")  // ❤️ drawn as ❤ and a space
        #expect(ncursesCell(x: 11, y: 0).text == "d")

        // Replacing a wide character by narrow ones updates both of its columns.
        grid.write("xy", at: Position(x: 0, y: 0))
        screen.flush(grid)
        #expect(ncursesRow(0, width: 12).hasPrefix("xya👩b❤ c"))  // continuation columns read back as nothing
    }

    @Test func screenNarrowerThanTheGridClipsAWideCharacterAtTheEdge() throws {
        let screen = try NcursesScreen.offscreen()
        defer { screen.close() }
        var grid = CellGrid(size: Size(width: 81, height: 24))
        grid.write(String(repeating: "x", count: 79) + "中", at: Position(x: 0, y: 0))
        screen.flush(grid)
        #expect(ncursesRow(0, width: 80) == String(repeating: "x", count: 79))
    }

    @Test func rolesBecomeColourPairsFor256And8ColourTerminals() throws {
        var grid = CellGrid(size: Size(width: 80, height: 24))
        grid.write("selected", at: Position(x: 0, y: 0), style: Style(.selection))

        let full = try NcursesScreen.offscreen(terminalType: "xterm-256color")
        #expect(full.colorDepth == .full)
        full.flush(grid)
        var foreground: Int16 = 0, background: Int16 = 0
        pair_content(ncursesCell(x: 0, y: 0).pair, &foreground, &background)
        #expect((foreground, background) == (255, 237))
        full.close()

        let eight = try NcursesScreen.offscreen(terminalType: "xterm")
        #expect(eight.colorDepth == .eight)
        eight.flush(grid)
        let cell = ncursesCell(x: 0, y: 0)
        pair_content(cell.pair, &foreground, &background)
        #expect((foreground, background) == (7, 4))  // bright-white on blue: white, bold
        #expect(cell.attributes & si_a_bold() != 0)
        eight.close()
    }

    @Test func applyingAThemeRedrawsTheWholeFrame() throws {
        let screen = try NcursesScreen.offscreen()
        defer { screen.close() }
        let grid = sampleFrame(screen.size, status: "ok")
        screen.flush(grid)
        screen.apply(ThemeCatalog.builtin("mono")!)
        screen.flush(grid)
        #expect(screen.lastFlush.wasFullRedraw)
        #expect(ncursesCell(x: 0, y: 23).attributes & si_a_reverse() != 0)  // mono status bar
    }

    @Test func waitingTimesOutAndWakesFromAnotherThread() throws {
        let screen = try NcursesScreen.offscreen()
        defer { screen.close() }
        #expect(screen.nextEvent(timeout: .milliseconds(20)) == nil)
        let waker = screen.waker
        Thread.detachNewThread {
            Thread.sleep(forTimeInterval: 0.02)
            waker.wake()
        }
        #expect(screen.nextEvent(timeout: .seconds(5)) == .woken)
    }

    @Test func externalEditorRunsWithTheTextInAFileNeverInACommand() throws {
        let screen = try NcursesScreen.offscreen()
        defer { screen.close() }
        let marker = FileManager.default.temporaryDirectory.appendingPathComponent("pwned-\(UUID().uuidString)").path
        // The editor comes in as an environment of the test's own: setenv would race with
        // the other tests' threads reading the process's environment (Process.run, curl).
        let hostile = "Write about rain\n$(touch \(marker)) `touch \(marker)` '; touch \(marker); '"
        let edited = try screen.editExternally(hostile, environment: ["VISUAL": "sed -i s/rain/snow/", "EDITOR": "false"])
        #expect(edited == hostile.replacingOccurrences(of: "rain", with: "snow"))
        #expect(!FileManager.default.fileExists(atPath: marker))

        #expect(try screen.editExternally("text", environment: ["VISUAL": "", "EDITOR": "false"]) == nil)
    }
}
