import Pool
import Terminal

/// The Instances view on screen: the tasks on the left (status, is-classification, stage
/// state); on the right the selected task's instances with the selected one in full, or,
/// for a task without instances, why not and what to do.
extension InstancesView {
    public func draw(into grid: inout CellGrid, rect body: Rect, _ context: WorkbenchContext) {
        let split = body.splitColumns(leftWidth: max(40, body.width / 2))
        let (left, right) = (split.left, split.right)
        let rows = rows
        let entries = context.pool.entries
        let accepted = context.pool.pipeline.tasks
        PaneDrawing.box(&grid, left, title: "Accepted tasks (\(accepted)) · seeds (\(rows.count - accepted))", focused: context.focus == .list)
        PaneDrawing.list(&grid, left.inset(by: 1), count: rows.count, cursor: taskCursor, focused: context.focus == .list, empty: "No accepted task yet.") { grid, index, rect in
            let entry = entries[rows[index]]
            let state = TaskStageState(entry, failure: context.stages.failures[entry.id])
            let (glyph, role) = PaneDrawing.glyph(entry.status)
            grid.write(glyph, at: Position(x: rect.x, y: rect.y), style: Style(role))
            grid.write(Self.classification(entry.isClassification), at: Position(x: rect.x + 2, y: rect.y), width: 3, style: Style(.dimText))
            grid.write(state.label, at: Position(x: rect.x + 6, y: rect.y), width: 15, style: Style(state.role))
            grid.write(TextSanitizer.singleLine(entry.instruction, columns: rect.width - 22), at: Position(x: rect.x + 22, y: rect.y), width: rect.width - 22)
        }
        guard let id = selection(context)?.recordID, let entry = context.pool.entry(id) else {
            PaneDrawing.box(&grid, right, title: "Instances", focused: context.focus == .detail)
            return
        }
        guard let record = context.detail, record.id == id else {
            PaneDrawing.box(&grid, right, title: "Task \(id)", focused: context.focus == .detail)
            return
        }
        let state = TaskStageState(entry, failure: context.stages.failures[id])
        guard !record.instances.isEmpty else {
            drawTaskWithoutInstances(&grid, right, record, state: state, focused: context.focus == .detail)
            return
        }
        drawInstances(&grid, right, record, focused: context.focus == .detail)
    }

    /// `yes`, `no` or `—` (not classified).
    static func classification(_ isClassification: Bool?) -> String {
        isClassification.map { $0 ? "yes" : "no" } ?? "—"
    }

    private func drawInstances(_ grid: inout CellGrid, _ right: Rect, _ record: PoolRecord, focused: Bool) {
        let (listRect, fullRect) = right.splitRows(topHeight: max(5, right.height / 2))
        let title = "Instances of \(record.id) · classification: \(Self.classification(record.isClassification))"
        PaneDrawing.box(&grid, listRect, title: title, focused: focused)
        let instances = record.instances
        PaneDrawing.list(&grid, listRect.inset(by: 1), count: instances.count, cursor: instanceCursor, focused: focused, empty: "No instances.") { grid, index, rect in
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

    /// The instruction, its classification, why it has no instances and what to do, and the
    /// instances the filters dropped with their reasons.
    private func drawTaskWithoutInstances(_ grid: inout CellGrid, _ right: Rect, _ record: PoolRecord, state: TaskStageState, focused: Bool) {
        PaneDrawing.box(&grid, right, title: "Task \(record.id) · classification: \(Self.classification(record.isClassification))", focused: focused)
        let inner = right.inset(by: 1)
        var y = inner.y
        func paragraph(_ text: String, _ style: Style = .text, maxLines: Int = 4) {
            guard y < inner.maxY else { return }
            y += PaneDrawing.paragraph(&grid, Rect(x: inner.x, y: y, width: inner.width, height: inner.maxY - y), text, style: style, maxLines: maxLines)
        }
        paragraph(record.instruction, Style(.dimText), maxLines: 3)
        y += 1
        paragraph(state.explanation(why: record.instancesWhy?.task?.detail), Style(state.role, [.bold]), maxLines: 6)
        for dropped in record.instancesWhy?.dropped ?? [] {
            paragraph("dropped: \(dropped.input.isEmpty ? "" : dropped.input + " → ")\(dropped.output) (\(dropped.reason))", maxLines: 2)
        }
    }
}
