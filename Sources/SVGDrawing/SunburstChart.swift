import Foundation

/// A two-level sunburst as SVG (the paper's Figure 2): an inner ring of parts (verbs), each
/// an arc in proportion to its count, and around it each part's children (its nouns) in
/// proportion to theirs, in the parent's colour, lighter. What the rings leave out is left
/// blank, so arcs stay true shares of the whole.
public enum SunburstChart {
    /// One arc: a label, a count, and (inner ring only) the arcs around it.
    public struct Segment: Sendable {
        /// The arc's label.
        public var label: String
        /// Its count; its angle is this share of the chart's total.
        public var count: Int
        /// The arcs of the outer ring around it.
        public var children: [Segment]

        /// An arc labelled `label` of `count`, with `children` around it.
        public init(label: String, count: Int, children: [Segment] = []) {
            self.label = label
            self.count = count
            self.children = children
        }
    }

    /// Colours of the inner ring, taken in turn.
    static let palette = ["#4e79a7", "#f28e2b", "#e15759", "#76b7b2", "#59a14f", "#edc948", "#b07aa1", "#ff9da7", "#9c755f", "#bab0ac"]

    /// The SVG of `segments` as shares of `total` (the count a full circle stands for, at
    /// least the segments' sum), titled `title`.
    public static func svg(title: String, segments: [Segment], total: Int) -> String {
        let size = 560.0, centre = size / 2 + 10, inner = 70.0, middle = 170.0, outer = 255.0
        var document = SVGDocument(width: size, height: size + 30)
        document.text(title, x: 12, y: 20, bold: true)
        let whole = Double(max(total, segments.reduce(0) { $0 + $1.count }, 1))
        var start = 0.0
        for (index, segment) in segments.enumerated() {
            let colour = palette[index % palette.count]
            let sweep = 2 * Double.pi * Double(segment.count) / whole
            document.path(arc(centre: centre, from: start, sweep: sweep, inner: inner, outer: middle), fill: colour,
                          tooltip: "\(segment.label): \(segment.count)")
            label(segment.label, into: &document, centre: centre, angle: start + sweep / 2, radius: (inner + middle) / 2, sweep: sweep, room: middle - inner)
            var childStart = start
            for child in segment.children {
                let childSweep = 2 * Double.pi * Double(child.count) / whole
                document.path(arc(centre: centre, from: childStart, sweep: childSweep, inner: middle, outer: outer),
                              fill: colour + "99", tooltip: "\(segment.label) \(child.label): \(child.count)")
                label(child.label, into: &document, centre: centre, angle: childStart + childSweep / 2, radius: (middle + outer) / 2,
                      sweep: childSweep, room: outer - middle)
                childStart += childSweep
            }
            start += sweep
        }
        return document.svg
    }

    /// The path of a ring segment from angle `from` (radians, clockwise from 12 o'clock)
    /// through `sweep`, between radii `inner` and `outer`.
    static func arc(centre: Double, from: Double, sweep: Double, inner: Double, outer: Double) -> String {
        // A full circle cannot be one arc command: stop just short of it.
        let sweep = min(sweep, 2 * Double.pi - 0.0001)
        func point(_ angle: Double, _ radius: Double) -> String {
            "\(SVGDocument.number(centre + radius * sin(angle))) \(SVGDocument.number(centre - radius * cos(angle)))"
        }
        let large = sweep > Double.pi ? 1 : 0
        return "M\(point(from, outer)) A\(SVGDocument.number(outer)) \(SVGDocument.number(outer)) 0 \(large) 1 \(point(from + sweep, outer)) "
            + "L\(point(from + sweep, inner)) A\(SVGDocument.number(inner)) \(SVGDocument.number(inner)) 0 \(large) 0 \(point(from, inner)) Z"
    }

    /// `text` along the radius at `angle`, if the arc is wide enough for a line of text.
    private static func label(_ text: String, into document: inout SVGDocument, centre: Double, angle: Double, radius: Double, sweep: Double, room: Double) {
        guard sweep * radius >= 11 else { return }
        let clipped = text.count * 6 > Int(room) ? String(text.prefix(max(Int(room) / 6 - 1, 1))) + "…" : text
        let x = centre + radius * sin(angle), y = centre - radius * cos(angle)
        // Radial text, turned so that it never reads upside down.
        var degrees = angle * 180 / Double.pi - 90
        if degrees > 90 { degrees -= 180 }
        document.text(clipped, x: x, y: y + 4, anchor: "middle", size: 10, rotation: degrees)
    }
}
