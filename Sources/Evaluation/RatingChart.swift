import Foundation
import SVGDrawing

/// The paper's Figure 6 as an SVG: one bar per system, stacked from A at the bottom to D at
/// the top, each part its share of the system's grades, labelled with its percentage, the
/// acceptable (A/B) share's 95% Wilson interval as a whisker over the bar, and the rubric as
/// the legend above.
public enum RatingChart {
    /// The colours of A, B, C and D: green to red, readable in grey too.
    static let colours: [Grade: String] = [.a: "#1a9850", .b: "#a6d96a", .c: "#fdae61", .d: "#d73027"]

    /// The SVG document for `systems`' pooled grades.
    public static func svg(_ systems: [EvaluationSummary.System]) -> String {
        // Each bar gets room for its name below it (about 7 px a character at 12 px).
        let longest = Double(systems.map(\.name.count).max() ?? 0)
        let barWidth = 64.0, gap = max(36.0, longest * 7 + 12 - barWidth), plotHeight = 300.0, left = 56.0, top = 130.0
        let width = left + Double(max(systems.count, 1)) * (barWidth + gap) + gap
        var document = SVGDocument(width: width, height: top + plotHeight + 70)

        for (index, grade) in Grade.allCases.enumerated() {
            let y = 20.0 + Double(index) * 20
            document.rect(x: left, y: y, width: 14, height: 14, fill: colours[grade]!)
            document.text("\(grade.rawValue): \(grade.rubric)", x: left + 20, y: y + 11)
        }
        let whiskerY = 20.0 + Double(Grade.allCases.count) * 20
        document.line(x1: left + 7, y1: whiskerY, x2: left + 7, y2: whiskerY + 14, stroke: "black", width: 2)
        document.text("95% interval of the acceptable (A/B) share", x: left + 20, y: whiskerY + 11)
        for tick in stride(from: 0, through: 100, by: 25) {
            let y = top + plotHeight * (1 - Double(tick) / 100)
            document.line(x1: left - 4, y1: y, x2: width - gap / 2, y2: y, stroke: "#ddd")
            document.text("\(tick)%", x: left - 8, y: y + 4, anchor: "end")
        }

        for (index, system) in systems.enumerated() {
            let x = left + gap + Double(index) * (barWidth + gap)
            var bottom = top + plotHeight
            for grade in Grade.allCases {
                let count = system.pooled[grade] ?? 0
                guard system.rated > 0, count > 0 else { continue }
                let share = Double(count) / Double(system.rated), part = plotHeight * share
                bottom -= part
                document.rect(x: x, y: bottom, width: barWidth, height: part, fill: colours[grade]!,
                              tooltip: "\(grade.rawValue): \(count) of \(system.rated)")
                if part >= 14 {
                    document.text("\(Int((share * 100).rounded()))%", x: x + barWidth / 2, y: bottom + part / 2 + 4, anchor: "middle")
                }
            }
            if system.rated > 0 {
                let acceptable = system.share(of: [.a, .b]), middle = x + barWidth / 2
                let low = top + plotHeight * (1 - acceptable.lower), high = top + plotHeight * (1 - acceptable.upper)
                let tooltip = "acceptable \(Int((acceptable.share * 100).rounded()))%, "
                    + "95% interval \(Int((acceptable.lower * 100).rounded()))–\(Int((acceptable.upper * 100).rounded()))%"
                document.line(x1: middle, y1: low, x2: middle, y2: high, stroke: "black", width: 2, tooltip: tooltip)
                for y in [low, high] {
                    document.line(x1: middle - 6, y1: y, x2: middle + 6, y2: y, stroke: "black", width: 2, tooltip: tooltip)
                }
            }
            let label = top + plotHeight + 18
            document.text(system.name, x: x + barWidth / 2, y: label, anchor: "middle")
            document.text("n = \(system.rated)", x: x + barWidth / 2, y: label + 16, anchor: "middle", fill: "#666")
        }
        return document.svg
    }
}
