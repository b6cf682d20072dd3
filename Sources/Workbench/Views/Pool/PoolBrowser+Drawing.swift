import Pool
import Terminal

/// The Pool view on screen: every record with status, nearest score, round and text; filter,
/// sort and search in the title; the selected record in full below.
extension PoolBrowser {
    public func draw(into grid: inout CellGrid, rect body: Rect, _ context: WorkbenchContext) {
        let detailHeight = body.height >= 30 ? 16 : 8
        let (listRect, detailRect) = body.splitRows(topHeight: body.height - detailHeight)
        let entries = context.pool.entries
        var title = "Pool · \(rows.count) of \(entries.count) · filter \(filter) · sort \(sort.rawValue)"
        if let search = context.search { title += " · /\(search)" }
        if !marks.isEmpty { title += " · \(marks.count) marked" }
        PaneDrawing.box(&grid, listRect, title: title, focused: context.focus == .list)
        let rows = rows, marks = marks
        PaneDrawing.list(&grid, listRect.inset(by: 1), count: rows.count, cursor: cursor, focused: context.focus == .list, empty: "No record matches the filter; :filter alone clears it.") { grid, index, rect in
            let entry = entries[rows[index]]
            PaneDrawing.recordRow(
                &grid, rect, status: entry.status, score: entry.nearestSimilarity, round: entry.round,
                instruction: entry.instruction, reason: entry.status == .rejected ? entry.why?.kind.label : nil,
                threshold: context.similarityThreshold, marked: marks.isEmpty ? nil : marks.contains(entry.id),
                flags: context.pool.defects.flags(of: entry).flags)
        }
        let selected = rows.indices.contains(cursor.selection) ? entries[rows[cursor.selection]] : nil
        PaneDrawing.box(&grid, detailRect, title: selected.map { "Record \($0.id) · revision \($0.revision)" } ?? "Record", focused: context.focus == .detail)
        guard let selected else { return }
        let record = context.detail.flatMap { $0.id == selected.id ? $0 : nil }
        CandidateDetail.draw(
            &grid, detailRect.inset(by: 1), instruction: selected.instruction, status: selected.status,
            reason: selected.why, neighbours: record.map(PaneDrawing.storedNeighbours) ?? [], record: record,
            verdict: context.verdict(on: reviewed(context)), threshold: context.similarityThreshold)
    }
}
