import Foundation
import Pool
import Terminal

/// The bottom line: pool counts with the accepted tasks' stages, generation figures (in
/// flight, tok/s, cost, endpoint health) and key hints; or the `:`/`/` line, a y/n
/// question, or a message.
enum StatusBar {
    static func draw(_ grid: inout CellGrid, _ y: Int, _ state: WorkbenchState) {
        let width = grid.width
        let bar = Rect(x: 0, y: y, width: width, height: 1)
        grid.fill(bar, style: Style(.status))
        if let prompt = state.prompt {
            let lead = switch prompt.kind {
            case .command: ":"
            case .search: "/"
            case .rejectionNote(let id): "reject \(id), note: "
            }
            let x = grid.write(lead, at: Position(x: 0, y: y), style: Style(.keyHint, [.bold]))
            var editor = prompt.editor
            editor.visibleWidth = max(1, width - x - 1)
            editor.render(into: &grid, at: Position(x: x, y: y), style: Style(.status))
            return
        }
        if let question = state.confirmation?.question ?? state.reasonPicker?.question {
            grid.write(" " + question, in: bar, style: Style(.warning, [.bold]))
            return
        }
        let pipeline = state.context.pool.pipeline
        let stages = pipeline.tasks > 0 ? " (\(pipeline.summary))" : ""
        let counts = " \(state.counts[.accepted] ?? 0) accepted\(stages) · \(state.counts[.rejected] ?? 0) rejected · \(state.pendingCount) pending"
        if state.message == nil && state.generation.health.isFailing {
            // A failure comes first, in full where it fits: its cause is what the person needs
            // to see; the counts follow if there is room.
            let failure = " ✗ " + TextSanitizer.singleLine(state.generation.health.description(at: state.now), columns: width)
            let x = grid.write(failure, in: bar, style: Style(.error, [.bold]))
            grid.write(" │" + counts, at: Position(x: x, y: y), width: width - x, style: Style(.status))
            return
        }
        var x = grid.write(counts, in: bar, style: Style(.status))
        if let message = state.message {
            x += grid.write(" │ ", at: Position(x: x, y: y), style: Style(.status))
            grid.write(TextSanitizer.singleLine(message.text, columns: width), at: Position(x: x, y: y), width: width - x,
                       style: Style(message.isError ? .error : .status, [.bold]))
            return
        }
        let figures = figuresText(state)
        // Generation's figures matter more than the hints on a narrow terminal.
        let hints = figures.isEmpty || width >= 120 ? "a accept x reject e edit ? help " : "? help "
        let hintsWidth = hints.count
        if !figures.isEmpty {
            let room = width - x - hintsWidth - 1
            x += grid.write(" │ ", at: Position(x: x, y: y), width: max(0, room), style: Style(.status))
            // Sanitised: the health may quote the server (a batch's status and errors).
            x += grid.write(TextSanitizer.singleLine(figures, columns: width), at: Position(x: x, y: y),
                            width: max(0, width - x - hintsWidth - 1), style: Style(.status))
        }
        if width - x > hintsWidth {
            grid.write(hints, at: Position(x: width - hintsWidth, y: y), style: Style(.keyHint))
        }
    }

    /// `3 in flight · 41 tok/s · $0.02 │ endpoint ok`, with each endpoint's figures after the
    /// cost when there are several; nothing when there is no endpoint.
    static func figuresText(_ state: WorkbenchState) -> String {
        let progress = state.progress.description(at: state.now)
        let generation = state.generation
        guard state.endpoint != nil || generation.health != .none else { return progress }
        var parts = ["\(generation.inFlight) in flight", "\(Int(generation.tokensPerSecond.rounded())) tok/s"]
        if let cost = generation.cost { parts.append(String(format: "$%.2f", cost)) }
        if !generation.endpoints.isEmpty {
            parts.append(EndpointFigures.short(generation.endpoints, costKnown: generation.cost != nil))
        }
        let figures = parts.joined(separator: " · ") + " │ " + healthText(state)
        return progress.isEmpty ? figures : progress + " │ " + figures
    }

    /// The endpoint's health; while rounds are held for review (and nothing fails), that,
    /// since no request goes out to answer anyway.
    static func healthText(_ state: WorkbenchState) -> String {
        let generation = state.generation
        if generation.phase == .waitingForReview && !generation.health.isFailing {
            return "waiting for review: decide some of the \(state.pendingCount) pending to go on"
        }
        return generation.health.description(at: state.now)
    }
}
