import ArgumentParser
import Foundation
import Terminal

/// Times the terminal layer at 200x60, the size the workbench's speed goals name:
/// rendering a full workbench-like frame into a CellGrid, and flushing frames through the
/// real ncurses backend (newterm on /dev/null) as a full redraw, a scrolled list and a moved
/// selection.
struct TerminalBenchmark: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "terminal", abstract: "Full-frame render and diff-flush timings at 200x60.")

    @Argument(help: "Iterations of each measure.")
    var iterations = 500

    func run() throws {
        OffscreenTerminal.prepare()
        print("terminal benchmark: \(size) frame, \(iterations) iterations each")
        var sink = 0
        report("render full frame into CellGrid", measure(iterations) { iteration in
            sink &+= render(selected: iteration % 50, scroll: 0).cells.count
        })

        let screen = try NcursesScreen.offscreen()
        defer { screen.close() }
        guard screen.size == size else { throw ValidationError("ncurses opened \(screen.size), not \(size)") }
        let frames = (0..<50).map { render(selected: $0, scroll: 0) }
        let scrolled = (0..<50).map { render(selected: $0 + 1, scroll: $0) }
        let theme = screen.theme

        report("flush: full redraw (every cell)", measure(iterations) { iteration in
            screen.apply(theme)
            screen.flush(frames[iteration % frames.count])
        })
        var cells = screen.lastFlush.cellsWritten
        print("  cells written per full redraw: \(cells)")

        report("flush: scrolled list (one row down)", measure(iterations) { iteration in
            screen.flush(scrolled[iteration % scrolled.count])
        })
        report("flush: selection moved (diff)", measure(iterations) { iteration in
            screen.flush(frames[iteration % frames.count])
        })
        cells = screen.lastFlush.cellsWritten
        print("  cells written per selection move: \(cells) in \(screen.lastFlush.runs) runs")

        report("render + flush, selection moved", measure(iterations) { iteration in
            screen.flush(render(selected: iteration % 50, scroll: 0))
        })
        report("render + full redraw", measure(iterations) { iteration in
            screen.apply(theme)
            screen.flush(render(selected: iteration % 50, scroll: 0))
        })

        // Idle: the workbench waiting for a key or an engine event sleeps in poll(2).
        let cpuBefore = cpuSeconds()
        _ = screen.nextEvent(timeout: .seconds(2))
        print(String(format: "idle wait for input, 2 s: %.1f ms CPU", (cpuSeconds() - cpuBefore) * 1000))
        if sink == 42 { print(sink) }
    }
}

/// The frame size the goals name.
private let size = Size(width: 200, height: 60)

/// Instructions like the pool's: English, CJK, accents, emoji, one hostile candidate.
private let instructions: [String] = [
    "Write a haiku about the first rain of autumn.",
    "Classify the sentiment of this movie review as positive or negative.",
    "用中文写一首关于秋天的诗，并解释其中的意象。",
    "Rédigez un résumé de l'article en trois phrases au plus.",
    "Give me a list of 5 creative names for a coffee shop ☕ near the sea.",
    "Explain the difference between a list and a tuple in Python 👩‍💻.",
    "日本語の文章を英語に翻訳してください。",
    "Hostile\u{1B}[2J\u{1B}]52;c;ZXZpbA==\u{07} candidate\rEVIL with escapes",
    "Suggest three ways to reduce household energy use in winter.",
    "Convert the following temperatures from Celsius to Fahrenheit.",
]

private struct Candidate {
    var text: String
    var score: Double
    var status: Character
}

private let candidates: [Candidate] = (0..<400).map { index in
    Candidate(text: instructions[index % instructions.count], score: Double((index * 37) % 100) / 100,
              status: ["●", "✓", "✗", "?"][index % 4])
}

private func similarityStyle(_ score: Double) -> Style {
    Style(score >= 0.7 ? .similarityHigh : score >= 0.5 ? .similarityMid : .similarityLow)
}

/// A frame laid out like the workbench: header, candidate list, detail pane with
/// neighbours and bars, status bar.
private func render(selected: Int, scroll: Int) -> CellGrid {
    var grid = CellGrid(size: size)
    grid.write(" selfinstruct · pool.jsonl · smollm2-135m @127.0.0.1:8077", at: Position(x: 0, y: 0), style: Style(.status))
    grid.write("round 12 ▸ generating 41 tok/s ", at: Position(x: size.width - 32, y: 0), style: Style(.status))
    let body = Rect(x: 0, y: 1, width: size.width, height: size.height - 2)
    let (listPane, detailPane) = body.splitColumns(leftWidth: 90)
    grid.drawBox(listPane, style: Style(.focusedBorder), title: "Round 12 candidates")
    grid.drawBox(detailPane, title: "Candidate")
    let list = listPane.inset(by: 1)
    for row in 0..<list.height {
        let index = scroll + row
        guard index < candidates.count else { break }
        let candidate = candidates[index]
        let line = list.row(row)
        let style = index == selected ? Style(.selection) : .text
        if index == selected { grid.fill(line, style: style) }
        grid.write(index == selected ? "▸" : " ", in: line, style: style)
        grid.write(String(candidate.status), in: Rect(x: line.x + 2, y: line.y, width: 1, height: 1),
                   style: Style(candidate.status == "✓" ? .accepted : candidate.status == "✗" ? .rejected : .pending))
        grid.write(String(format: ".%02d", Int(candidate.score * 100)), in: Rect(x: line.x + 4, y: line.y, width: 3, height: 1),
                   style: similarityStyle(candidate.score))
        grid.write(TextSanitizer.singleLine(candidate.text), in: Rect(x: line.x + 8, y: line.y, width: line.width - 8, height: 1), style: style)
    }
    let detail = detailPane.inset(by: 1)
    let chosen = candidates[selected]
    var y = 0
    for line in TextWrap.lines(of: TextSanitizer.multiline(chosen.text), width: detail.width) {
        grid.write(line, in: detail.row(y))
        y += 1
    }
    grid.write("Nearest in pool (ROUGE-L F)", in: detail.row(y + 1), style: Style(.title))
    for neighbour in 0..<10 {
        let row = detail.row(y + 2 + neighbour)
        let score = max(0, chosen.score - Double(neighbour) * 0.03)
        grid.write(String(format: ".%02d", Int(score * 100)), in: row, style: similarityStyle(score))
        grid.drawBar(at: Position(x: row.x + 4, y: row.y), width: 10, fraction: score, filled: similarityStyle(score))
        grid.write(TextSanitizer.singleLine(instructions[(selected + neighbour + 1) % instructions.count]),
                   in: Rect(x: row.x + 15, y: row.y, width: row.width - 15, height: 1))
    }
    grid.write("Filters: words ✓ keywords ✓ similarity ✓ .41 ≤ .70", in: detail.row(y + 13), style: Style(.accepted))
    grid.write(" 1204 accepted · 311 rejected · 12 pending │ 3 in flight · $0.02 │ a accept x reject e edit ? help",
               at: Position(x: 0, y: size.height - 1), style: Style(.status))
    return grid
}

/// Runs `body` `iterations` times and returns the median and 99th percentile in µs.
private func measure(_ iterations: Int, _ body: (Int) -> Void) -> (median: Double, p99: Double) {
    var samples: [Double] = []
    samples.reserveCapacity(iterations)
    let clock = ContinuousClock()
    for iteration in 0..<iterations {
        let elapsed = clock.measure { body(iteration) }
        let (seconds, attoseconds) = elapsed.components
        samples.append(Double(seconds) * 1e6 + Double(attoseconds) / 1e12)
    }
    samples.sort()
    return (samples[samples.count / 2], samples[min(samples.count - 1, samples.count * 99 / 100)])
}

private func report(_ name: String, _ result: (median: Double, p99: Double)) {
    print(name.padding(toLength: 44, withPad: " ", startingAt: 0)
          + String(format: "median %8.1f µs   p99 %8.1f µs", result.median, result.p99))
}
