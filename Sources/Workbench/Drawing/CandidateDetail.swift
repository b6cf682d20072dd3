import Pool
import Terminal

/// A candidate or record in full: text, status and reason, nearest neighbours with bars,
/// filter verdict, provenance. Shared by the Live and Pool views.
enum CandidateDetail {
    static func draw(
        _ grid: inout CellGrid, _ inner: Rect, instruction: String, status: RecordStatus, reason: StatusReason?,
        neighbours: [ScoredNeighbour], record: PoolRecord?, threshold: Double
    ) {
        var y = inner.y
        func remaining() -> Rect { Rect(x: inner.x, y: y, width: inner.width, height: inner.maxY - y) }
        y += PaneDrawing.paragraph(&grid, remaining(), instruction, style: Style(.text, [.bold]), maxLines: 4)
        let (glyph, role) = PaneDrawing.glyph(status)
        let statusLine = "\(glyph) \(status.rawValue)" + (reason.map { ": \($0)" } ?? "")
        y += PaneDrawing.paragraph(&grid, remaining(), statusLine, style: Style(role), maxLines: 2)
        guard y < inner.maxY else { return }
        y += 1
        let provenance = record.map(PaneDrawing.provenance) ?? []
        let neighbourRows = min(neighbours.count, 10, max(0, inner.maxY - y - 2 - provenance.count))
        if !neighbours.isEmpty && y < inner.maxY {
            grid.write("Nearest in pool (ROUGE-L F)", in: remaining().row(0), style: Style(.dimText))
            y += 1
            y += PaneDrawing.neighbours(&grid, Rect(x: inner.x, y: y, width: inner.width, height: max(1, neighbourRows)), neighbours, threshold: threshold)
        } else if record != nil || status != .pending {
            grid.write("Nearest in pool: not scored", in: remaining().row(0), style: Style(.dimText))
            y += 1
        }
        guard y < inner.maxY else { return }
        let (verdict, verdictRole) = PaneDrawing.filterVerdict(instruction, best: neighbours.first?.score, threshold: threshold)
        y += PaneDrawing.paragraph(&grid, remaining(), verdict, style: Style(verdictRole), maxLines: 2)
        for line in provenance where y < inner.maxY {
            y += PaneDrawing.paragraph(&grid, remaining(), line, style: Style(.dimText), maxLines: 2)
        }
    }
}
