import Engine
import Pool

/// The workbench's copy of the pool's summaries: the latest revision of every record in pool
/// order, where each one sits, counts by status, and the statistics' tally, kept in step
/// with the pool record by record.
///
/// One per workbench; views read it and keep positions into `entries`, never copies.
public struct PoolMirror: Sendable {
    /// The latest revision of every record, in pool order.
    public private(set) var entries: [PoolEntry] = []
    /// Each record's position in `entries`.
    public private(set) var positionByID: [String: Int] = [:]
    /// Records per status.
    public private(set) var counts: [RecordStatus: Int] = [:]
    /// The accepted tasks by stage (classified, with instances, without).
    public private(set) var pipeline = PipelineCounts()
    /// The pool's statistics, counted once off the screen's thread when the pool loads and
    /// kept up to date record by record after that; nil while that first count runs.
    public private(set) var tally: PoolTally?
    /// Each generated record's similarity to its nearest seed, scored off the screen's
    /// thread with the first count and record by record after it; nil while it is scored.
    public private(set) var seedSimilarity: SeedSimilarity?
    /// Whether a change rewrote the seeds, so every seed similarity must be scored afresh
    /// (`startRecount()`).
    public private(set) var needsRecount = false
    /// How records' defect flags are found (`[quality] cannot_do_keywords`); set it before
    /// the pool loads, since the tally counts flags with it.
    public var defects = DefectCheck()
    /// Changes that arrived while the first count ran: the summary replaced (nil for a new
    /// record) and the new one, counted in when it finishes.
    private var untallied: [(old: PoolEntry?, new: PoolEntry)] = []
    /// Whether the instances' summaries have been asked for since the pool loaded.
    private var summariesAsked = false
    /// Entries with the summaries read off the screen's thread, waiting to be taken in
    /// with a count afresh (`startRecountWithSummaries()`).
    private var readSummaries: [PoolEntry]?

    /// An empty mirror, before the pool loads.
    public init() {}

    /// The entry with this id.
    public func entry(_ id: String) -> PoolEntry? {
        positionByID[id].map { entries[$0] }
    }

    /// Replaces every entry (the pool loaded); the tally waits for `tallied(_:_:)`.
    mutating func replace(with newEntries: [PoolEntry]) {
        entries = newEntries
        tally = nil
        seedSimilarity = nil
        needsRecount = false
        untallied = []
        summariesAsked = false
        readSummaries = nil
        positionByID = Dictionary(minimumCapacity: newEntries.count)
        counts = [:]
        pipeline = PipelineCounts()
        for (position, entry) in newEntries.enumerated() {
            positionByID[entry.id] = position
            counts[entry.status, default: 0] += 1
            pipeline.add(entry)
        }
    }

    /// Puts a record's new summary in place, or appends a new record.
    mutating func upsert(_ entry: PoolEntry) {
        if let position = positionByID[entry.id] {
            let old = entries[position]
            entries[position] = entry
            count(entry, replacing: old)
            counts[old.status, default: 0] -= 1
            pipeline.remove(old)
        } else {
            positionByID[entry.id] = entries.count
            entries.append(entry)
            count(entry, replacing: nil)
        }
        counts[entry.status, default: 0] += 1
        pipeline.add(entry)
    }

    /// Takes the first count of the pool as loaded (or as a recount found it), and counts
    /// in what changed since.
    mutating func tallied(_ first: PoolTally, _ seeds: SeedSimilarity?) {
        tally = first
        if let seeds { seedSimilarity = seeds }
        let changes = untallied
        untallied = []
        for (old, new) in changes { count(new, replacing: old) }
    }

    /// Drops the tally and the seed similarities for a count afresh, and returns the
    /// entries to count; changes until it finishes wait, as at load.
    mutating func startRecount() -> [PoolEntry] {
        tally = nil
        seedSimilarity = nil
        needsRecount = false
        untallied = []
        return entries
    }

    /// Asks, once per load, for the instances' summaries of the entries loaded without them
    /// (opening a pool leaves them out): what Table 1, defect flags and `flag=` need.
    mutating func summarizeInstances() -> [WorkbenchCommand] {
        guard !summariesAsked, !entries.isEmpty else { return [] }
        summariesAsked = true
        guard entries.contains(where: { $0.instanceSummary == nil }) else { return [] }
        return [.summarizeInstances(entries)]
    }

    /// Keeps the entries whose summaries were read, to take in once no count runs.
    mutating func keepSummaries(_ read: [PoolEntry]) {
        readSummaries = read
    }

    /// When summaries wait and no count runs: puts them in place for the entries that have
    /// not changed since they were read (a changed one has its summary already) and drops
    /// the tally for a count afresh, as `startRecount()` does, keeping the similarities to
    /// the seeds (changes meanwhile are scored into them when the count finishes); returns
    /// the entries to count.
    mutating func startRecountWithSummaries() -> [PoolEntry]? {
        guard let read = readSummaries, tally != nil, !needsRecount else { return nil }
        readSummaries = nil
        for entry in read where entry.instanceSummary != nil {
            guard let position = positionByID[entry.id], entries[position].revision == entry.revision,
                  entries[position].instanceSummary == nil else { continue }
            entries[position] = entry
        }
        let seeds = seedSimilarity
        let toCount = startRecount()
        seedSimilarity = seeds
        return toCount
    }

    /// Counts a change into the tally, or keeps it for when the first count finishes.
    private mutating func count(_ entry: PoolEntry, replacing old: PoolEntry?) {
        guard tally != nil else {
            untallied.append((old, entry))
            return
        }
        if let old { tally!.remove(old) }
        tally!.add(entry)
        if seedSimilarity?.isCurrent(with: entry) == true {
            seedSimilarity!.update(entry)
        } else {
            needsRecount = true
        }
    }
}
