import Pool
import Terminal

/// The Pool view: every record with status, nearest score, round and text; filter, sort and
/// search in the title; the selected record in full below.
enum PoolView {
    static func draw(_ grid: inout CellGrid, _ body: Rect, _ state: WorkbenchState) {
        let detailHeight = body.height >= 30 ? 16 : 8
        let (listRect, detailRect) = body.splitRows(topHeight: body.height - detailHeight)
        let browser = state.browser
        var title = "Pool · \(browser.rows.count) of \(state.entries.count) · filter \(browser.filter) · sort \(browser.sort.rawValue)"
        if let search = state.search { title += " · /\(search)" }
        PaneDrawing.box(&grid, listRect, title: title, focused: state.focus == .list)
        let entries = state.entries
        PaneDrawing.list(&grid, listRect.inset(by: 1), count: browser.rows.count, cursor: browser.cursor, focused: state.focus == .list, empty: "No record matches the filter; :filter alone clears it.") { grid, index, rect in
            let entry = entries[browser.rows[index]]
            PaneDrawing.recordRow(
                &grid, rect, status: entry.status, score: entry.nearestSimilarity, round: entry.round,
                instruction: entry.instruction, reason: entry.status == .rejected ? entry.why?.kind.rawValue : nil,
                threshold: state.similarityThreshold)
        }
        let selected = browser.rows.indices.contains(browser.cursor.selection) ? entries[browser.rows[browser.cursor.selection]] : nil
        PaneDrawing.box(&grid, detailRect, title: selected.map { "Record \($0.id) · revision \($0.revision)" } ?? "Record", focused: state.focus == .detail)
        guard let selected else { return }
        let record = state.detail.flatMap { $0.id == selected.id ? $0 : nil }
        CandidateDetail.draw(
            &grid, detailRect.inset(by: 1), instruction: selected.instruction, status: selected.status,
            reason: selected.why?.description, neighbours: record.map(PaneDrawing.storedNeighbours) ?? [], record: record,
            threshold: state.similarityThreshold)
    }
}
