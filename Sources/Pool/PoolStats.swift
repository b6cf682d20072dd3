import Foundation

/// Counts and histograms of a pool, as in the paper's data analysis: records by status and
/// by rejection reason, instance-generation reasons, instances per task, similarity to the nearest pool instruction,
/// instruction length, and leading verbs. Plain data; `PoolStats.text` renders it.
public struct PoolStats: Sendable, Hashable {
    /// One bar of a histogram: a label and a count.
    public struct Bin: Sendable, Hashable {
        /// What the bar counts, e.g. `0.3–0.4`, `11–15`, `write`.
        public var label: String
        /// How many records fall in it.
        public var count: Int

        /// A bar labelled `label` of height `count`.
        public init(label: String, count: Int) {
            self.label = label
            self.count = count
        }
    }

    /// Records per status.
    public var byStatus: [RecordStatus: Int]
    /// Rejected records per reason kind (`similarity`, `keyword`, `human`, ...).
    public var rejectedByReason: [String: Int]
    /// Seed and accepted tasks left without instances by instance generation, per reason
    /// (`none-parsed`, `conflicting-outputs`, `all-dropped`).
    public var noInstancesByReason: [String: Int]
    /// Instances the instance filters dropped from seed and accepted tasks, per reason
    /// (`duplicate`, `empty-output`, ...).
    public var droppedInstancesByReason: [String: Int]
    /// Tasks (seed and accepted) per number of instances.
    public var instancesPerTask: [Bin]
    /// Seed and accepted tasks by ROUGE-L F to their nearest neighbour, in bins of 0.1: only
    /// those that were scored.
    public var nearestSimilarity: [Bin]
    /// Seed and accepted tasks without a similarity score (seed tasks are never compared on
    /// the way in): kept out of `nearestSimilarity`, where they would squash the bars or
    /// pass for a score of 0.
    public var unscoredSimilarity: Int
    /// Seed and accepted tasks by instruction length in words.
    public var instructionLength: [Bin]
    /// Non-empty inputs of seed and accepted tasks by length in words (the paper's Figure 3).
    public var inputLength: [Bin]
    /// Outputs of seed and accepted tasks by length in words (the paper's Figure 3).
    public var outputLength: [Bin]
    /// The 20 most common first words of seed and accepted instructions, lower-cased.
    public var leadingVerbs: [Bin]
    /// The paper's Table 1 per status; a status without records is absent.
    public var figuresByStatus: [RecordStatus: TaskFigures]
    /// Records (of any status) per defect flag, labelled with the flag's name, in
    /// `DefectFlag.allCases` order, zeros included.
    public var defects: [Bin]
    /// Records whose instances have not been read (`PoolEntry.instanceSummary`): Table 1,
    /// the defect flags and the input and output lengths leave them out; 0 once
    /// `PoolFile.summarizeInstances()` has run.
    public var unsummarized: Int
    /// Generated instructions per named endpoint and model, by name then model: empty for a
    /// pool generated through one endpoint set the old way.
    public var byOrigin: [OriginCounts]

    /// Table 1 over every record.
    public var totalFigures: TaskFigures { figuresByStatus.values.reduce(TaskFigures(), +) }

    /// Computes the statistics from an open pool's resident entries (no disk reads); Table 1,
    /// the defect flags and the instance lengths count the entries whose instances were read
    /// (`PoolFile.summarizeInstances()` reads the rest).
    public init(_ pool: PoolFile, defects: DefectCheck = DefectCheck()) {
        self.init(entries: pool.entries, defects: defects)
    }

    /// Computes the statistics from entries, in one pass that copies none of them.
    public init(entries: [PoolEntry], defects: DefectCheck = DefectCheck()) {
        self = PoolTally(entries, defects: defects).stats
    }

    /// The statistics of a tally's counts.
    init(
        byStatus: [RecordStatus: Int], rejectedByReason: [String: Int], noInstancesByReason: [String: Int],
        droppedInstancesByReason: [String: Int], instancesPerTask: [Bin], nearestSimilarity: [Bin], unscoredSimilarity: Int,
        instructionLength: [Bin], inputLength: [Bin], outputLength: [Bin], leadingVerbs: [Bin],
        figuresByStatus: [RecordStatus: TaskFigures], defects: [Bin], unsummarized: Int, byOrigin: [OriginCounts]
    ) {
        self.unsummarized = unsummarized
        self.inputLength = inputLength
        self.outputLength = outputLength
        self.figuresByStatus = figuresByStatus
        self.defects = defects
        self.byStatus = byStatus
        self.rejectedByReason = rejectedByReason
        self.noInstancesByReason = noInstancesByReason
        self.droppedInstancesByReason = droppedInstancesByReason
        self.instancesPerTask = instancesPerTask
        self.nearestSimilarity = nearestSimilarity
        self.unscoredSimilarity = unscoredSimilarity
        self.instructionLength = instructionLength
        self.leadingVerbs = leadingVerbs
        self.byOrigin = byOrigin
    }

    /// The statistics as plain text with bar charts, for `selfinstruct stats`.
    public var text: String {
        var lines: [String] = []
        let total = byStatus.values.reduce(0, +)
        lines.append("\(total) records: " + RecordStatus.allCases.map { "\(byStatus[$0] ?? 0) \($0.rawValue)" }.joined(separator: ", "))
        func counts(_ title: String, _ counts: [String: Int]) {
            guard !counts.isEmpty else { return }
            lines.append(title + ": " + counts.sorted { $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key }
                .map { "\($0.value) \($0.key)" }.joined(separator: ", "))
        }
        counts("rejected by reason", rejectedByReason)
        counts("tasks without instances by reason", noInstancesByReason)
        counts("instances dropped by reason", droppedInstancesByReason)
        if !byOrigin.isEmpty {
            lines.append("acceptance by endpoint (model):")
            lines += byOrigin.map { "  " + $0.summary }
        }
        lines.append("")
        if unsummarized > 0 { lines.append("(\(unsummarized) records whose instances were not read are left out of what follows)") }
        lines.append(contentsOf: tableLines)
        counts("defect flags", Dictionary(uniqueKeysWithValues: defects.filter { $0.count > 0 }.map { ($0.label, $0.count) }))
        func chart(_ title: String, _ bins: [Bin]) {
            lines.append("")
            lines.append(contentsOf: Self.chartLines(title, bins))
        }
        chart("instances per task (seed + accepted)", instancesPerTask)
        chart("ROUGE-L F to the nearest pool instruction", nearestSimilarity)
        if unscoredSimilarity > 0 { lines.append("  (\(unscoredSimilarity) without a score, seed tasks among them, are not charted)") }
        chart("instruction length (words, seed + accepted)", instructionLength)
        chart("non-empty input length (words, seed + accepted)", inputLength)
        chart("output length (words, seed + accepted)", outputLength)
        chart("leading words (top 20)", leadingVerbs)
        return lines.joined(separator: "\n") + "\n"
    }

    /// A histogram as text: the title, then a row per bin with its count and a bar of up to
    /// 40 blocks.
    public static func chartLines(_ title: String, _ bins: [Bin]) -> [String] {
        let peak = max(1, bins.map(\.count).max() ?? 1)
        let width = bins.map(\.label.count).max() ?? 0
        return [title] + bins.map { bin in
            let bar = String(repeating: "█", count: Int((Double(bin.count) / Double(peak) * 40).rounded(.up)))
            return "  " + bin.label.padding(toLength: width, withPad: " ", startingAt: 0) + "  " + String(format: "%6d", bin.count) + " " + bar
        }
    }

    /// The row titles of Table 1, in order.
    public static let tableRows = [
        "tasks", "classification", "non-classification", "not yet classified", "instances", "instances with empty input",
        "mean words of instruction", "mean words of non-empty input", "mean words of output",
    ]

    /// Table 1's values for `figures`, in `tableRows` order (`–` for a mean of nothing).
    public static func tableValues(_ figures: TaskFigures) -> [String] {
        func mean(_ value: Double?) -> String { value.map { String(format: "%.1f", $0) } ?? "–" }
        return [figures.tasks, figures.classification, figures.nonClassification, figures.unclassified, figures.instances,
                figures.emptyInputs].map(String.init)
            + [mean(figures.meanInstructionWords), mean(figures.meanInputWords), mean(figures.meanOutputWords)]
    }

    /// Table 1 as aligned text: a column per status, then the total.
    public var tableLines: [String] {
        let columns = RecordStatus.allCases.map { ($0.rawValue, figuresByStatus[$0] ?? TaskFigures()) } + [("total", totalFigures)]
        let values = columns.map { Self.tableValues($0.1) }
        let titleWidth = Self.tableRows.map(\.count).max() ?? 0
        let widths = columns.indices.map { max(columns[$0].0.count, values[$0].map(\.count).max() ?? 0) }
        func row(_ title: String, _ cells: [String]) -> String {
            title.padding(toLength: titleWidth, withPad: " ", startingAt: 0)
                + zip(cells, widths).map { "  " + String(repeating: " ", count: $1 - $0.count) + $0 }.joined()
        }
        return [row("", columns.map(\.0))] + Self.tableRows.indices.map { index in row(Self.tableRows[index], values.map { $0[index] }) }
    }
}
