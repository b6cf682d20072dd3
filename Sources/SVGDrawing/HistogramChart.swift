/// Histograms as SVG, one panel per histogram side by side (the paper's Figures 3 and 4):
/// a bar per labelled bin, its count above it, the bin labels below, and the panel's
/// title and count of items on top.
public enum HistogramChart {
    /// One histogram: a title, what its items are, and its bins in order.
    public struct Panel: Sendable {
        /// The panel's heading, e.g. "Instruction length (words)".
        public var title: String
        /// The bins, in the order drawn.
        public var bins: [(label: String, count: Int)]

        /// A panel titled `title` of `bins`.
        public init(title: String, bins: [(label: String, count: Int)]) {
            self.title = title
            self.bins = bins
        }
    }

    /// The fill of the bars.
    static let barColour = "#4575b4"

    /// The SVG of `panels` side by side.
    public static func svg(_ panels: [Panel]) -> String {
        let plotHeight = 180.0, top = 44.0, left = 16.0, panelGap = 28.0
        let widths = panels.map { panel in
            // A bar is wide enough for its label turned 45° below it to stay readable.
            Double(max(panel.bins.count, 1)) * 30.0
        }
        let longestLabel = Double(panels.flatMap { $0.bins.map(\.label.count) }.max() ?? 0)
        let height = top + plotHeight + 16 + longestLabel * 5 + 24
        let width = left * 2 + widths.reduce(0, +) + panelGap * Double(max(panels.count - 1, 0))
        var document = SVGDocument(width: max(width, 240), height: height)
        var x = left
        for (panel, panelWidth) in zip(panels, widths) {
            draw(panel, into: &document, x: x, top: top, width: panelWidth, plotHeight: plotHeight)
            x += panelWidth + panelGap
        }
        return document.svg
    }

    private static func draw(_ panel: Panel, into document: inout SVGDocument, x: Double, top: Double, width: Double, plotHeight: Double) {
        let total = panel.bins.reduce(0) { $0 + $1.count }
        document.text(panel.title, x: x, y: 18, bold: true)
        document.text("n = \(total)", x: x, y: 34, size: 11, fill: "#666")
        let peak = Double(max(panel.bins.map(\.count).max() ?? 0, 1))
        let baseline = top + plotHeight
        document.line(x1: x, y1: baseline, x2: x + width, y2: baseline, stroke: "#999")
        let slot = width / Double(max(panel.bins.count, 1))
        for (index, bin) in panel.bins.enumerated() {
            let barX = x + Double(index) * slot + 3
            let barHeight = plotHeight * Double(bin.count) / peak
            if bin.count > 0 {
                document.rect(x: barX, y: baseline - barHeight, width: slot - 6, height: barHeight, fill: barColour,
                              tooltip: "\(bin.label): \(bin.count)")
            }
            document.text(String(bin.count), x: barX + (slot - 6) / 2, y: baseline - barHeight - 4, anchor: "middle", size: 10, fill: "#333")
            document.text(bin.label, x: barX + (slot - 6) / 2, y: baseline + 14, anchor: "end", size: 10, rotation: -45)
        }
    }
}
