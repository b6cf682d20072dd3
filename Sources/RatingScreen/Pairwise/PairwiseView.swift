import Evaluation
import Foundation
import Terminal

extension PairwiseScreen {
    /// Terminals at least this wide show the two responses side by side; narrower ones
    /// (80 columns) one above the other.
    public static let sideBySideWidth = 100

    /// What each key chooses, as the rubric shows it.
    static let rubric: [(key: String, choice: PairwiseChoice, text: String)] = [
        ("1", .first, "response 1 is better"),
        ("2", .second, "response 2 is better"),
        ("=", .tie, "tie (or t): as good, or as bad, as each other"),
    ]

    /// The frame for `state`: the task, the reference when asked for, the two responses
    /// (numbered 1 and 2, never named), the choices and keys always visible, and progress.
    public static func render(_ state: PairwiseState) -> CellGrid {
        guard state.size.contains(minimumSize) else { return .tooSmallNotice(size: state.size, minimum: minimumSize) }
        var grid = CellGrid(size: state.size)
        let width = state.size.width
        let judged = state.choices.count
        grid.write("selfinstruct · comparing as \(TextSanitizer.singleLine(state.rater))", at: Position(x: 0, y: 0), width: width, style: Style(.title))
        let progress = state.progress
        grid.write(progress, at: Position(x: max(0, width - progress.count), y: 0), style: Style(.dimText))
        grid.drawBar(at: Position(x: 0, y: 1), width: width, fraction: state.items.isEmpty ? 0 : Double(judged) / Double(state.items.count))

        let footerTop = state.size.height - 5
        guard let item = state.item, let task = state.tasks[item.taskID], let texts = state.responses[item.taskID] else {
            grid.write("No task has responses from both systems: import or generate them first.", at: Position(x: 0, y: 3), width: width)
            drawFooter(&grid, state, top: footerTop, current: nil)
            return grid
        }
        var taskText = TextSanitizer.multiline(task.instruction.trimmingCharacters(in: .whitespacesAndNewlines))
        if !task.input.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
            taskText += "\n\nInput: " + TextSanitizer.multiline(task.input)
        }
        let taskLines = TextWrap.lines(of: taskText, width: width - 4)
        let referenceLines = state.showsReference ? TextWrap.lines(of: TextSanitizer.multiline(task.reference), width: width - 4) : []
        let room = footerTop - 2
        // The responses keep at least two thirds of the room; the task takes what it needs
        // of the rest, the reference (when shown) up to a sixth.
        let referenceHeight = state.showsReference ? min(referenceLines.count + 2, max(3, room / 6)) : 0
        let taskHeight = max(3, min(taskLines.count + 2, room / 3 - referenceHeight))
        let top = 2 + taskHeight + referenceHeight
        let taskTitle = "Task \(state.taskNumbers[item.taskID] ?? 0) of \(state.taskNumbers.count)"
        RatingScreen.drawText(&grid, taskLines, in: Rect(x: 0, y: 2, width: width, height: taskHeight), title: taskTitle, scroll: 0)
        if state.showsReference {
            RatingScreen.drawText(&grid, referenceLines, in: Rect(x: 0, y: 2 + taskHeight, width: width, height: referenceHeight),
                                  title: "Reference (r hides)", scroll: 0)
        }
        let height = footerTop - top
        let boxes: [Rect] = width >= sideBySideWidth
            ? [Rect(x: 0, y: top, width: width / 2, height: height), Rect(x: width / 2, y: top, width: width - width / 2, height: height)]
            : [Rect(x: 0, y: top, width: width, height: height / 2), Rect(x: 0, y: top + height / 2, width: width, height: height - height / 2)]
        let sides = width >= sideBySideWidth ? ["left", "right"] : ["top", "bottom"]
        for (index, box) in boxes.enumerated() {
            let lines = TextWrap.lines(of: TextSanitizer.multiline(texts[index]), width: box.width - 4)
            let visible = max(0, box.height - 2)
            let scroll = min(state.scroll, max(0, lines.count - visible))
            var title = "Response \(index + 1) · \(sides[index])"
            if lines.count > visible { title += " · lines \(scroll + 1)–\(min(lines.count, scroll + visible)) of \(lines.count)" }
            RatingScreen.drawText(&grid, lines, in: box, title: title, scroll: scroll)
        }
        drawFooter(&grid, state, top: footerTop, current: state.choices[item.taskID])
        return grid
    }

    /// The choices (the current one marked), the keys and the message line.
    private static func drawFooter(_ grid: inout CellGrid, _ state: PairwiseState, top: Int, current: PairwiseChoice?) {
        for (row, entry) in rubric.enumerated() {
            let chosen = entry.choice == current
            let used = grid.write("\(chosen ? "▸" : " ") \(entry.key)  ", at: Position(x: 0, y: top + row),
                                  style: Style(.keyHint).adding(chosen ? .bold : []))
            grid.write(entry.text, at: Position(x: used, y: top + row), width: state.size.width - used, style: chosen ? Style(.title) : .text)
        }
        grid.write("1/2 better · = tie · n note · u undo · r ref · ←/→ move · ↑/↓ scroll · q quit",
                   at: Position(x: 0, y: top + 3), width: state.size.width, style: Style(.keyHint))
        state.noteDrafts.draw(into: &grid, row: top + 4, width: state.size.width, message: state.message,
                              note: state.item.flatMap { state.noteDrafts.note(for: $0.taskID, saved: state.notes[$0.taskID]) })
    }
}
