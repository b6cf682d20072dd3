import CMalloc
import DurableFiles
import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A pool: one JSONL file of task records, where every change appends a whole line (a new
/// revision of the record) and the latest revision of an id wins.
///
/// - Durable: every write is synced to disk before the call returns, so a decision the UI
///   shows as done survives a crash.
/// - Forgiving on open: a torn last line (a crash mid-append) and malformed lines are
///   reported with file:line and, when the pool is opened for writing, moved byte for byte
///   to `<pool>.quarantine`; every other record loads.
/// - One writer: opening for writing takes an exclusive lock (`<pool>.lock`, holding the
///   pid); a second writer gets an error naming the holder. Readers need no lock.
/// - Small in memory: only `PoolEntry` summaries stay resident; full records, with their
///   bulky provenance, are read from disk by `record(_:)`.
///
/// Not thread-safe: confine an instance to one thread or actor.
public final class PoolFile {
    /// How a pool is opened.
    public enum Access: Sendable {
        /// Take the write lock; repair a torn end; allow changes.
        case readWrite
        /// No lock and no changes to the file; problems are only reported.
        case readOnly
    }

    /// The pool file's path.
    public let path: String
    /// How the pool was opened.
    public let access: Access
    /// The latest revision of every record, in the order the records were first added.
    public internal(set) var entries: [PoolEntry] = []
    /// What was wrong in the file when it was opened (and where bad lines went).
    public internal(set) var problems: [PoolProblem] = []
    /// Lines in the file, including superseded revisions and blank lines.
    public internal(set) var lineCount = 0

    var indexByID: [String: Int] = [:]
    /// Locations of superseded revisions, per entry, oldest first (for undo and redo).
    var olderRevisions: [[LineLocation]] = []
    /// A person's actions that can be undone and redone, from the stamps in the file.
    var history = ActionHistory()
    /// Malformed lines still in the file, to quarantine at the next compaction.
    var setAside: [PoolLoader.BadLine] = []
    var descriptor: Int32
    var lock: PoolLock?
    var endOffset: Int64 = 0
    let encoder = RecordCoding.makeEncoder()
    let decoder = RecordCoding.makeDecoder()

    /// Opens (and, for writing, creates if missing) the pool at `url`.
    ///
    /// - Parameters:
    ///   - access: `.readWrite` takes the single-writer lock; `.readOnly` never changes the file.
    ///   - seedTasksIfNew: seed tasks in the upstream `seed_tasks.jsonl` format, added as
    ///     `seed` records when the pool is new or empty (e.g. the bundled seeds).
    /// - Throws: `PoolError` if another process holds the write lock (naming its pid), if a
    ///   read-only pool does not exist, or on an I/O failure.
    public init(at url: URL, access: Access = .readWrite, seedTasksIfNew: String? = nil) throws {
        path = url.path
        self.access = access
        switch access {
        case .readWrite:
            lock = try PoolLock(poolPath: path)
            let existed = FileManager.default.fileExists(atPath: path)
            descriptor = open(path, O_RDWR | O_APPEND | O_CREAT | O_CLOEXEC, 0o644)
            guard descriptor >= 0 else { throw PoolError.system("open", path: path) }
            if !existed { try POSIXFile.syncDirectory(POSIXFile.directory(of: path)) }
        case .readOnly:
            descriptor = open(path, O_RDONLY | O_CLOEXEC)
            guard descriptor >= 0 else {
                if errno == ENOENT { throw PoolError.unreadableFile(path, "no such pool; `selfinstruct import FILE --pool \(path)` creates one") }
                throw PoolError.system("open", path: path)
            }
        }
        try load()
        // The lines were decoded on worker threads, whose malloc arenas would otherwise keep
        // the memory of the chunks' freed arrays resident (some 40 MiB for 100K records).
        _ = cmalloc_release_free_memory()
        if access == .readWrite {
            if !setAside.isEmpty || needsCompaction { try compact() }
            if entries.isEmpty, let seeds = seedTasksIfNew {
                let batch = UpstreamFormats.read(text: seeds, file: "seed tasks")
                problems += batch.problems
                try add(contentsOf: batch.records)
            }
        }
    }

    deinit {
        if descriptor >= 0 { POSIXFile.close(descriptor) }
    }

    /// Compacts if superseded revisions have piled up, then releases the lock and the file.
    /// Later calls do nothing.
    public func close() throws {
        guard descriptor >= 0 else { return }
        if access == .readWrite && needsCompaction { try compact() }
        POSIXFile.close(descriptor)
        descriptor = -1
        lock?.release()
        lock = nil
    }

    /// The summary of the record with this id, if any.
    public func entry(_ id: String) -> PoolEntry? {
        indexByID[id].map { entries[$0] }
    }

    /// Lines holding superseded revisions or nothing: what compaction would drop.
    public var deadLineCount: Int { lineCount - entries.count }

    /// True when more than half the lines (and over 1,000) are dead: compaction then pays.
    public var needsCompaction: Bool { deadLineCount > 1000 && deadLineCount * 2 > lineCount }

    /// The full latest revision of a record, provenance included, read from disk.
    /// - Throws: `PoolError` if the id is unknown or its line can no longer be read.
    public func record(_ id: String) throws -> PoolRecord {
        guard let index = indexByID[id] else { throw PoolError.unknownID(id, pool: path) }
        return try readRecord(at: entries[index].location, line: entries[index].line)
    }

    /// Calls `body` with the full latest revision of every record whose status is in
    /// `statuses`, in pool order, reading one record at a time from disk.
    public func forEachRecord(withStatus statuses: Set<RecordStatus> = Set(RecordStatus.allCases), _ body: (PoolRecord) throws -> Void) throws {
        for entry in entries where statuses.contains(entry.status) {
            try body(try readRecord(at: entry.location, line: entry.line))
        }
    }

    /// Adds a new record as revision 1, durably.
    /// - Throws: `PoolError` if its id is already taken, or on an I/O failure.
    @discardableResult
    public func add(_ record: PoolRecord) throws -> PoolEntry {
        try add(contentsOf: [record])[0]
    }

    /// Adds new records with one write and one sync (a generation round, an import).
    /// - Throws: `PoolError` if any id is taken or repeated; then nothing is written.
    @discardableResult
    public func add(contentsOf records: [PoolRecord]) throws -> [PoolEntry] {
        var seen: Set<String> = []
        for record in records {
            if let index = indexByID[record.id] { throw PoolError.duplicateID(record.id, pool: path, line: entries[index].line) }
            guard seen.insert(record.id).inserted else {
                throw PoolError.invalidArgument("id '\(record.id)' appears twice in one batch of new records for \(path); ids must be unique")
            }
        }
        let revisions = records.map { record in
            var revision = record
            revision.revision = 1
            revision.restores = nil
            revision.action = nil
            revision.formatVersion = PoolRecord.currentFormatVersion
            return revision
        }
        let locations = try appendLines(revisions)
        var added: [PoolEntry] = []
        for (record, location) in zip(revisions, locations) {
            let entry = PoolEntry(record: record, line: location.line, location: location.location)
            indexByID[record.id] = entries.count
            entries.append(entry)
            olderRevisions.append([])
            added.append(entry)
        }
        return added
    }

    /// Writes `record` as the next revision of the existing record with its id, durably.
    /// Its `revision` is set for it; `edits` are kept as given. Not a person's action: it
    /// cannot be undone (see `decide` and `edit`).
    /// - Throws: `PoolError` if the id is unknown, or on an I/O failure.
    @discardableResult
    public func revise(_ record: PoolRecord) throws -> PoolEntry {
        var revision = record
        revision.restores = nil
        _ = try writeRevisions([revision], action: nil)
        return entries[indexByID[record.id]!]
    }

    /// Writes the next revision of each record with one write and one sync, stamped with
    /// `action` (and then noted in the history), `restores` kept as given: all or nothing.
    /// Returns the revisions as written.
    /// - Throws: `PoolError` if an id is unknown or repeated (then nothing is written), or
    ///   on an I/O failure (then the file is as it was).
    func writeRevisions(_ records: [PoolRecord], action: ActionStamp?) throws -> [PoolRecord] {
        var indices: [Int] = []
        for record in records {
            guard let index = indexByID[record.id] else { throw PoolError.unknownID(record.id, pool: path) }
            guard !indices.contains(index) else {
                throw PoolError.invalidArgument("id '\(record.id)' appears twice in one change to \(path); change each record once")
            }
            indices.append(index)
        }
        let revisions = zip(records, indices).map { record, index in
            var revision = record
            revision.revision = entries[index].revision + 1
            revision.action = action
            revision.formatVersion = PoolRecord.currentFormatVersion
            return revision
        }
        let written = try appendLines(revisions)
        for ((revision, index), location) in zip(zip(revisions, indices), written) {
            let before = entries[index]
            olderRevisions[index].append(before.location)
            entries[index] = PoolEntry(record: revision, line: location.line, location: location.location)
            if let action {
                history.note(action, recordID: revision.id, before: before.contentRevision, after: entries[index].contentRevision)
            }
        }
        return revisions
    }

    /// Writes the next revisions of several existing records with one write and one sync
    /// (an import filling in fields). Each id may appear once. Not a person's action.
    /// - Throws: `PoolError` if an id is unknown or repeated; then nothing is written.
    @discardableResult
    public func revise(contentsOf records: [PoolRecord]) throws -> [PoolEntry] {
        let revisions = records.map { record in
            var revision = record
            revision.restores = nil
            return revision
        }
        return try writeRevisions(revisions, action: nil).map { entries[indexByID[$0.id]!] }
    }

    // MARK: Reading and writing lines

    func readRecord(at location: LineLocation, line: Int) throws -> PoolRecord {
        let bytes = try FileIO.readExactly(descriptor, count: location.length, at: location.offset, path: path)
        do {
            return try decoder.decode(PoolRecord.self, from: Data(bytes))
        } catch {
            throw PoolError.unreadableRevision(pool: path, line: line, RecordCoding.describe(error, line: bytes))
        }
    }

    /// Appends one line per record with a single write, then syncs. On a failed write the
    /// file is cut back to where it was, so no partial line stays behind.
    private func appendLines(_ records: [PoolRecord]) throws -> [(line: Int, location: LineLocation)] {
        guard access == .readWrite, descriptor >= 0 else { throw PoolError.readOnly(pool: path) }
        var bytes = Data()
        var written: [(line: Int, location: LineLocation)] = []
        for record in records {
            let line = try RecordCoding.encodeLine(record, with: encoder)
            written.append((lineCount + written.count + 1, LineLocation(offset: endOffset + Int64(bytes.count), length: line.count)))
            bytes.append(line)
            bytes.append(0x0A)
        }
        do {
            try bytes.withUnsafeBytes { try POSIXFile.writeAll(descriptor, $0, path: path) }
            try FileIO.sync(descriptor, path: path)
        } catch {
            _ = ftruncate(descriptor, off_t(endOffset))
            _ = try? FileIO.sync(descriptor, path: path)
            throw error
        }
        endOffset += Int64(bytes.count)
        lineCount += records.count
        return written
    }

    // MARK: Opening

    private func load() throws {
        var loaded = try PoolLoader.load(descriptor: descriptor, path: path)
        lineCount = loaded.lineCount
        endOffset = loaded.size
        let newer = loaded.bad.filter(\.isNewerFormat)
        var bad = loaded.bad.filter { !$0.isNewerFormat }

        // Lines from a newer selfinstruct stay where they are: a writer refuses the pool (its
        // revisions would lose the newer fields), a reader reports them and loads the rest.
        if let first = newer.first, access == .readWrite {
            throw PoolError.newerFormat(at: "\(path):\(first.line)", first.message, others: newer.count - 1)
        }
        for line in newer {
            problems.append(PoolProblem(file: path, line: line.line, kind: .newerFormat, message: line.message))
        }

        // The last non-blank line is torn if it does not decode: a crash cut it short.
        let lastGood = max(loaded.lastGoodLine ?? 0, newer.last?.line ?? 0)
        if let last = bad.last, last.line > lastGood {
            bad.removeLast()
            try handleTornEnd(last, fileSize: loaded.size)
        } else if loaded.lastLineUnterminated && access == .readWrite {
            // A readable last line without its newline: add one so the next append starts a line.
            try [UInt8(0x0A)].withUnsafeBytes { try POSIXFile.writeAll(descriptor, $0, path: path) }
            try FileIO.sync(descriptor, path: path)
            endOffset += 1
        }

        for line in bad {
            problems.append(PoolProblem(
                file: path, line: line.line, kind: .malformedLine, message: line.message,
                quarantinedTo: access == .readWrite ? Quarantine.path(forPool: path) : nil))
        }
        if access == .readWrite { setAside = bad }

        // Into locals, then the properties: every access to a class's property pays a dynamic
        // exclusivity check (swift_beginAccess), here several per record.
        var entries: [PoolEntry] = [], indexByID: [String: Int] = [:], olderRevisions: [[LineLocation]] = []
        var history = ActionHistory(), origins = OriginInterner()
        indexByID.reserveCapacity(loaded.goodCount)
        entries.reserveCapacity(loaded.goodCount)
        olderRevisions.reserveCapacity(loaded.goodCount)
        while let action = loaded.appendNextGood(to: &entries) {
            let last = entries.count - 1
            entries[last].origin = origins.intern(entries[last].origin)
            // One lookup for a new id; a repeated one gets its first index back.
            guard let index = indexByID.updateValue(last, forKey: entries[last].id) else {
                olderRevisions.append([])
                continue
            }
            let entry = entries.removeLast()
            indexByID[entry.id] = index
            let previous = entries[index]
            if entry.revision <= previous.revision {
                problems.append(PoolProblem(
                    file: path, line: entry.line, kind: .revisionOrder,
                    message: "id '\(entry.id)' has revision \(entry.revision) here after revision \(previous.revision) at line \(previous.line); the later line wins"))
            }
            olderRevisions[index].append(previous.location)
            entries[index] = entry
            // A stamped line whose record has no earlier line here (compaction dropped
            // it) cannot be undone, so it stays out of the history.
            if let stamp = action {
                history.note(stamp, recordID: entry.id, before: previous.contentRevision, after: entry.contentRevision)
            }
        }
        (self.entries, self.indexByID, self.olderRevisions, self.history) = (entries, indexByID, olderRevisions, history)
    }

    /// Reports a torn last line and, when writing, moves it to quarantine and cuts the file
    /// back to the end of the last good line.
    private func handleTornEnd(_ torn: PoolLoader.BadLine, fileSize: Int64) throws {
        let start = torn.line == 1 ? 0 : torn.location.offset
        let unterminated = torn.location.offset + Int64(torn.location.length) >= fileSize
        let message = (unterminated ? "the last line has no newline and " : "the last line ") + "is unreadable: \(torn.message)"
        guard access == .readWrite else {
            problems.append(PoolProblem(file: path, line: torn.line, kind: .tornLastLine, message: message + "; open the pool for writing to move it aside"))
            return
        }
        let bytes = try FileIO.readExactly(descriptor, count: torn.location.length, at: torn.location.offset, path: path)
        let quarantine = try Quarantine.append([Quarantine.Item(line: torn.line, reason: "torn last line", bytes: bytes)], poolPath: path)
        guard ftruncate(descriptor, off_t(start)) == 0 else { throw PoolError.system("truncate", path: path) }
        try FileIO.sync(descriptor, path: path)
        endOffset = start
        lineCount = torn.line - 1
        problems.append(PoolProblem(file: path, line: torn.line, kind: .tornLastLine, message: message, quarantinedTo: quarantine))
    }
}
