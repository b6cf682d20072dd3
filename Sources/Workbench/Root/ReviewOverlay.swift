import Similarity
import Terminal

/// An overlay a person opens to review the selected record, over the view (and over an
/// inline edit) until they close it; it takes the keys while it shows.
public enum ReviewOverlay: Sendable, Hashable {
    /// `d`: the record and a neighbour side by side.
    case comparison(NeighbourComparison)
    /// `h`: the record's edit history.
    case history(ScrolledPage)
    /// `L`: the pool's curation guidelines.
    case guidelines(ScrolledPage)
}

/// A text and one of its nearest pool instructions, one above the other, with the tokens of
/// the longest common subsequence that ROUGE-L counted; `J`/`K` step through the neighbours.
public struct NeighbourComparison: Sendable, Hashable {
    /// The record compared.
    public var recordID: String
    /// Its instruction, or the text of the inline edit in progress.
    public var text: String
    /// Whether `text` is an edit in progress (its live neighbours) rather than the saved record.
    public var isEdit: Bool
    /// The neighbours to step through, highest score first, as stored (or as re-scored for an edit).
    public var neighbours: [ScoredNeighbour]
    /// The neighbour shown.
    public private(set) var index = 0
    /// The text (target) against the neighbour shown (prediction).
    public private(set) var alignment: RougeAlignment

    /// A comparison of `text` with the first of `neighbours` (which must not be empty).
    init(recordID: String, text: String, isEdit: Bool, neighbours: [ScoredNeighbour]) {
        self.recordID = recordID
        self.text = text
        self.isEdit = isEdit
        self.neighbours = Array(neighbours.prefix(10))
        alignment = RougeAlignment(target: text, prediction: neighbours[0].text)
    }

    /// The neighbour shown.
    public var neighbour: ScoredNeighbour { neighbours[index] }

    /// Shows the next (`by` 1) or previous (-1) neighbour; false at either end.
    mutating func step(by offset: Int) -> Bool {
        let next = index + offset
        guard neighbours.indices.contains(next) else { return false }
        index = next
        alignment = RougeAlignment(target: text, prediction: neighbours[next].text)
        return true
    }
}

/// Styled text longer than the screen, scrolled by whole lines: the edit history and the
/// guidelines.
public struct ScrolledPage: Sendable, Hashable {
    /// The overlay's title.
    public var title: String
    /// The text, one paragraph per element, each wrapped to the overlay's width; an empty
    /// paragraph is a blank line. Sanitised when the page is made.
    public var paragraphs: [[StyledSpan]]
    /// The first line shown.
    public private(set) var top = 0

    /// A page from its first line.
    init(title: String, paragraphs: [[StyledSpan]]) {
        self.title = title
        self.paragraphs = paragraphs
    }

    /// The page as lines of `width` columns.
    func lines(width: Int) -> [[StyledSpan]] {
        paragraphs.flatMap { paragraph in paragraph.isEmpty ? [[]] : TextWrap.lines(of: paragraph, width: width) }
    }

    /// Scrolls by `offset` lines, keeping a full page on screen where the text is long enough.
    mutating func scroll(by offset: Int, in area: Rect) {
        let last = max(0, lines(width: area.width).count - area.height)
        top = max(0, min(last, top + offset))
    }
}
