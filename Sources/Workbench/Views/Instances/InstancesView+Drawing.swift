import Pool
import Terminal

/// The Instances view on screen: tasks with instances on the left; the selected task's
/// instances on the right, each with a person's verdict, and the selected one in full below.
extension InstancesView {
    public func draw(into grid: inout CellGrid, rect body: Rect, _ context: WorkbenchContext) {
        let (left, right) = Layout.columns(body)
        let rows = rows
        let entries = context.pool.entries
        PaneDrawing.box(&grid, left, title: "Tasks with instances (\(rows.count))", focused: context.focus == .list)
        PaneDrawing.list(&grid, left.inset(by: 1), count: rows.count, cursor: taskCursor, focused: context.focus == .list, empty: "No accepted task has instances yet.") { grid, index, rect in
            let entry = entries[rows[index]]
            let (glyph, role) = PaneDrawing.glyph(entry.status)
            grid.write(glyph, at: Position(x: rect.x, y: rect.y), style: Style(role))
            grid.write(String(entry.instanceCount), at: Position(x: rect.x + 2, y: rect.y), width: 3, style: Style(.dimText))
            grid.write(TextSanitizer.singleLine(entry.instruction, columns: rect.width - 5), at: Position(x: rect.x + 5, y: rect.y), width: rect.width - 5)
        }
        guard let id = selection(context)?.recordID, let record = context.detail, record.id == id else {
            PaneDrawing.box(&grid, right, title: "Instances", focused: context.focus == .detail)
            return
        }
        let (listRect, fullRect) = right.splitRows(topHeight: max(5, right.height / 2))
        PaneDrawing.box(&grid, listRect, title: "Instances of \(record.id)", focused: context.focus == .detail)
        let instances = record.instances
        PaneDrawing.list(&grid, listRect.inset(by: 1), count: instances.count, cursor: instanceCursor, focused: context.focus == .detail, empty: "No instances.") { grid, index, rect in
            let instance = instances[index]
            let (glyph, role): (String, Role) = switch instance.status {
            case .accepted: ("✓", .accepted)
            case .rejected: ("✗", .rejected)
            case nil: ("·", .dimText)
            }
            grid.write("\(index + 1)", at: Position(x: rect.x, y: rect.y), width: 3, style: Style(.dimText))
            grid.write(glyph, at: Position(x: rect.x + 3, y: rect.y), style: Style(role))
            let input = instance.input.isEmpty ? "" : TextSanitizer.singleLine(instance.input, columns: rect.width) + " → "
            grid.write(input + TextSanitizer.singleLine(instance.output, columns: rect.width), at: Position(x: rect.x + 5, y: rect.y), width: rect.width - 5)
        }
        PaneDrawing.box(&grid, fullRect, title: "Instance", focused: false)
        guard instances.indices.contains(instanceCursor.selection) else { return }
        let instance = instances[instanceCursor.selection]
        let inner = fullRect.inset(by: 1)
        var y = inner.y
        y += PaneDrawing.paragraph(&grid, inner, record.instruction, style: Style(.dimText), maxLines: 2)
        y += PaneDrawing.paragraph(&grid, Rect(x: inner.x, y: y, width: inner.width, height: inner.maxY - y), "input: " + (instance.input.isEmpty ? "(none)" : instance.input), maxLines: 4)
        PaneDrawing.paragraph(&grid, Rect(x: inner.x, y: y, width: inner.width, height: inner.maxY - y), "output: " + instance.output, style: Style(.text, [.bold]))
    }
}
