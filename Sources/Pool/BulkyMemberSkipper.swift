#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Finds the byte range of a top-level member such as `"provenance": {...}` in a JSON
/// object line, so the loader can decode the line without it when it decodes with
/// `JSONDecoder` (the lines `EntryLine.init(scanning:)` leaves to it).
///
/// Opening a pool decodes only the resident fields, but a JSON decoder still parses every
/// byte; provenance (prompts, raw completions) is most of a line, and a plain byte scan
/// over it is several times cheaper than parsing it. If the line is not the simple shape
/// this expects, the scanner returns nil and the whole line is decoded as usual.
enum BulkyMemberSkipper {
    private static let quote = UInt8(ascii: "\""), backslash = UInt8(ascii: "\\")
    private static let openBrace = UInt8(ascii: "{"), closeBrace = UInt8(ascii: "}")
    private static let openBracket = UInt8(ascii: "["), closeBracket = UInt8(ascii: "]")
    private static let comma = UInt8(ascii: ","), colon = UInt8(ascii: ":")

    /// The range to cut out to remove the top-level member `key` (with one adjoining
    /// comma), or nil if the line has no such member or does not scan cleanly.
    static func memberRange(_ key: StaticString, in line: UnsafeRawBufferPointer) -> Range<Int>? {
        let keyBytes = UnsafeRawBufferPointer(start: key.utf8Start, count: key.utf8CodeUnitCount)
        let count = line.count
        var index = 0
        var depth = 0
        var expectKey = false
        var separator = -1
        while index < count {
            let byte = line[index]
            if byte == quote {
                let start = index
                guard let end = stringEnd(line, from: index) else { return nil }
                index = end + 1
                guard depth == 1 && expectKey, separator >= 0 else { continue }
                expectKey = false
                let length = end - start - 1
                guard length == keyBytes.count,
                      memcmp(line.baseAddress! + start + 1, keyBytes.baseAddress!, length) == 0,
                      let valueEnd = valueEnd(line, afterKeyAt: index) else { continue }
                if line[separator] == comma { return separator..<valueEnd }
                // First member: remove it and the comma after it, if any.
                var after = valueEnd
                while after < count && isSpace(line[after]) { after += 1 }
                if after < count && line[after] == comma { return start..<(after + 1) }
                return start..<valueEnd
            }
            switch byte {
            case openBrace, openBracket:
                depth += 1
                if depth == 1 && byte == openBrace {
                    expectKey = true
                    separator = index
                }
            case closeBrace, closeBracket:
                depth -= 1
            case comma where depth == 1:
                expectKey = true
                separator = index
            default:
                break
            }
            index += 1
        }
        return nil
    }

    /// Index of the closing quote of the string opening at `start`: the next quote not
    /// escaped by an odd run of backslashes (memchr does the long stretches).
    private static func stringEnd(_ line: UnsafeRawBufferPointer, from start: Int) -> Int? {
        var index = start + 1
        while index < line.count {
            guard let found = memchr(line.baseAddress! + index, Int32(quote), line.count - index) else { return nil }
            let position = line.baseAddress!.distance(to: UnsafeRawPointer(found))
            var backslashes = 0
            while position - backslashes - 1 > start && line[position - backslashes - 1] == backslash { backslashes += 1 }
            if backslashes.isMultiple(of: 2) { return position }
            index = position + 1
        }
        return nil
    }

    /// The highest number among the values of the JSON object in `range` (a
    /// `most_similar` member as `memberRange` found it): `.some(nil)` for an empty object,
    /// nil if the object holds anything but numbers.
    static func highestValue(in line: UnsafeRawBufferPointer, objectAt range: Range<Int>) -> Double?? {
        var index = range.lowerBound
        while index < range.upperBound && line[index] != openBrace { index += 1 }
        index += 1
        var highest: Double?
        while index < range.upperBound {
            let byte = line[index]
            if byte == quote {
                guard let end = stringEnd(line, from: index) else { return nil }
                index = end + 1
            } else if byte == colon {
                // Swift's parser, not strtod: strtod reads the locale's decimal point, and the
                // workbench runs in the person's locale.
                index += 1
                while index < range.upperBound && isSpace(line[index]) { index += 1 }
                let start = index
                while index < range.upperBound && isNumberByte(line[index]) { index += 1 }
                guard index > start, let value = Double(String(decoding: UnsafeRawBufferPointer(rebasing: line[start..<index]), as: UTF8.self))
                else { return nil }
                highest = max(highest ?? value, value)
            } else if byte == openBrace || byte == openBracket {
                return nil
            } else {
                index += 1
            }
        }
        return .some(highest)
    }

    /// Index just past the value that follows `: ` after a key ending before `index`.
    private static func valueEnd(_ line: UnsafeRawBufferPointer, afterKeyAt start: Int) -> Int? {
        var index = start
        while index < line.count && isSpace(line[index]) { index += 1 }
        guard index < line.count && line[index] == colon else { return nil }
        index += 1
        while index < line.count && isSpace(line[index]) { index += 1 }
        guard index < line.count else { return nil }
        let first = line[index]
        if first == quote { return stringEnd(line, from: index).map { $0 + 1 } }
        guard first == openBrace || first == openBracket else {
            // A scalar (number, true, false, null): up to the next comma or brace.
            while index < line.count && line[index] != comma && line[index] != closeBrace { index += 1 }
            return index
        }
        var depth = 0
        while index < line.count {
            let byte = line[index]
            if byte == quote {
                guard let end = stringEnd(line, from: index) else { return nil }
                index = end + 1
                continue
            }
            if byte == openBrace || byte == openBracket { depth += 1 }
            if byte == closeBrace || byte == closeBracket {
                depth -= 1
                if depth == 0 { return index + 1 }
            }
            index += 1
        }
        return nil
    }

    private static func isNumberByte(_ byte: UInt8) -> Bool {
        (0x30...0x39).contains(byte) || byte == UInt8(ascii: "-") || byte == UInt8(ascii: "+") || byte == UInt8(ascii: ".")
            || byte == UInt8(ascii: "e") || byte == UInt8(ascii: "E")
    }

    private static func isSpace(_ byte: UInt8) -> Bool { byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D }
}
