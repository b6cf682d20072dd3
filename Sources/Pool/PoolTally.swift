import Foundation

/// The counts behind `PoolStats`, kept up to date one record at a time: adding a record's
/// summary or taking its previous one away costs the same whatever the pool's size, so the
/// workbench shows live statistics of a 100K-record pool without going over it again.
public struct PoolTally: Sendable, Hashable {
    private var byStatus: [RecordStatus: Int] = [:]
    private var rejectedByReason: [String: Int] = [:]
    private var noInstancesByReason: [String: Int] = [:]
    private var droppedInstancesByReason: [String: Int] = [:]
    private var tasksByInstanceCount: [Int: Int] = [:]
    private var similarityCounts = Array(repeating: 0, count: 10)
    private var unscored = 0
    private var lengthCounts = Array(repeating: 0, count: Self.lengthBins.count)
    private var leadingWords: [String: Int] = [:]
    private var figures = Array(repeating: TaskFigures(), count: RecordStatus.allCases.count)
    private var inputLengthCounts = Array(repeating: 0, count: Self.instanceLengthBins.count)
    private var outputLengthCounts = Array(repeating: 0, count: Self.instanceLengthBins.count)
    private var flagCounts = Array(repeating: 0, count: DefectFlag.allCases.count)
    private var unsummarized = 0
    /// How records' defect flags are found.
    public let defects: DefectCheck
    private var byOrigin: [RecordOrigin: [RecordStatus: Int]] = [:]

    /// Instruction lengths in words, as the histogram bins them.
    private static let lengthBins = [(1, 5), (6, 10), (11, 15), (16, 20), (21, 30), (31, 50), (51, 100), (101, Int.max)]
    /// Input and output lengths in words, as their histograms bin them (inputs only from 1).
    private static let instanceLengthBins = [(0, 0), (1, 5), (6, 10), (11, 20), (21, 50), (51, 100), (101, 200), (201, 500), (501, Int.max)]

    /// An empty tally that finds defect flags with `defects`.
    public init(defects: DefectCheck = DefectCheck()) {
        self.defects = defects
    }

    /// The tally of `entries`, defect flags found with `defects`.
    public init(_ entries: some Sequence<PoolEntry>, defects: DefectCheck = DefectCheck()) {
        self.defects = defects
        for entry in entries { add(entry) }
    }

    /// Counts a record's summary in.
    public mutating func add(_ entry: PoolEntry) {
        count(entry, by: 1)
    }

    /// Takes a record's summary out again (its previous revision, when it changes).
    public mutating func remove(_ entry: PoolEntry) {
        count(entry, by: -1)
    }

    private mutating func count(_ entry: PoolEntry, by delta: Int) {
        Self.bump(&byStatus, entry.status, by: delta)
        if entry.status == .rejected { Self.bump(&rejectedByReason, entry.why?.kind.rawValue ?? "unknown", by: delta) }
        if let origin = entry.origin {
            Self.bump(&byOrigin[origin, default: [:]], entry.status, by: delta)
            if byOrigin[origin]?.isEmpty == true { byOrigin[origin] = nil }
        }
        let isTask = entry.status == .seed || entry.status == .accepted
        // The words of the instruction, only where a figure needs them.
        let (words, first) = isTask || entry.instanceSummary != nil ? Self.words(entry.instruction) : (0, nil)
        if let summary = entry.instanceSummary {
            countQuality(entry, summary, instructionWords: words, by: delta)
        } else {
            unsummarized += delta
        }
        guard isTask else { return }
        if let reason = entry.instancesWhy { Self.bump(&noInstancesByReason, reason, by: delta) }
        for (reason, count) in entry.droppedInstances { Self.bump(&droppedInstancesByReason, reason, by: delta * count) }
        Self.bump(&tasksByInstanceCount, entry.instanceCount, by: delta)
        if let score = entry.nearestSimilarity {
            similarityCounts[min(9, max(0, Int(score * 10)))] += delta
        } else {
            unscored += delta
        }
        if let bin = Self.lengthBins.firstIndex(where: { words >= $0.0 && words <= $0.1 }) { lengthCounts[bin] += delta }
        if let first {
            let word = Self.trimmingPunctuation(first).lowercased()
            if !word.isEmpty { Self.bump(&leadingWords, word, by: delta) }
        }
    }

    /// Table 1, the defect flags and the instance lengths, which need the instances' summary
    /// (so a record whose instances were not read yet counts in none of them).
    private mutating func countQuality(_ entry: PoolEntry, _ summary: InstanceSummary, instructionWords words: Int, by delta: Int) {
        figures[Self.position(of: entry.status)].count(entry, summary, instructionWords: words, by: delta)
        let flags = defects.flags(of: entry)
        if !flags.isEmpty {
            for (index, flag) in DefectFlag.allCases.enumerated() where flags.contains(flag) { flagCounts[index] += delta }
        }
        guard entry.status == .seed || entry.status == .accepted else { return }
        for length in summary.lengths {
            if length.inputWords > 0 { inputLengthCounts[Self.instanceLengthBin(Int(length.inputWords))] += delta }
            outputLengthCounts[Self.instanceLengthBin(Int(length.outputWords))] += delta
        }
    }

    private static func position(of status: RecordStatus) -> Int {
        switch status {
        case .seed: 0
        case .pending: 1
        case .accepted: 2
        case .rejected: 3
        }
    }

    private static func instanceLengthBin(_ words: Int) -> Int {
        instanceLengthBins.firstIndex { words >= $0.0 && words <= $0.1 } ?? instanceLengthBins.count - 1
    }

    private static func bins(_ bins: some Collection<(Int, Int)>, _ counts: some Collection<Int>) -> [PoolStats.Bin] {
        zip(bins, counts).map { bin, count in
            let label = bin.1 == Int.max ? "\(bin.0)+" : bin.0 == bin.1 ? "\(bin.0)" : "\(bin.0)–\(bin.1)"
            return PoolStats.Bin(label: label, count: count)
        }
    }

    /// Adds `delta` to a count, dropping it when it reaches zero.
    private static func bump<Key: Hashable>(_ counts: inout [Key: Int], _ key: Key, by delta: Int) {
        let value = counts[key, default: 0] + delta
        counts[key] = value == 0 ? nil : value
    }

    /// The statistics as they stand.
    public var stats: PoolStats {
        let nearestSimilarity = similarityCounts.enumerated().map { index, count in
            PoolStats.Bin(label: String(format: "%.1f–%.1f", Double(index) / 10, Double(index + 1) / 10), count: count)
        }
        return PoolStats(
            byStatus: byStatus, rejectedByReason: rejectedByReason, noInstancesByReason: noInstancesByReason,
            droppedInstancesByReason: droppedInstancesByReason,
            instancesPerTask: tasksByInstanceCount.keys.sorted().map { PoolStats.Bin(label: String($0), count: tasksByInstanceCount[$0]!) },
            nearestSimilarity: nearestSimilarity, unscoredSimilarity: unscored,
            instructionLength: Self.bins(Self.lengthBins, lengthCounts),
            inputLength: Self.bins(Self.instanceLengthBins.dropFirst(), inputLengthCounts.dropFirst()),
            outputLength: Self.bins(Self.instanceLengthBins, outputLengthCounts),
            leadingVerbs: Self.top(20, of: leadingWords),
            figuresByStatus: Dictionary(uniqueKeysWithValues: RecordStatus.allCases.compactMap { status in
                let counted = figures[Self.position(of: status)]
                return counted.tasks > 0 ? (status, counted) : nil
            }),
            defects: zip(DefectFlag.allCases, flagCounts).map { PoolStats.Bin(label: $0.name, count: $1) },
            unsummarized: unsummarized,
            byOrigin: byOrigin.map { origin, counts in
                OriginCounts(origin: origin, accepted: counts[.accepted] ?? 0, rejected: counts[.rejected] ?? 0, pending: counts[.pending] ?? 0)
            }.sorted { ($0.origin.endpointName, $0.origin.model ?? "") < ($1.origin.endpointName, $1.origin.model ?? "") })
    }

    /// The `n` highest counts, highest first (ties by label), without sorting them all.
    private static func top(_ n: Int, of counts: [String: Int]) -> [PoolStats.Bin] {
        func ranksBefore(_ a: PoolStats.Bin, _ b: PoolStats.Bin) -> Bool {
            a.count != b.count ? a.count > b.count : a.label < b.label
        }
        var best: [PoolStats.Bin] = []
        best.reserveCapacity(n + 1)
        for (label, count) in counts {
            let bin = PoolStats.Bin(label: label, count: count)
            if best.count == n, let last = best.last, !ranksBefore(bin, last) { continue }
            best.insert(bin, at: best.firstIndex { ranksBefore(bin, $0) } ?? best.endIndex)
            if best.count > n { best.removeLast() }
        }
        return best
    }

    /// The number of whitespace-separated words in `text`, by bytes when it is ASCII (every
    /// instance's input and output is counted as a pool opens), else as `words(_:)` counts.
    static func wordCount(_ text: String) -> Int {
        var count = 0
        var inWord = false
        for byte in text.utf8 {
            guard byte < 0x80 else { return words(text).count }
            let isWhitespace = byte == 0x20 || (0x09...0x0D).contains(byte)
            if !isWhitespace && !inWord { count += 1 }
            inWord = !isWhitespace
        }
        return count
    }

    /// The number of whitespace-separated words in `text`, and the first of them (by
    /// Unicode scalars, ASCII without a property lookup: much quicker than by characters,
    /// and the same for whitespace).
    static func words(_ text: String) -> (count: Int, first: Substring?) {
        let scalars = text.unicodeScalars
        var count = 0
        var first: Substring?
        var wordStart: String.Index?
        for index in scalars.indices {
            let scalar = scalars[index]
            let isWhitespace = scalar.isASCII ? scalar == " " || (0x09...0x0D).contains(scalar.value) : scalar.properties.isWhitespace
            if isWhitespace {
                if let start = wordStart, first == nil { first = text[start..<index] }
                wordStart = nil
            } else if wordStart == nil {
                wordStart = index
                count += 1
            }
        }
        if let start = wordStart, first == nil { first = text[start...] }
        return (count, first)
    }

    /// `word` without the punctuation (Unicode categories P*) at either end.
    private static func trimmingPunctuation(_ word: Substring) -> Substring {
        func isPunctuation(_ scalar: Unicode.Scalar) -> Bool {
            switch scalar.properties.generalCategory {
            case .connectorPunctuation, .dashPunctuation, .openPunctuation, .closePunctuation,
                 .initialPunctuation, .finalPunctuation, .otherPunctuation: true
            default: false
            }
        }
        let scalars = word.unicodeScalars
        var start = scalars.startIndex, end = scalars.endIndex
        while start < end, isPunctuation(scalars[start]) { start = scalars.index(after: start) }
        while end > start, isPunctuation(scalars[scalars.index(before: end)]) { end = scalars.index(before: end) }
        return word[start..<end]
    }
}
