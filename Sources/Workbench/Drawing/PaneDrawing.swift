import Engine
import Foundation
import Pool
import Terminal

/// Small drawing pieces the views share: list rows, status glyphs, scores with bars,
/// filter verdicts, provenance.
enum PaneDrawing {
    /// A status as one glyph and its role: ● pending, ✓ accepted, ✗ rejected, ◆ seed.
    static func glyph(_ status: RecordStatus) -> (String, Role) {
        switch status {
        case .pending: ("●", .pending)
        case .accepted: ("✓", .accepted)
        case .rejected: ("✗", .rejected)
        case .seed: ("◆", .seed)
        }
    }

    /// A score as people read it in the design: `.41`, `1.0`, or ` — ` when unscored.
    static func score(_ value: Double?) -> String {
        guard let value else { return " — " }
        if value >= 0.995 { return "1.0" }
        return String(String(format: "%.2f", max(0, value)).dropFirst())
    }

    /// The role for a similarity: low well below the threshold, high above it.
    static func similarityRole(_ value: Double, threshold: Double) -> Role {
        if value > threshold { return .similarityHigh }
        if value > threshold * 0.7 { return .similarityMid }
        return .similarityLow
    }

    /// Draws a bordered pane; the border shows whether it has the keyboard.
    static func box(_ grid: inout CellGrid, _ rect: Rect, title: String, focused: Bool) {
        grid.drawBox(rect, style: Style(focused ? .focusedBorder : .border), title: TextSanitizer.singleLine(title))
    }

    /// Draws `count` rows of a list in `rect` with the row at `cursor` highlighted and kept in
    /// view; `row` draws one row (index, rect, whether selected).
    static func list(
        _ grid: inout CellGrid, _ rect: Rect, count: Int, cursor: ListCursor, focused: Bool,
        empty: String, row: (inout CellGrid, Int, Rect) -> Void
    ) {
        guard !rect.isEmpty else { return }
        guard count > 0 else {
            grid.write(empty, in: rect.row(0), style: Style(.dimText))
            return
        }
        let top = cursor.top(height: rect.height)
        for line in 0..<min(rect.height, count - top) {
            let index = top + line
            let rowRect = rect.row(line)
            row(&grid, index, rowRect)
            if index == cursor.selection {
                grid.setStyle(Style(.selection, focused ? [.bold] : []), in: rowRect)
            }
        }
        if count > rect.height {
            // A scroll position in the right border: "12/340".
            let position = " \(cursor.selection + 1)/\(count) "
            grid.write(position, at: Position(x: rect.maxX - position.count, y: rect.maxY), style: Style(.dimText))
        }
    }

    /// One record row: `✓ .41 r12 Instruction…` with the reason kind of rejected ones, and
    /// with `marked` a mark gutter (`+` on marked rows; nil: no gutter).
    static func recordRow(
        _ grid: inout CellGrid, _ rect: Rect, status: RecordStatus, score: Double?, round: Int?,
        instruction: String, reason: String?, threshold: Double, showsRound: Bool = true, marked: Bool? = nil,
        flags: [DefectFlag] = []
    ) {
        let (glyph, role) = glyph(status)
        var x = rect.x
        // A gutter for marks only while the list has some, so rows do not shift otherwise.
        if let marked { x += grid.write(marked ? "+" : " ", at: Position(x: x, y: rect.y), width: rect.maxX - x, style: Style(.keyHint, [.bold])) }
        x += grid.write(glyph + " ", at: Position(x: x, y: rect.y), width: rect.maxX - x, style: Style(role))
        let scoreRole = score.map { similarityRole($0, threshold: threshold) } ?? .dimText
        x += grid.write(self.score(score) + " ", at: Position(x: x, y: rect.y), width: rect.maxX - x, style: Style(scoreRole))
        if showsRound {
            let label = round.map { "r\($0)" } ?? (status == .seed ? "seed" : "")
            x += grid.write(label.padding(toLength: 5, withPad: " ", startingAt: 0), at: Position(x: x, y: rect.y), width: rect.maxX - x, style: Style(.dimText))
        }
        var reasonWidth = 0
        if let first = flags.first, rect.maxX - x > 40 {
            // The defect badge: the first flag's name, and how many more there are.
            let badge = " ⚑" + first.name + (flags.count > 1 ? "+\(flags.count - 1)" : "")
            reasonWidth = DisplayWidth.of(badge)
            grid.write(badge, at: Position(x: rect.maxX - reasonWidth, y: rect.y), width: reasonWidth, style: Style(.warning))
        }
        if let reason, !reason.isEmpty, rect.maxX - x - reasonWidth > 30 {
            let label = " " + TextSanitizer.singleLine(reason)
            let width = min(DisplayWidth.of(label), 14)
            grid.write(label, at: Position(x: rect.maxX - reasonWidth - width, y: rect.y), width: width, style: Style(.dimText))
            reasonWidth += width
        }
        grid.write(TextSanitizer.singleLine(instruction, columns: rect.maxX - x - reasonWidth), at: Position(x: x, y: rect.y), width: rect.maxX - x - reasonWidth)
    }

    /// Neighbours as `.41 ████░░░░░░ text`, at most `rect.height` of them; returns rows used.
    @discardableResult
    static func neighbours(_ grid: inout CellGrid, _ rect: Rect, _ neighbours: [ScoredNeighbour], threshold: Double) -> Int {
        let shown = neighbours.prefix(rect.height)
        for (line, neighbour) in shown.enumerated() {
            let y = rect.y + line
            let role = similarityRole(neighbour.score, threshold: threshold)
            grid.write(score(neighbour.score), at: Position(x: rect.x, y: y), width: 4, style: Style(role))
            grid.drawBar(at: Position(x: rect.x + 4, y: y), width: 10, fraction: neighbour.score, filled: Style(role))
            grid.write(TextSanitizer.singleLine(neighbour.text, columns: rect.width - 15), at: Position(x: rect.x + 15, y: y), width: rect.width - 15)
        }
        return shown.count
    }

    /// The filters' verdict as `Filters: words 7 ✓ · keywords ✓ · similarity .41 ≤ .70 ✓`, in
    /// the colour of its outcome, or a placeholder while it is being judged; returns rows used.
    @discardableResult
    static func verdict(_ grid: inout CellGrid, _ rect: Rect, _ verdict: FilterVerdict?) -> Int {
        guard let verdict else { return paragraph(&grid, rect, "Filters: …", style: Style(.dimText), maxLines: 1) }
        return paragraph(&grid, rect, "Filters: \(verdict)", style: Style(verdict.passed ? .accepted : .rejected), maxLines: 2)
    }

    /// Provenance lines: round, model and parameters, demonstrations, or the import source.
    static func provenance(_ record: PoolRecord) -> [String] {
        var lines: [String] = []
        if let call = record.provenance?.instructionGeneration {
            var first = record.round.map { "round \($0)" } ?? "generated"
            if let model = call.model { first += " · model \(model)" }
            if let usage = call.usage { first += " · \(usage.promptTokens)+\(usage.completionTokens) tokens" }
            lines.append(first)
            if let parameters = call.parameters, !parameters.isEmpty {
                lines.append("parameters: " + parameters.keys.sorted().map { "\($0) \(describe(parameters[$0]!))" }.joined(separator: ", "))
            }
            if let demos = call.demonstrationIDs, !demos.isEmpty {
                lines.append("demonstrations: " + demos.joined(separator: ", "))
            }
        } else if let source = record.provenance?.importedFrom {
            lines.append("imported from \(source.file):\(source.position) (\(source.format))")
        } else if record.status == .seed {
            lines.append("seed task" + (record.name.map { " \"\($0)\"" } ?? ""))
        }
        if !record.edits.isEmpty { lines.append("\(record.edits.count) change(s) by a person · revision \(record.revision)") }
        return lines
    }

    /// A parameter's value: strings bare, anything else as compact JSON.
    private static func describe(_ value: JSONValue) -> String {
        if case .string(let text) = value { return text }
        return (try? JSONEncoder().encode(value)).map { String(decoding: $0, as: UTF8.self) } ?? "?"
    }

    /// Writes wrapped, sanitised text from the top of `rect`, at most `maxLines` lines;
    /// returns the rows used.
    @discardableResult
    static func paragraph(_ grid: inout CellGrid, _ rect: Rect, _ text: String, style: Style = .text, maxLines: Int = .max) -> Int {
        // One line more than can show, so that a cut is marked "…".
        let room = max(0, min(rect.height, maxLines))
        let lines = TextWrap.lines(of: TextSanitizer.multiline(text, lines: room + 1, columns: rect.width), width: rect.width)
        let shown = min(lines.count, room)
        for index in 0..<shown {
            let isLastShown = index == shown - 1 && shown < lines.count
            grid.write(isLastShown ? lines[index] + " …" : lines[index], in: rect.row(index), style: style)
        }
        return shown
    }

    /// The neighbours a record stores, as scored neighbours.
    static func storedNeighbours(_ record: PoolRecord) -> [ScoredNeighbour] {
        record.mostSimilar.map { ScoredNeighbour(text: $0.text, score: $0.score) }
    }
}
