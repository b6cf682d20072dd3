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
    /// The 20 most common first words of seed and accepted instructions, lower-cased.
    public var leadingVerbs: [Bin]
    /// Generated instructions per named endpoint and model, by name then model: empty for a
    /// pool generated through one endpoint set the old way.
    public var byOrigin: [OriginCounts]

    /// Computes the statistics from an open pool's resident entries (no disk reads).
    public init(_ pool: PoolFile) {
        self.init(entries: pool.entries)
    }

    /// Computes the statistics from entries, in one pass that copies none of them.
    public init(entries: [PoolEntry]) {
        self = PoolTally(entries).stats
    }

    /// The statistics of a tally's counts.
    init(
        byStatus: [RecordStatus: Int], rejectedByReason: [String: Int], noInstancesByReason: [String: Int],
        droppedInstancesByReason: [String: Int], instancesPerTask: [Bin], nearestSimilarity: [Bin], unscoredSimilarity: Int,
        instructionLength: [Bin], leadingVerbs: [Bin], byOrigin: [OriginCounts]
    ) {
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
        func chart(_ title: String, _ bins: [Bin]) {
            lines.append("")
            lines.append(title)
            let peak = max(1, bins.map(\.count).max() ?? 1)
            let width = bins.map(\.label.count).max() ?? 0
            for bin in bins {
                let bar = String(repeating: "█", count: Int((Double(bin.count) / Double(peak) * 40).rounded(.up)))
                lines.append("  " + bin.label.padding(toLength: width, withPad: " ", startingAt: 0) + "  " + String(format: "%6d", bin.count) + " " + bar)
            }
        }
        chart("instances per task (seed + accepted)", instancesPerTask)
        chart("ROUGE-L F to the nearest pool instruction", nearestSimilarity)
        if unscoredSimilarity > 0 { lines.append("  (\(unscoredSimilarity) without a score, seed tasks among them, are not charted)") }
        chart("instruction length (words)", instructionLength)
        chart("leading words (top 20)", leadingVerbs)
        return lines.joined(separator: "\n") + "\n"
    }
}
