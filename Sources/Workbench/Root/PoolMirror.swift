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
    /// Changes that arrived while the first count ran: the summary replaced (nil for a new
    /// record) and the new one, counted in when it finishes.
    private var untallied: [(old: PoolEntry?, new: PoolEntry)] = []

    /// An empty mirror, before the pool loads.
    public init() {}

    /// The entry with this id.
    public func entry(_ id: String) -> PoolEntry? {
        positionByID[id].map { entries[$0] }
    }

    /// Replaces every entry (the pool loaded); the tally waits for `tallied(_:)`.
    mutating func replace(with newEntries: [PoolEntry]) {
        entries = newEntries
        tally = nil
        untallied = []
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

    /// Takes the first count of the pool as loaded, and counts in what changed since.
    mutating func tallied(_ first: PoolTally) {
        var counted = first
        for (old, new) in untallied {
            if let old { counted.remove(old) }
            counted.add(new)
        }
        tally = counted
        untallied = []
    }

    /// Counts a change into the tally, or keeps it for when the first count finishes.
    private mutating func count(_ entry: PoolEntry, replacing old: PoolEntry?) {
        guard tally != nil else {
            untallied.append((old, entry))
            return
        }
        if let old { tally!.remove(old) }
        tally!.add(entry)
    }
}
