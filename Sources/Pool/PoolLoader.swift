import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Reads a pool file from the start: finds the lines, decodes the resident part of each,
/// and sorts the lines into records, set-aside lines and a possibly torn end.
///
/// On all cores: the file is cut at line boundaries into chunks, each chunk read and decoded
/// by one thread with a buffer of its own (which also makes each line's entry), and the
/// chunks joined in file order, each with the count of lines before it; the result is the
/// same whatever the chunks.
///
/// Tolerates what people and crashes leave behind: a UTF-8 byte order mark, CRLF line
/// ends, blank lines, lines of any length (the buffer grows), and a last line without a
/// newline.
struct PoolLoader {
    /// The lines of one chunk that decoded, each made into its entry on the loader's thread.
    struct GoodChunk: Equatable {
        /// The lines in the file before the chunk's first: what turns a line number within
        /// the chunk into one in the file (the chunks are scanned before they are counted).
        var lineOffset: Int
        /// The entries, their `line` counted from 1 within the chunk, last first (reversed
        /// on the loader's thread), so that taking them in file order pops each off the end:
        /// moved, where taking them from the front would copy each and destroy it later.
        var entriesLastFirst: [PoolEntry]
        /// For each entry, the person's action that wrote its line, which the entry does not
        /// keep (opening rebuilds the undo history from the stamps); last first too.
        var actionsLastFirst: [ActionStamp?]
    }

    /// A line that did not decode.
    struct BadLine: Equatable {
        var line: Int
        var location: LineLocation
        var message: String
        /// The line is whole but written by a newer selfinstruct (see `NewerFormatError`).
        var isNewerFormat = false
    }

    /// Everything found in the file, in file order.
    struct Result: Equatable {
        /// The lines that decoded, chunk by chunk.
        var goodChunks: [GoodChunk] = []
        var bad: [BadLine] = []
        /// The number of lines, blank ones included.
        var lineCount = 0
        /// The file's size.
        var size: Int64 = 0
        /// True when the last line has no newline (it may still decode).
        var lastLineUnterminated = false

        /// The chunk `appendNextGood(to:)` takes from.
        private var takingFrom = 0

        /// How many lines decoded and are not taken yet.
        var goodCount: Int { goodChunks.reduce(0) { $0 + $1.entriesLastFirst.count } }
        /// The number in the file of the last line that decoded.
        var lastGoodLine: Int? {
            goodChunks.last { !$0.entriesLastFirst.isEmpty }.map { $0.lineOffset + $0.entriesLastFirst.first!.line }
        }

        /// Moves the entry of the next line that decoded, in file order, to the end of
        /// `entries`, numbered in the file; returns the action that wrote the line
        /// (`.some(nil)` for none), or nil when all are taken. Moved into place rather than
        /// returned: a `PoolEntry` passed from variable to variable is copied field by field
        /// (the optimizer does not forward it), 100K copies and destroys for 100K records.
        mutating func appendNextGood(to entries: inout [PoolEntry]) -> ActionStamp?? {
            while takingFrom < goodChunks.count {
                if !goodChunks[takingFrom].entriesLastFirst.isEmpty {
                    entries.append(goodChunks[takingFrom].entriesLastFirst.removeLast())
                    entries[entries.count - 1].line += goodChunks[takingFrom].lineOffset
                    return .some(goodChunks[takingFrom].actionsLastFirst.removeLast())
                }
                takingFrom += 1
            }
            return nil
        }
    }

    /// One chunk's lines, numbered from 1 within the chunk.
    private struct Chunk {
        /// The entries of the lines that decoded and the actions that wrote them: in file
        /// order while the chunk is scanned, then last first (see `GoodChunk`).
        var entries: [PoolEntry] = []
        var actions: [ActionStamp?] = []
        var bad: [BadLine] = []
        var lineCount = 0
        var lastLineUnterminated = false
    }

    /// Reads the file in `chunks` pieces (by default a few per core, none under 1 MiB), each
    /// core taking every so many in turn with one buffer for all of them (a buffer freed and
    /// allocated again per chunk leaves the allocator's heaps larger).
    static func load(descriptor: Int32, path: String, chunks: Int? = nil) throws -> Result {
        let size = try FileIO.size(descriptor, path: path)
        let workers = max(1, min(ProcessInfo.processInfo.activeProcessorCount, 8))
        let count = chunks ?? max(1, min(workers * 4, Int(size >> 20)))
        let bounds = try boundaries(descriptor, path: path, size: size, count: count)
        var scanned = [Chunk?](repeating: nil, count: bounds.count - 1)
        var failures = [(any Error)?](repeating: nil, count: scanned.count)
        scanned.withUnsafeMutableBufferPointer { slots in
            failures.withUnsafeMutableBufferPointer { failed in
                nonisolated(unsafe) let slots = slots, failed = failed
                let threads = min(workers, slots.count)
                DispatchQueue.concurrentPerform(iterations: threads) { thread in
                    // 256 KiB: what a read brings in is still in the core's cache when its
                    // lines are split and then scanned (with 4 MiB, each line came from memory).
                    var buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: Int(min(256 << 10, max(1, size))), alignment: 16)
                    defer { buffer.deallocate() }
                    for index in stride(from: thread, to: slots.count, by: threads) {
                        do {
                            slots[index] = try scan(
                                descriptor, path: path, from: bounds[index], to: bounds[index + 1], isLast: index == slots.count - 1, buffer: &buffer)
                        } catch {
                            failed[index] = error
                            return
                        }
                    }
                }
            }
        }
        if let failure = failures.lazy.compactMap({ $0 }).first { throw failure }

        var result = Result()
        result.size = size
        result.goodChunks.reserveCapacity(scanned.count)
        for case let chunk? in scanned {
            let base = result.lineCount
            result.goodChunks.append(GoodChunk(lineOffset: base, entriesLastFirst: chunk.entries, actionsLastFirst: chunk.actions))
            result.bad += chunk.bad.map { bad in
                var numbered = bad
                numbered.line += base
                return numbered
            }
            result.lineCount += chunk.lineCount
            result.lastLineUnterminated = chunk.lastLineUnterminated
        }
        return result
    }

    /// `count + 1` offsets cutting the file into chunks that start and end at line
    /// boundaries: 0, the offset just past the first newline at or after each even share
    /// (fewer when a line spans several shares), and the file's size.
    private static func boundaries(_ descriptor: Int32, path: String, size: Int64, count: Int) throws -> [Int64] {
        var bounds: [Int64] = [0]
        var window = [UInt8](repeating: 0, count: 64 << 10)
        for share in 1..<max(1, count) {
            var offset = max(bounds.last!, size * Int64(share) / Int64(count) - 1)
            var boundary = size
            search: while offset < size {
                let length = Int(min(Int64(window.count), size - offset))
                try window.withUnsafeMutableBytes { bytes in
                    try FileIO.read(descriptor, into: UnsafeMutableRawBufferPointer(rebasing: bytes[..<length]), at: offset, path: path)
                }
                if let newline = window[..<length].firstIndex(of: 0x0A) {
                    boundary = offset + Int64(newline) + 1
                    break search
                }
                offset += Int64(length)
            }
            if boundary > bounds.last! && boundary < size { bounds.append(boundary) }
        }
        bounds.append(size)
        return bounds
    }

    /// Reads and decodes the lines in `start..<end` (which starts a line and, unless it is
    /// the last chunk, ends one), a buffer at a time; `buffer` grows for a longer line.
    private static func scan(
        _ descriptor: Int32, path: String, from start: Int64, to end: Int64, isLast: Bool, buffer: inout UnsafeMutableRawBufferPointer
    ) throws -> Chunk {
        var chunk = Chunk()
        var capacity = buffer.count
        let decoder = RecordCoding.makeDecoder()
        var origins = OriginInterner()
        var base = start      // file offset of buffer[0]
        var filled = 0
        var atEnd = false

        while !atEnd {
            if filled == capacity {
                let bigger = UnsafeMutableRawBufferPointer.allocate(byteCount: capacity * 2, alignment: 16)
                bigger.copyMemory(from: UnsafeRawBufferPointer(buffer))
                buffer.deallocate()
                buffer = bigger
                capacity *= 2
            }
            let wanted = Int(min(Int64(capacity - filled), end - base - Int64(filled)))
            let n = wanted == 0 ? 0 : pread(descriptor, buffer.baseAddress! + filled, wanted, off_t(base) + off_t(filled))
            if n < 0 {
                if errno == EINTR { continue }
                throw PoolError.system("read", path: path)
            }
            if n == 0 { atEnd = true }
            filled += n

            // Complete lines in buffer[0..<filled].
            var ranges: [(line: Int, start: Int, end: Int)] = []
            var lineStart = 0
            let bytes = UnsafeRawBufferPointer(buffer)
            while lineStart < filled, let newline = memchr(bytes.baseAddress! + lineStart, 0x0A, filled - lineStart) {
                let lineEnd = bytes.baseAddress!.distance(to: UnsafeRawPointer(newline))
                chunk.lineCount += 1
                ranges.append((chunk.lineCount, lineStart, lineEnd))
                lineStart = lineEnd + 1
            }
            if atEnd && lineStart < filled {
                chunk.lineCount += 1
                chunk.lastLineUnterminated = isLast
                ranges.append((chunk.lineCount, lineStart, filled))
                lineStart = filled
            }
            decode(ranges, in: bytes, base: base, decoder: decoder, origins: &origins, into: &chunk)
            if base == start && lineStart > 0 {
                // Room for the chunk's entries at the first lines' density, and a tenth more:
                // grown by doubling, the arrays would be copied to fresh memory over and over.
                let expected = chunk.entries.count * Int(end - start) / lineStart * 11 / 10
                chunk.entries.reserveCapacity(expected)
                chunk.actions.reserveCapacity(expected)
            }

            // Keep the partial line for the next read.
            if lineStart > 0 && lineStart < filled {
                memmove(buffer.baseAddress!, buffer.baseAddress! + lineStart, filled - lineStart)
            }
            base += Int64(lineStart)
            filled -= lineStart
        }
        // Through buffer pointers, whose swaps move the elements (an array's copy them).
        chunk.entries.withUnsafeMutableBufferPointer { $0.reverse() }
        chunk.actions.withUnsafeMutableBufferPointer { $0.reverse() }
        return chunk
    }

    private static func decode(
        _ ranges: [(line: Int, start: Int, end: Int)], in bytes: UnsafeRawBufferPointer, base: Int64,
        decoder: JSONDecoder, origins: inout OriginInterner, into chunk: inout Chunk
    ) {
        for range in ranges {
            let line = range.line
            var (start, end) = (range.start, range.end)
            // Trim the BOM (first line of the file only) and a CR before the newline.
            if base + Int64(start) == 0 && end - start >= 3 && bytes[start] == 0xEF && bytes[start + 1] == 0xBB && bytes[start + 2] == 0xBF {
                start += 3
            }
            if end > start && bytes[end - 1] == 0x0D { end -= 1 }
            let text = UnsafeRawBufferPointer(rebasing: bytes[start..<end])
            if text.allSatisfy({ $0 == 0x20 || $0 == 0x09 }) { continue }
            let location = LineLocation(offset: base + Int64(start), length: end - start)
            do {
                var summary = try decodeSummary(text, decoder: decoder)
                summary.origin = origins.intern(summary.origin)
                chunk.actions.append(summary.action)
                chunk.entries.append(PoolEntry(summary: summary, line: line, location: location))
            } catch let error as NewerFormatError {
                chunk.bad.append(BadLine(line: line, location: location, message: error.description, isNewerFormat: true))
            } catch {
                chunk.bad.append(BadLine(line: line, location: location, message: RecordCoding.describe(error, line: text)))
            }
        }
    }

    /// Decodes the resident fields of a line, straight from its bytes when it is a plain
    /// pool line (`EntryLine.init(scanning:)`), else with `JSONDecoder`.
    private static func decodeSummary(_ line: UnsafeRawBufferPointer, decoder: JSONDecoder) throws -> EntryLine {
        if let summary = EntryLine(scanning: line) { return summary }
        return try decodeWithJSONDecoder(line, decoder: decoder)
    }

    /// Decodes the resident fields of a line with `JSONDecoder`. When the line's top level
    /// scans cleanly, its provenance and `most_similar` are blanked out first (see
    /// `BulkyMembers`); a line that fails this way is decoded whole, so an error message
    /// describes the real line.
    static func decodeWithJSONDecoder(_ line: UnsafeRawBufferPointer, decoder: JSONDecoder) throws -> EntryLine {
        if let bulky = BulkyMembers(scanning: line), !bulky.valueRanges.isEmpty,
           var summary = try? decoder.decode(EntryLine.self, from: bulky.blankingValues(of: line))
        {
            summary.nearestSimilarity = bulky.nearestSimilarity
            return summary
        }
        let data = Data(bytesNoCopy: UnsafeMutableRawPointer(mutating: line.baseAddress!), count: line.count, deallocator: .none)
        return try decoder.decode(EntryLine.self, from: data)
    }
}
