import Foundation
import SVGDrawing

/// The paper's Figure 6 as an SVG drawn by hand: one bar per system, stacked from A at the
/// bottom to D at the top, each part its share of the system's grades, labelled with its
/// percentage, the acceptable (A/B) share's 95% Wilson interval as a whisker over the bar, and
/// the rubric as the legend above.
public enum RatingChart {
    /// The colours of A, B, C and D: green to red, readable in grey too.
    static let colours: [Grade: String] = [.a: "#1a9850", .b: "#a6d96a", .c: "#fdae61", .d: "#d73027"]

    /// The SVG document for `systems`' pooled grades.
    public static func svg(_ systems: [EvaluationSummary.System]) -> String {
        // Each bar gets room for its name below it (about 7 px a character at 12 px).
        let longest = Double(systems.map(\.name.count).max() ?? 0)
        let barWidth = 64.0, gap = max(36.0, longest * 7 + 12 - barWidth), plotHeight = 300.0, left = 56.0, top = 130.0
        let width = left + Double(max(systems.count, 1)) * (barWidth + gap) + gap
        let height = top + plotHeight + 70
        var svg = """
            <svg xmlns="http://www.w3.org/2000/svg" width="\(SVGDocument.number(width))" height="\(SVGDocument.number(height))" \
            viewBox="0 0 \(SVGDocument.number(width)) \(SVGDocument.number(height))" font-family="sans-serif" font-size="12">
            <rect width="100%" height="100%" fill="white"/>

            """
        for (index, grade) in Grade.allCases.enumerated() {
            let y = 20.0 + Double(index) * 20
            svg += "<rect x=\"\(SVGDocument.number(left))\" y=\"\(SVGDocument.number(y))\" width=\"14\" height=\"14\" fill=\"\(colours[grade]!)\"/>"
            svg += "<text x=\"\(SVGDocument.number(left + 20))\" y=\"\(SVGDocument.number(y + 11))\">\(grade.rawValue): \(SVGDocument.escape(grade.rubric))</text>\n"
        }
        let whiskerY = 20.0 + Double(Grade.allCases.count) * 20
        svg += "<line x1=\"\(SVGDocument.number(left + 7))\" y1=\"\(SVGDocument.number(whiskerY))\" x2=\"\(SVGDocument.number(left + 7))\" y2=\"\(SVGDocument.number(whiskerY + 14))\" stroke=\"black\" stroke-width=\"2\"/>"
        svg += "<text x=\"\(SVGDocument.number(left + 20))\" y=\"\(SVGDocument.number(whiskerY + 11))\">95% interval of the acceptable (A/B) share</text>\n"
        for tick in stride(from: 0, through: 100, by: 25) {
            let y = top + plotHeight * (1 - Double(tick) / 100)
            svg += "<line x1=\"\(SVGDocument.number(left - 4))\" y1=\"\(SVGDocument.number(y))\" x2=\"\(SVGDocument.number(width - gap / 2))\" y2=\"\(SVGDocument.number(y))\" stroke=\"#ddd\"/>"
            svg += "<text x=\"\(SVGDocument.number(left - 8))\" y=\"\(SVGDocument.number(y + 4))\" text-anchor=\"end\">\(tick)%</text>\n"
        }
        for (index, system) in systems.enumerated() {
            let x = left + gap + Double(index) * (barWidth + gap)
            var bottom = top + plotHeight
            for grade in Grade.allCases {
                let count = system.pooled[grade] ?? 0
                guard system.rated > 0, count > 0 else { continue }
                let share = Double(count) / Double(system.rated), part = plotHeight * share
                bottom -= part
                svg += "<rect x=\"\(SVGDocument.number(x))\" y=\"\(SVGDocument.number(bottom))\" width=\"\(SVGDocument.number(barWidth))\" height=\"\(SVGDocument.number(part))\" fill=\"\(colours[grade]!)\"><title>\(grade.rawValue): \(count) of \(system.rated)</title></rect>"
                if part >= 14 {
                    svg += "<text x=\"\(SVGDocument.number(x + barWidth / 2))\" y=\"\(SVGDocument.number(bottom + part / 2 + 4))\" text-anchor=\"middle\">\(Int((share * 100).rounded()))%</text>"
                }
                svg += "\n"
            }
            if system.rated > 0 {
                let acceptable = system.share(of: [.a, .b]), middle = x + barWidth / 2
                let low = top + plotHeight * (1 - acceptable.lower), high = top + plotHeight * (1 - acceptable.upper)
                svg += "<g stroke=\"black\" stroke-width=\"2\"><title>acceptable \(Int((acceptable.share * 100).rounded()))%, "
                    + "95% interval \(Int((acceptable.lower * 100).rounded()))–\(Int((acceptable.upper * 100).rounded()))%</title>"
                svg += "<line x1=\"\(SVGDocument.number(middle))\" y1=\"\(SVGDocument.number(low))\" x2=\"\(SVGDocument.number(middle))\" y2=\"\(SVGDocument.number(high))\"/>"
                for y in [low, high] {
                    svg += "<line x1=\"\(SVGDocument.number(middle - 6))\" y1=\"\(SVGDocument.number(y))\" x2=\"\(SVGDocument.number(middle + 6))\" y2=\"\(SVGDocument.number(y))\"/>"
                }
                svg += "</g>\n"
            }
            let label = top + plotHeight + 18
            svg += "<text x=\"\(SVGDocument.number(x + barWidth / 2))\" y=\"\(SVGDocument.number(label))\" text-anchor=\"middle\">\(SVGDocument.escape(system.name))</text>"
            svg += "<text x=\"\(SVGDocument.number(x + barWidth / 2))\" y=\"\(SVGDocument.number(label + 16))\" text-anchor=\"middle\" fill=\"#666\">n = \(system.rated)</text>\n"
        }
        return svg + "</svg>\n"
    }
}
