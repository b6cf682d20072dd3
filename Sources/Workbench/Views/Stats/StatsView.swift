import Engine
import Foundation
import Pool
import Terminal

/// The Stats view, in pages: the overview (counts by status and reason, the accepted tasks by
/// stage, tokens, cost and rate, each endpoint's figures and acceptance by endpoint and model,
/// histograms of instances per task, similarity to the nearest instruction, instruction length
/// and leading words), quality (the paper's Table 1, defect flags, similarity to the nearest
/// seed) and lengths (instructions, inputs and outputs in words); `v` shows the verb–noun chart
/// instead.
public struct StatsView: WorkbenchComponent {
    /// The tab.
    public static let view = WorkbenchView("Stats")
    /// Its keys.
    public static let keys = [
        KeyHelp("p / P", "next / previous page: overview, quality, lengths"), verbChartKey,
        KeyHelp("", "figures refresh as the pool changes"),
    ]

    /// Statistics of the pool, read off the mirror's tally while the view shows; nil until
    /// the pool has been counted.
    public private(set) var stats: PoolStats?
    /// Similarity of the generated instructions to the seeds, read with `stats`; nil until scored.
    public private(set) var seedSimilarity: SeedSimilarity?
    /// The page shown.
    public private(set) var page = StatsPage.overview
    /// Whether the pool changed since `stats` was read.
    private var isStale = true
    /// Whether the verb–noun chart shows instead of the histograms (`v`).
    public internal(set) var showsVerbChart = false

    /// An empty Stats view.
    public init() {}

    public mutating func update(_ event: ComponentEvent, _ context: inout WorkbenchContext) -> [WorkbenchCommand] {
        switch event {
        case .poolLoaded, .poolChanged:
            isStale = true
        case .refresh:
            // Read off the tally, kept up to date record by record: no recount of the pool.
            if isStale, let tally = context.pool.tally {
                stats = tally.stats
                seedSimilarity = context.pool.seedSimilarity
                isStale = false
            }
            if page != .overview { return context.pool.summarizeInstances() }
        case .key(.character("v")):
            return toggleVerbChart(&context)
        case .key(.character("p")), .move(by: 1):
            page = page.next
            showsVerbChart = false
        case .key(.character("P")), .move(by: -1):
            page = page.previous
            showsVerbChart = false
        case .key, .move, .find, .decided, .nextPending, .command, .curation, .evaluation:
            break
        }
        return []
    }

    public func selection(_ context: WorkbenchContext) -> Selection? { nil }

    public func draw(into grid: inout CellGrid, rect body: Rect, _ context: WorkbenchContext) {
        if showsVerbChart { return VerbNounChart.draw(&grid, body, context.verbNouns) }
        guard let stats else {
            grid.write("computing…", in: body.row(0), style: Style(.dimText))
            return
        }
        if page != .overview && stats.unsummarized > 0 {
            // Table 1, the flags and the instance lengths wait for the instances to be read.
            grid.write("reading the instances of \(stats.unsummarized) records…", in: body.row(0), style: Style(.dimText))
            return
        }
        switch page {
        case .overview: drawOverview(stats, into: &grid, rect: body, context)
        case .quality: drawQuality(stats, into: &grid, rect: body)
        case .lengths: drawLengths(stats, into: &grid, rect: body)
        }
    }

    private func drawOverview(_ stats: PoolStats, into grid: inout CellGrid, rect body: Rect, _ context: WorkbenchContext) {
        let (left, right) = body.splitColumns(leftWidth: body.width / 2)
        // Each endpoint, and each endpoint and model generated from, takes a line more.
        let endpointLines = context.generation.endpoints.count + stats.byOrigin.count
        let (summary, similarity) = left.splitRows(
            topHeight: endpointLines == 0 ? min(14, left.height / 2) : min(14 + endpointLines, left.height * 2 / 3))
        PaneDrawing.box(&grid, summary, title: "Counts", focused: false)
        var lines: [String] = []
        let total = stats.byStatus.values.reduce(0, +)
        lines.append("\(total) records: " + RecordStatus.allCases.map { "\(stats.byStatus[$0] ?? 0) \($0.rawValue)" }.joined(separator: ", "))
        if !stats.rejectedByReason.isEmpty {
            lines.append("rejected: " + stats.rejectedByReason.sorted { $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key }
                .map { "\($0.value) \(StatusReason.Kind(rawValue: $0.key).label)" }.joined(separator: ", "))
        }
        let pipeline = context.pool.pipeline
        lines.append("stage 2: \(pipeline.classified) of \(pipeline.tasks) accepted tasks classified "
                     + "(\(pipeline.classification) yes, \(pipeline.classified - pipeline.classification) no)")
        lines.append("stage 3: \(pipeline.instances) instances on \(pipeline.withInstances) tasks (" + String(format: "%.1f", pipeline.instancesPerTask)
                     + " per task) · \(pipeline.withoutInstances) without\(Self.breakdown(stats.noInstancesByReason)) · "
                     + "\(pipeline.awaitingInstances) to ask (\(context.stages.failures.count) failed in this session)")
        let generation = context.generation
        lines.append("tokens, all runs: \(generation.promptTokens) in, \(generation.completionTokens) out"
            + (generation.tokensEstimated ? " (some approximate: no usage sent, counted at 4 bytes a token)" : ""))
        lines.append("rate: \(Int(generation.tokensPerSecond.rounded())) tok/s · cost: " + (generation.cost.map { String(format: "$%.4f", $0) } ?? "unknown"))
        lines.append(Self.spending(generation, budget: context.budget, accepted: stats.byStatus[.accepted] ?? 0))
        lines += generation.endpoints.map { EndpointFigures.line($0, costKnown: generation.cost != nil) }
        lines += stats.byOrigin.map { TextSanitizer.singleLine($0.summary) }
        var y = summary.y + 1
        for line in lines {
            y += PaneDrawing.paragraph(&grid, Rect(x: summary.x + 1, y: y, width: summary.width - 2, height: summary.maxY - 1 - y), line, maxLines: 3)
        }
        // Seeds have no score: counted in the title, not as a bar that dwarfs the scored ones.
        let unscored = stats.unscoredSimilarity > 0 ? " · \(stats.unscoredSimilarity) unscored" : ""
        Self.histogram(&grid, similarity, title: "ROUGE-L F to nearest" + unscored, bins: stats.nearestSimilarity)
        let (instances, rest) = right.splitRows(topHeight: min(9, right.height / 3))
        let (length, verbs) = rest.splitRows(topHeight: rest.height / 2)
        Self.histogram(&grid, instances, title: "Instances per task (seed + accepted)", bins: stats.instancesPerTask)
        Self.histogram(&grid, length, title: "Instruction length (words)", bins: stats.instructionLength)
        Self.histogram(&grid, verbs, title: "Leading words", bins: stats.leadingVerbs)
    }

    /// `budget: $3.20 of $5.00 left · 880000 of 2000000 tokens left · $0.0123 per accepted
    /// instruction`, from the pool's spending over all its runs.
    static func spending(_ generation: GenerationStatus, budget: Budget, accepted: Int) -> String {
        var parts: [String] = []
        if let maxCost = budget.maxCost {
            parts.append(generation.cost.map { String(format: "$%.2f of $%.2f left", max(0, maxCost - $0), maxCost) }
                ?? String(format: "$%.2f (cost unknown: no price for the model)", maxCost))
        }
        if let maxTokens = budget.maxTokens {
            parts.append("\(max(0, maxTokens - generation.promptTokens - generation.completionTokens)) of \(maxTokens) tokens left")
        }
        let perAccepted = accepted > 0 ? generation.cost.map { String(format: "$%.4f per accepted instruction", $0 / Double(accepted)) } : nil
        return "budget: " + (parts.isEmpty ? "none set ([budget] max_cost, max_tokens_total)" : parts.joined(separator: " · "))
            + (perAccepted.map { " · " + $0 } ?? "")
    }

    /// ` (2 none-parsed, 1 all-dropped)`, largest first; nothing when empty.
    private static func breakdown(_ counts: [String: Int]) -> String {
        guard !counts.isEmpty else { return "" }
        return " (" + counts.sorted { $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key }
            .map { "\($0.value) \($0.key)" }.joined(separator: ", ") + ")"
    }

    static func histogram(_ grid: inout CellGrid, _ rect: Rect, title: String, bins: [PoolStats.Bin]) {
        PaneDrawing.box(&grid, rect, title: title, focused: false)
        let inner = rect.inset(by: 1)
        let peak = max(1, bins.map(\.count).max() ?? 1)
        let labelWidth = min(12, bins.map { DisplayWidth.of($0.label) }.max() ?? 0)
        let countWidth = String(peak).count
        let barWidth = max(1, inner.width - labelWidth - countWidth - 2)
        for (row, bin) in bins.prefix(inner.height).enumerated() {
            let y = inner.y + row
            grid.write(TextSanitizer.singleLine(bin.label), at: Position(x: inner.x, y: y), width: labelWidth, style: Style(.dimText))
            let count = String(bin.count)
            grid.write(count, at: Position(x: inner.x + labelWidth + 1 + countWidth - count.count, y: y))
            grid.drawBar(at: Position(x: inner.x + labelWidth + countWidth + 2, y: y), width: barWidth, fraction: Double(bin.count) / Double(peak))
        }
    }
}

extension WorkbenchState {
    /// Statistics of the pool as the Stats view last read them.
    public var stats: PoolStats? { self[StatsView.self].stats }
}
