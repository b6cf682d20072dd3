import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Reads a pool file from the start: finds the lines, decodes the resident part of each
/// (on all cores), and sorts the lines into records, set-aside lines and a possibly torn end.
///
/// Tolerates what people and crashes leave behind: a UTF-8 byte order mark, CRLF line
/// ends, blank lines, lines of any length (the buffer grows), and a last line without a
/// newline.
struct PoolLoader {
    /// A line that decoded.
    struct GoodLine {
        var line: Int
        var location: LineLocation
        var summary: EntryLine
    }

    /// A line that did not decode.
    struct BadLine {
        var line: Int
        var location: LineLocation
        var message: String
        /// The line is whole but written by a newer selfinstruct (see `NewerFormatError`).
        var isNewerFormat = false
    }

    /// Everything found in the file, in file order.
    struct Result {
        var good: [GoodLine] = []
        var bad: [BadLine] = []
        /// The number of lines, blank ones included.
        var lineCount = 0
        /// Offset just past the last newline: where a torn tail starts.
        var endOfLastNewline: Int64 = 0
        /// The file's size.
        var size: Int64 = 0
        /// True when the last line has no newline (it may still decode).
        var lastLineUnterminated = false
    }

    static func load(descriptor: Int32, path: String) throws -> Result {
        var result = Result()
        result.size = try FileIO.size(descriptor, path: path)
        var capacity = 8 << 20
        var buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: capacity, alignment: 16)
        defer { buffer.deallocate() }
        var base: Int64 = 0      // file offset of buffer[0]
        var filled = 0
        var atEOF = false
        let workers = max(1, min(ProcessInfo.processInfo.activeProcessorCount, 8))
        let decoders = (0..<workers).map { _ in RecordCoding.makeDecoder() }

        while !atEOF {
            if filled == capacity {
                let bigger = UnsafeMutableRawBufferPointer.allocate(byteCount: capacity * 2, alignment: 16)
                bigger.copyMemory(from: UnsafeRawBufferPointer(buffer))
                buffer.deallocate()
                buffer = bigger
                capacity *= 2
            }
            let n = pread(descriptor, buffer.baseAddress! + filled, capacity - filled, off_t(base) + off_t(filled))
            if n < 0 {
                if errno == EINTR { continue }
                throw PoolError.system("read", path: path)
            }
            if n == 0 { atEOF = true }
            filled += n

            // Complete lines in buffer[0..<filled].
            var ranges: [(line: Int, start: Int, end: Int)] = []
            var start = 0
            let bytes = UnsafeRawBufferPointer(buffer)
            while start < filled, let newline = memchr(bytes.baseAddress! + start, 0x0A, filled - start) {
                let end = bytes.baseAddress!.distance(to: UnsafeRawPointer(newline))
                result.lineCount += 1
                ranges.append((result.lineCount, start, end))
                start = end + 1
            }
            if atEOF && start < filled {
                result.lineCount += 1
                result.lastLineUnterminated = true
                ranges.append((result.lineCount, start, filled))
            }
            decode(ranges, in: bytes, base: base, decoders: decoders, into: &result)
            result.endOfLastNewline = base + Int64(start)

            // Keep the partial line for the next read.
            if start > 0 && start < filled {
                memmove(buffer.baseAddress!, buffer.baseAddress! + start, filled - start)
            }
            base += Int64(min(start, filled))
            filled -= min(start, filled)
        }
        return result
    }

    private static let byteOrderMark: [UInt8] = [0xEF, 0xBB, 0xBF]

    private static func decode(
        _ ranges: [(line: Int, start: Int, end: Int)], in bytes: UnsafeRawBufferPointer, base: Int64,
        decoders: [JSONDecoder], into result: inout Result
    ) {
        guard !ranges.isEmpty else { return }
        // Trim the BOM (first line of the file only) and a CR before the newline.
        let trimmed: [(line: Int, start: Int, end: Int)] = ranges.map { range in
            var (line, start, end) = range
            if base + Int64(start) == 0 && end - start >= 3 && bytes[start] == 0xEF && bytes[start + 1] == 0xBB && bytes[start + 2] == 0xBF {
                start += 3
            }
            if end > start && bytes[end - 1] == 0x0D { end -= 1 }
            return (line, start, end)
        }
        var outcomes = [Outcome](repeating: .blank, count: trimmed.count)
        let workers = decoders.count
        outcomes.withUnsafeMutableBufferPointer { slots in
            nonisolated(unsafe) let slots = slots
            nonisolated(unsafe) let bytes = bytes
            DispatchQueue.concurrentPerform(iterations: workers) { worker in
                let decoder = decoders[worker]
                for index in stride(from: worker, to: trimmed.count, by: workers) {
                    let (_, start, end) = trimmed[index]
                    let line = UnsafeRawBufferPointer(rebasing: bytes[start..<end])
                    if line.allSatisfy({ $0 == 0x20 || $0 == 0x09 }) { continue }
                    do {
                        slots[index] = .good(try decodeSummary(line, decoder: decoder))
                    } catch let error as NewerFormatError {
                        slots[index] = .newer(error.description)
                    } catch {
                        slots[index] = .bad(RecordCoding.describe(error, line: line))
                    }
                }
            }
        }
        for (index, outcome) in outcomes.enumerated() {
            let (line, start, end) = trimmed[index]
            let location = LineLocation(offset: base + Int64(start), length: end - start)
            switch outcome {
            case .blank: continue
            case .good(let summary): result.good.append(GoodLine(line: line, location: location, summary: summary))
            case .bad(let message): result.bad.append(BadLine(line: line, location: location, message: message))
            case .newer(let message): result.bad.append(BadLine(line: line, location: location, message: message, isNewerFormat: true))
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

    private enum Outcome {
        case blank
        case good(EntryLine)
        case bad(String)
        case newer(String)
    }
}
