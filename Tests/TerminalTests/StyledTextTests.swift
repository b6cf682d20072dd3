import TestSupport
import Testing
@testable import Terminal

@Suite struct StyledTextTests {
    init() { TestLocale.useUTF8() }

    @Test func styledTextWrapsWhereThePlainTextWraps() {
        var random = SplitMix64(seed: 7)
        let words = ["a", "word", "longer", "東京", "x", "supercalifragilistic", "  ", "é"]
        for _ in 0..<300 {
            let text = (0..<Int.random(in: 0..<14, using: &random)).map { _ in words.randomElement(using: &random)! }.joined(separator: " ")
            let width = Int.random(in: 2...16, using: &random)
            let styled = TextWrap.lines(of: [StyledSpan(text)], width: width).map { $0.map(\.text).joined() }
            #expect(styled == TextWrap.lines(of: text, width: width), "\(text.debugDescription) at \(width)")
        }
    }

    @Test func wideCharactersInAOneColumnPaneAreLeftOutWithoutTrapping() {
        #expect(TextWrap.lines(of: "東京", width: 1) == [""])
        #expect(TextWrap.lines(of: "a 東京 b", width: 1) == ["a", "b"])
        #expect(TextWrap.lines(of: [StyledSpan("a 東京 b")], width: 1).map { $0.map(\.text).joined() } == ["a", "b"])
    }

    @Test func eachCharacterKeepsTheStyleOfItsSpanAcrossLines() {
        let marked = Style(.searchMatch, [.underline])
        let lines = TextWrap.lines(of: [StyledSpan("write a "), StyledSpan("poem about", marked), StyledSpan(" the sea")], width: 13)
        #expect(lines == [
            [StyledSpan("write a "), StyledSpan("poem", marked)],
            [StyledSpan("about", marked), StyledSpan(" the sea")],
        ])
    }

    @Test func spansAreDrawnSideBySideInTheirStyles() {
        var grid = CellGrid(size: Size(width: 10, height: 1))
        let used = grid.write([StyledSpan("ab"), StyledSpan("cd", Style(.accepted))], at: Position(x: 1, y: 0), width: 9)
        #expect(used == 4)
        #expect(grid.lines() == [" abcd"])
        #expect(grid[3, 0].style == Style(.accepted) && grid[2, 0].style == .text)
    }
}
