import Pool
import Terminal

/// The Live view on screen: the candidates on the left (status, best score, reason), the
/// model's text streaming in below them, and the selected candidate on the right: its text,
/// its top-10 neighbours with bars, the filters it passed with their values, its provenance.
extension LiveView {
    public func draw(into grid: inout CellGrid, rect body: Rect, _ context: WorkbenchContext) {
        let (left, right) = Layout.columns(body)
        var listRect = left
        if let stream, left.height >= 12 {
            let split = left.splitRows(topHeight: left.height - 5)
            listRect = split.top
            drawStream(&grid, split.bottom, stream)
        }
        let candidates = candidates
        // The pool's pending count, as the status bar shows it (the list also keeps the
        // session's decided candidates).
        let title = (round.map { "Round \($0.number)" } ?? "Candidates") + " · \(context.pendingCount) pending"
        PaneDrawing.box(&grid, listRect, title: title, focused: context.focus == .list)
        let emptyText = context.generation.phase == .idle ? "Nothing pending." : "Waiting for candidates…"
        let selected = cursor.selection
        PaneDrawing.list(&grid, listRect.inset(by: 1), count: candidates.count, cursor: cursor, focused: context.focus == .list, empty: emptyText) { grid, index, rect in
            let candidate = candidates[index]
            grid.write(index == selected ? "▸" : " ", at: Position(x: rect.x, y: rect.y), style: Style(.keyHint))
            PaneDrawing.recordRow(
                &grid, Rect(x: rect.x + 2, y: rect.y, width: rect.width - 2, height: 1), status: candidate.status,
                score: candidate.bestScore, round: candidate.round, instruction: candidate.instruction,
                reason: candidate.status == .rejected ? candidate.reason?.kind.label : nil,
                threshold: context.similarityThreshold, showsRound: false)
        }
        drawDetail(&grid, right, context)
    }

    private func drawStream(_ grid: inout CellGrid, _ rect: Rect, _ stream: StreamTail) {
        PaneDrawing.box(&grid, rect, title: "Model ▸ \(stream.request)", focused: false)
        let inner = rect.inset(by: 1)
        let lines = TextWrap.lines(of: TextSanitizer.multiline(stream.text), width: inner.width)
        for (row, line) in lines.suffix(inner.height).enumerated() {
            grid.write(line, in: inner.row(row), style: Style(.dimText))
        }
    }

    private func drawDetail(_ grid: inout CellGrid, _ rect: Rect, _ context: WorkbenchContext) {
        guard candidates.indices.contains(cursor.selection) else {
            PaneDrawing.box(&grid, rect, title: "Candidate", focused: context.focus == .detail)
            return
        }
        let candidate = candidates[cursor.selection]
        PaneDrawing.box(&grid, rect, title: "Candidate \(candidate.key)", focused: context.focus == .detail)
        let record = context.detail.flatMap { $0.id == candidate.recordID ? $0 : nil }
        CandidateDetail.draw(
            &grid, rect.inset(by: 1), instruction: record?.instruction ?? candidate.instruction, status: candidate.status,
            reason: candidate.reason, neighbours: record.map(PaneDrawing.storedNeighbours) ?? candidate.neighbours,
            record: record, verdict: context.verdict(on: reviewed(context)), threshold: context.similarityThreshold)
    }
}
