import Evaluation
import Foundation
import Terminal

extension RatingScreen {
    /// The frame for `state`: the task (instruction and input), the reference when asked
    /// for, one response, the rubric and keys always visible, and progress. Never a
    /// system's name: the rater must not know whose response it is.
    public static func render(_ state: RatingState) -> CellGrid {
        guard state.size.contains(minimumSize) else { return .tooSmallNotice(size: state.size, minimum: minimumSize) }
        var grid = CellGrid(size: state.size)
        let width = state.size.width
        let graded = state.done
        grid.write("selfinstruct · rating as \(TextSanitizer.singleLine(state.rater))", at: Position(x: 0, y: 0), width: width, style: Style(.title))
        let progress = state.progress
        grid.write(progress, at: Position(x: max(0, width - progress.count), y: 0), style: Style(.dimText))
        let left = " " + state.leftPerSystem.map(String.init).joined(separator: " · ") + " left per system"
        let barWidth = state.isQueue ? width : max(10, width - left.count)
        grid.drawBar(at: Position(x: 0, y: 1), width: barWidth, fraction: state.items.isEmpty ? 0 : Double(graded) / Double(state.items.count))
        if !state.isQueue { grid.write(left, at: Position(x: barWidth, y: 1), width: width - barWidth, style: Style(.dimText)) }

        let rubricTop = state.size.height - 6
        guard let item = state.item, let task = state.tasks[item.taskID] else {
            let empty = state.isQueue ? "No disagreements: the raters agree on every response they both graded."
                : "No responses to grade: import predictions or generate responses first."
            grid.write(empty, at: Position(x: 0, y: 3), width: width)
            drawFooter(&grid, state, top: rubricTop, current: nil)
            return grid
        }
        var taskText = TextSanitizer.multiline(task.instruction.trimmingCharacters(in: .whitespacesAndNewlines))
        if !task.input.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
            taskText += "\n\nInput: " + TextSanitizer.multiline(task.input)
        }
        let inner = width - 4
        let taskLines = TextWrap.lines(of: taskText, width: inner)
        let referenceLines = state.showsReference ? TextWrap.lines(of: TextSanitizer.multiline(task.reference), width: inner) : []
        let room = rubricTop - 2
        // The response keeps at least a third of the room; the task takes what it needs of
        // the rest, the reference (when shown) up to a quarter.
        let responseMinimum = max(3, room / 3)
        let referenceHeight = state.showsReference ? min(referenceLines.count + 2, max(3, room / 4)) : 0
        let taskHeight = max(3, min(taskLines.count + 2, room - responseMinimum - referenceHeight))
        let responseHeight = room - taskHeight - referenceHeight

        let siblings = state.items.filter { $0.taskID == item.taskID }
        let taskTitle = "Task \(state.taskNumbers[item.taskID] ?? 0) of \(state.taskNumbers.count)"
        drawText(&grid, taskLines, in: Rect(x: 0, y: 2, width: width, height: taskHeight), title: taskTitle, scroll: 0)
        if state.showsReference {
            drawText(&grid, referenceLines, in: Rect(x: 0, y: 2 + taskHeight, width: width, height: referenceHeight),
                     title: "Reference (r hides)", scroll: 0)
        }
        let responseLines = TextWrap.lines(of: TextSanitizer.multiline(state.responses[item] ?? ""), width: inner)
        let visible = max(0, responseHeight - 2)
        let scroll = min(state.scroll, max(0, responseLines.count - visible))
        var responseTitle = "Response \((siblings.firstIndex(of: item) ?? 0) + 1) of \(siblings.count)"
        if let others = state.othersGrades[item], !others.isEmpty {
            responseTitle += " · graded " + others.map { "\($0.grade.rawValue) by \(TextSanitizer.singleLine($0.rater))" }.joined(separator: ", ")
        }
        if responseLines.count > visible { responseTitle += " · lines \(scroll + 1)–\(min(responseLines.count, scroll + visible)) of \(responseLines.count), ↑/↓ scroll" }
        drawText(&grid, responseLines, in: Rect(x: 0, y: 2 + taskHeight + referenceHeight, width: width, height: responseHeight),
                 title: responseTitle, scroll: scroll)
        drawFooter(&grid, state, top: rubricTop, current: state.grades[item])
        return grid
    }

    /// Lines in a box, from `scroll`, the last visible one ending in "…" when more follow;
    /// the pairwise screen draws with it too.
    static func drawText(_ grid: inout CellGrid, _ lines: [String], in rect: Rect, title: String, scroll: Int) {
        guard rect.height >= 2 else { return }
        grid.drawBox(rect, title: title)
        let visible = rect.height - 2
        for row in 0..<visible where scroll + row < lines.count {
            let more = row == visible - 1 && scroll + row + 1 < lines.count
            grid.write(more ? lines[scroll + row] + " …" : lines[scroll + row], at: Position(x: rect.x + 2, y: rect.y + 1 + row), width: rect.width - 4)
        }
    }

    /// The rubric (the current grade marked), the keys and the message line.
    private static func drawFooter(_ grid: inout CellGrid, _ state: RatingState, top: Int, current: Grade?) {
        for (row, grade) in Grade.allCases.enumerated() {
            let marker = grade == current ? "▸" : " "
            let style: Style = switch grade {
            case .a, .b: Style(.accepted)
            case .c: Style(.warning)
            case .d: Style(.rejected)
            }
            let position = Position(x: 0, y: top + row)
            let used = grid.write("\(marker) \(grade.rawValue.lowercased())  \(grade.rawValue) ", at: position, style: style.adding(grade == current ? .bold : []))
            grid.write(grade.rubric, at: Position(x: used, y: top + row), width: state.size.width - used)
        }
        grid.write("a–d grade · n note · u undo · r reference · ←/→ move · ↑/↓ scroll · q quit",
                   at: Position(x: 0, y: top + 4), width: state.size.width, style: Style(.keyHint))
        state.noteDrafts.draw(into: &grid, row: top + 5, width: state.size.width, message: state.message,
                              note: state.item.flatMap { state.noteDrafts.note(for: $0, saved: state.notes[$0]) })
    }
}
