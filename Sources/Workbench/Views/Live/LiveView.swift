import Pool
import Terminal

/// The Live view: the round's candidates on the left (status, best score, reason), the
/// model's text streaming in below them, and the selected candidate on the right: its text,
/// its top-10 neighbours with bars, the filters it passed with their values, its provenance.
enum LiveView {
    static func draw(_ grid: inout CellGrid, _ body: Rect, _ state: WorkbenchState) {
        let (left, right) = Layout.columns(body)
        var listRect = left
        if let stream = state.live.stream, left.height >= 12 {
            let split = left.splitRows(topHeight: left.height - 5)
            listRect = split.top
            drawStream(&grid, split.bottom, stream)
        }
        let candidates = state.live.candidates
        let title = state.live.round.map { "Round \($0.number) candidates" } ?? "Candidates to review (\(candidates.count))"
        PaneDrawing.box(&grid, listRect, title: title, focused: state.focus == .list)
        let emptyText = state.generation.phase == .idle ? "Nothing pending." : "Waiting for candidates…"
        PaneDrawing.list(&grid, listRect.inset(by: 1), count: candidates.count, cursor: state.live.cursor, focused: state.focus == .list, empty: emptyText) { grid, index, rect in
            let candidate = candidates[index]
            let marker = index == state.live.cursor.selection ? "▸" : " "
            grid.write(marker, at: Position(x: rect.x, y: rect.y), style: Style(.keyHint))
            let reason = candidate.status == .rejected ? shortReason(candidate.reason) : nil
            PaneDrawing.recordRow(
                &grid, Rect(x: rect.x + 2, y: rect.y, width: rect.width - 2, height: 1), status: candidate.status,
                score: candidate.bestScore, round: candidate.round, instruction: candidate.instruction, reason: reason,
                threshold: state.similarityThreshold, showsRound: false)
        }
        drawDetail(&grid, right, state)
    }

    /// The first word of a reason ("similarity", "keyword"), for the list.
    private static func shortReason(_ reason: String?) -> String? {
        reason.flatMap { $0.split(separator: " ").first.map(String.init) }
    }

    private static func drawStream(_ grid: inout CellGrid, _ rect: Rect, _ stream: StreamTail) {
        PaneDrawing.box(&grid, rect, title: "Model ▸ \(stream.request)", focused: false)
        let inner = rect.inset(by: 1)
        let lines = TextWrap.lines(of: TextSanitizer.multiline(stream.text), width: inner.width)
        for (row, line) in lines.suffix(inner.height).enumerated() {
            grid.write(line, in: inner.row(row), style: Style(.dimText))
        }
    }

    private static func drawDetail(_ grid: inout CellGrid, _ rect: Rect, _ state: WorkbenchState) {
        let candidates = state.live.candidates
        guard candidates.indices.contains(state.live.cursor.selection) else {
            PaneDrawing.box(&grid, rect, title: "Candidate", focused: state.focus == .detail)
            return
        }
        let candidate = candidates[state.live.cursor.selection]
        PaneDrawing.box(&grid, rect, title: "Candidate \(candidate.key)", focused: state.focus == .detail)
        let record = state.detail.flatMap { $0.id == candidate.recordID ? $0 : nil }
        CandidateDetail.draw(
            &grid, rect.inset(by: 1), instruction: record?.instruction ?? candidate.instruction, status: candidate.status,
            reason: candidate.reason, neighbours: record.map(PaneDrawing.storedNeighbours) ?? candidate.neighbours,
            record: record, threshold: state.similarityThreshold)
    }
}

/// A candidate or record in full: text, status and reason, nearest neighbours with bars,
/// filter verdict, provenance. Shared by the Live and Pool views.
enum CandidateDetail {
    static func draw(
        _ grid: inout CellGrid, _ inner: Rect, instruction: String, status: RecordStatus, reason: String?,
        neighbours: [ScoredNeighbour], record: PoolRecord?, threshold: Double
    ) {
        var y = inner.y
        func remaining() -> Rect { Rect(x: inner.x, y: y, width: inner.width, height: inner.maxY - y) }
        y += PaneDrawing.paragraph(&grid, remaining(), instruction, style: Style(.text, [.bold]), maxLines: 4)
        let (glyph, role) = PaneDrawing.glyph(status)
        let statusLine = "\(glyph) \(status.rawValue)" + (reason.map { ": " + $0 } ?? "")
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
