import Foundation
import SVGDrawing
import Testing

/// The SVG charts: what they draw, where, and that hostile labels cannot break the document.
@Suite struct SVGChartTests {
    @Test func escapingKeepsMarkupAndControlCharactersOut() {
        #expect(SVGDocument.escape("a<b>&\"c\"") == "a&lt;b&gt;&amp;&quot;c&quot;")
        #expect(SVGDocument.escape("\u{1B}[2J\u{7}") == "\\u001B[2J\\u0007")
        #expect(SVGDocument.number(1.25) == "1.3" && SVGDocument.number(2.0) == "2" && SVGDocument.number(-0.04) == "0")
    }

    @Test func aHistogramDrawsABarPerNonEmptyBinInProportion() {
        let svg = HistogramChart.svg([.init(title: "lengths", bins: [("1–5", 4), ("6–10", 0), ("11–15", 2)])])
        let bars = svg.split(separator: "\n").filter { $0.hasPrefix("<rect x=") }
        #expect(bars.count == 2, "an empty bin draws no bar")
        #expect(bars[0].contains("height=\"180\"") && bars[1].contains("height=\"90\""), "the tallest bin fills the plot, half of it half")
        #expect(svg.contains("<title>1–5: 4</title>") && svg.contains(">n = 6<"))
    }

    @Test func aSunburstSegmentOfHalfTheTotalSpansHalfTheCircle() {
        let svg = SunburstChart.svg(title: "verbs", segments: [.init(label: "write", count: 5, children: [.init(label: "poem", count: 5)])], total: 10)
        // Centre (290, 290), middle radius 170: half a turn clockwise from 12 o'clock ends at 6 o'clock.
        #expect(svg.contains("M290 120 A170 170 0 0 1 290 460 "), Comment(rawValue: svg))
        #expect(svg.contains("<title>write: 5</title>") && svg.contains("<title>write poem: 5</title>"))
    }
}
