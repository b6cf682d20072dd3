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
    /// Seed and accepted tasks by ROUGE-L F to their nearest neighbour, in bins of 0.1.
    public var nearestSimilarity: [Bin]
    /// Seed and accepted tasks by instruction length in words.
    public var instructionLength: [Bin]
    /// The 20 most common first words of seed and accepted instructions, lower-cased.
    public var leadingVerbs: [Bin]

    /// Computes the statistics from an open pool's resident entries (no disk reads).
    public init(_ pool: PoolFile) {
        self.init(entries: pool.entries)
    }

    /// Computes the statistics from entries.
    public init(entries: [PoolEntry]) {
        byStatus = Dictionary(grouping: entries, by: \.status).mapValues(\.count)
        rejectedByReason = Dictionary(grouping: entries.filter { $0.status == .rejected }, by: { $0.why?.kind.rawValue ?? "unknown" })
            .mapValues(\.count)
        let kept = entries.filter { $0.status == .seed || $0.status == .accepted }
        noInstancesByReason = Dictionary(grouping: kept.compactMap(\.instancesWhy), by: { $0 }).mapValues(\.count)
        droppedInstancesByReason = kept.reduce(into: [:]) { counts, entry in
            for (reason, count) in entry.droppedInstances { counts[reason, default: 0] += count }
        }

        let perTask = Dictionary(grouping: kept, by: \.instanceCount).mapValues(\.count)
        instancesPerTask = perTask.keys.sorted().map { Bin(label: String($0), count: perTask[$0]!) }

        var similarityCounts = Array(repeating: 0, count: 10)
        var unscored = 0
        for entry in kept {
            guard let score = entry.nearestSimilarity else { unscored += 1; continue }
            similarityCounts[min(9, max(0, Int(score * 10)))] += 1
        }
        nearestSimilarity = similarityCounts.enumerated().map { index, count in
            Bin(label: String(format: "%.1f–%.1f", Double(index) / 10, Double(index + 1) / 10), count: count)
        }
        if unscored > 0 { nearestSimilarity.append(Bin(label: "unscored", count: unscored)) }

        let lengthBins = [(1, 5), (6, 10), (11, 15), (16, 20), (21, 30), (31, 50), (51, 100), (101, Int.max)]
        var lengthCounts = Array(repeating: 0, count: lengthBins.count)
        var verbs: [String: Int] = [:]
        for entry in kept {
            let words = entry.instruction.split(whereSeparator: \.isWhitespace)
            if let bin = lengthBins.firstIndex(where: { words.count >= $0.0 && words.count <= $0.1 }) { lengthCounts[bin] += 1 }
            if let first = words.first {
                let verb = first.lowercased().trimmingCharacters(in: .punctuationCharacters)
                if !verb.isEmpty { verbs[verb, default: 0] += 1 }
            }
        }
        instructionLength = zip(lengthBins, lengthCounts).map { bin, count in
            Bin(label: bin.1 == Int.max ? "\(bin.0)+" : "\(bin.0)–\(bin.1)", count: count)
        }
        leadingVerbs = verbs.sorted { $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key }
            .prefix(20).map { Bin(label: $0.key, count: $0.value) }
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
        chart("instruction length (words)", instructionLength)
        chart("leading words (top 20)", leadingVerbs)
        return lines.joined(separator: "\n") + "\n"
    }
}
