import Pool
import Terminal

/// The Rejections view on screen: reasons with counts on the left; the selected reason's
/// records on the right; below them the evidence (the neighbour and score, the keyword, the
/// count) and how to rescue one.
extension RejectionsView {
    public func draw(into grid: inout CellGrid, rect body: Rect, _ context: WorkbenchContext) {
        let (left, right) = body.splitColumns(leftWidth: 26)
        let total = groups.reduce(0) { $0 + $1.rows.count }
        PaneDrawing.box(&grid, left, title: "Reasons (\(total))", focused: context.focus == .list)
        PaneDrawing.list(&grid, left.inset(by: 1), count: groups.count, cursor: groupCursor, focused: context.focus == .list, empty: "Nothing rejected.") { grid, index, rect in
            let group = groups[index]
            let count = String(group.rows.count)
            grid.write(group.reason, at: Position(x: rect.x, y: rect.y), width: rect.width - count.count - 1, style: Style(.rejected))
            grid.write(count, at: Position(x: rect.maxX - count.count, y: rect.y))
        }
        let (itemsRect, evidenceRect) = right.splitRows(topHeight: right.height - min(9, right.height / 2))
        let rows = selectedRows
        let entries = context.pool.entries
        PaneDrawing.box(&grid, itemsRect, title: selectedGroup.map { $0.reason == StatusReason.Kind.human.label ? "Rejected by a person" : "Rejected for \($0.reason)" } ?? "Rejected", focused: context.focus == .detail)
        PaneDrawing.list(&grid, itemsRect.inset(by: 1), count: rows.count, cursor: itemCursor, focused: context.focus == .detail, empty: "") { grid, index, rect in
            let entry = entries[rows[index]]
            PaneDrawing.recordRow(
                &grid, rect, status: entry.status, score: entry.nearestSimilarity, round: entry.round,
                instruction: entry.instruction, reason: nil, threshold: context.similarityThreshold,
                marked: marks.isEmpty ? nil : marks.contains(entry.id))
        }
        PaneDrawing.box(&grid, evidenceRect, title: "Evidence · a rescues (accepts as your override)", focused: false)
        guard rows.indices.contains(itemCursor.selection) else { return }
        let entry = entries[rows[itemCursor.selection]]
        let inner = evidenceRect.inset(by: 1)
        var y = inner.y
        y += PaneDrawing.paragraph(&grid, inner, entry.instruction, style: Style(.text, [.bold]), maxLines: 2)
        if let why = entry.why {
            y += PaneDrawing.paragraph(&grid, Rect(x: inner.x, y: y, width: inner.width, height: inner.maxY - y), "✗ " + why.description, style: Style(.rejected), maxLines: 2)
            if why.kind == .similarity, case .number(let score)? = why.value, y < inner.maxY {
                let neighbour = ScoredNeighbour(text: why.neighbour ?? "(neighbour not recorded)", score: score)
                y += PaneDrawing.neighbours(&grid, Rect(x: inner.x, y: y, width: inner.width, height: 1), [neighbour], threshold: context.similarityThreshold)
            }
        }
        if let record = context.detail, record.id == entry.id, y < inner.maxY {
            let others = PaneDrawing.storedNeighbours(record).filter { $0.text != entry.why?.neighbour }
            PaneDrawing.neighbours(&grid, Rect(x: inner.x, y: y, width: inner.width, height: inner.maxY - y), others, threshold: context.similarityThreshold)
        }
    }
}
