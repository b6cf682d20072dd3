import Foundation

/// An SVG document drawn element by element, for the charts of the reports: a white page of
/// a fixed size in a sans-serif font, with text escaped and coordinates written with at most
/// one decimal so that the files stay small and diff well.
public struct SVGDocument: Sendable {
    /// The page's width in pixels.
    public let width: Double
    /// The page's height in pixels.
    public let height: Double
    /// The elements so far, one per line.
    private var body = ""

    /// An empty white page of `width`×`height` pixels.
    public init(width: Double, height: Double) {
        self.width = width
        self.height = height
    }

    /// A rectangle filled with `fill`, with `tooltip` as its title if given.
    public mutating func rect(x: Double, y: Double, width: Double, height: Double, fill: String, tooltip: String? = nil) {
        let shape = "<rect x=\"\(Self.number(x))\" y=\"\(Self.number(y))\" width=\"\(Self.number(width))\" height=\"\(Self.number(height))\" fill=\"\(fill)\""
        body += tooltip.map { shape + "><title>\(Self.escape($0))</title></rect>\n" } ?? shape + "/>\n"
    }

    /// A line of `stroke` colour, `width` pixels wide, with `tooltip` as its title if given.
    public mutating func line(
        x1: Double, y1: Double, x2: Double, y2: Double, stroke: String, width: Double = 1, tooltip: String? = nil
    ) {
        var shape = "<line x1=\"\(Self.number(x1))\" y1=\"\(Self.number(y1))\" x2=\"\(Self.number(x2))\" y2=\"\(Self.number(y2))\" stroke=\"\(stroke)\""
        if width != 1 { shape += " stroke-width=\"\(Self.number(width))\"" }
        body += tooltip.map { shape + "><title>\(Self.escape($0))</title></line>\n" } ?? shape + "/>\n"
    }

    /// A path (`d` in SVG path syntax) filled with `fill`, outlined in white, with `tooltip`
    /// as its title if given.
    public mutating func path(_ d: String, fill: String, tooltip: String? = nil) {
        let shape = "<path d=\"\(d)\" fill=\"\(fill)\" stroke=\"white\" stroke-width=\"1\""
        body += tooltip.map { shape + "><title>\(Self.escape($0))</title></path>\n" } ?? shape + "/>\n"
    }

    /// `text` at (`x`, `y`), anchored `start`, `middle` or `end`, turned `rotation` degrees
    /// about its anchor, in `size` pixels and `fill` colour.
    public mutating func text(
        _ text: String, x: Double, y: Double, anchor: String = "start", size: Double? = nil,
        fill: String? = nil, bold: Bool = false, rotation: Double = 0
    ) {
        var attributes = "x=\"\(Self.number(x))\" y=\"\(Self.number(y))\""
        if anchor != "start" { attributes += " text-anchor=\"\(anchor)\"" }
        if let size { attributes += " font-size=\"\(Self.number(size))\"" }
        if let fill { attributes += " fill=\"\(fill)\"" }
        if bold { attributes += " font-weight=\"bold\"" }
        if rotation != 0 { attributes += " transform=\"rotate(\(Self.number(rotation)) \(Self.number(x)) \(Self.number(y)))\"" }
        body += "<text \(attributes)>\(Self.escape(text))</text>\n"
    }

    /// The document's text.
    public var svg: String {
        """
        <svg xmlns="http://www.w3.org/2000/svg" width="\(Self.number(width))" height="\(Self.number(height))" \
        viewBox="0 0 \(Self.number(width)) \(Self.number(height))" font-family="sans-serif" font-size="12">
        <rect width="100%" height="100%" fill="white"/>
        \(body)</svg>

        """
    }

    /// A coordinate with at most one decimal.
    public static func number(_ value: Double) -> String {
        let rounded = (value * 10).rounded() / 10
        return rounded == rounded.rounded() ? String(Int(rounded)) : String(rounded)
    }

    /// Text made safe inside an SVG element or attribute.
    public static func escape(_ text: String) -> String {
        var escaped = ""
        escaped.reserveCapacity(text.utf8.count)
        for character in text {
            switch character {
            case "&": escaped += "&amp;"
            case "<": escaped += "&lt;"
            case ">": escaped += "&gt;"
            case "\"": escaped += "&quot;"
            default:
                // XML 1.0 admits no control characters but tab, newline and carriage return.
                if character.unicodeScalars.allSatisfy({ $0.value >= 0x20 || $0 == "\t" || $0 == "\n" || $0 == "\r" }) {
                    escaped.append(character)
                } else {
                    escaped += character.unicodeScalars.map { String(format: "\\u%04X", $0.value) }.joined()
                }
            }
        }
        return escaped
    }
}
