import Foundation

/// A JSON record read from a file, with where it came from.
public struct LocatedJSON: Sendable {
    /// `file:line` for JSONL, `file[index]` for an element of a JSON array.
    public var location: String
    /// The record.
    public var value: JSONValue
}

/// Why a record in an input file could not be read, and where.
public struct RecordReadError: Error, Sendable, CustomStringConvertible {
    /// `file:line` (JSONL) or `file[index]` (JSON array) or just the file.
    public var location: String
    /// What was wrong.
    public var message: String

    /// An error at `location`.
    public init(location: String, message: String) {
        self.location = location
        self.message = message
    }

    public var description: String { "\(location): \(message)" }
}

/// Reads whole JSONL files, or files holding one JSON array of records.
///
/// A UTF-8 byte-order mark and CRLF line ends are accepted; blank lines are skipped. Every bad
/// line is reported with its line number, and the good ones are still returned.
public enum JSONRecords {
    /// The records of `path` (`-` or nil: standard input) and the problems found.
    public static func read(path: String?) throws -> (records: [LocatedJSON], problems: [RecordReadError]) {
        let name = path ?? "-"
        let data: Data
        do {
            if path == nil || path == "-" {
                data = FileHandle.standardInput.readDataToEndOfFile()
            } else {
                data = try Data(contentsOf: URL(fileURLWithPath: name))
            }
        } catch {
            throw RecordReadError(location: name, message: "cannot read the file (\(error.localizedDescription))")
        }
        return parse(Array(data), name: name == "-" ? "<stdin>" : name)
    }

    /// The records in `bytes`, read as JSONL, or as one JSON array when the text starts with `[`.
    public static func parse(_ bytes: [UInt8], name: String) -> (records: [LocatedJSON], problems: [RecordReadError]) {
        var start = 0
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { start = 3 }
        var firstSignificant = start
        while firstSignificant < bytes.count, [0x20, 0x09, 0x0A, 0x0D].contains(bytes[firstSignificant]) {
            firstSignificant += 1
        }
        if firstSignificant < bytes.count, bytes[firstSignificant] == UInt8(ascii: "[") {
            return parseArray(Array(bytes[start...]), name: name)
        }
        var records: [LocatedJSON] = []
        var errors: [RecordReadError] = []
        var lineNumber = 0
        var lineStart = start
        while lineStart < bytes.count {
            lineNumber += 1
            var lineEnd = lineStart
            while lineEnd < bytes.count, bytes[lineEnd] != 0x0A { lineEnd += 1 }
            var contentEnd = lineEnd
            if contentEnd > lineStart, bytes[contentEnd - 1] == 0x0D { contentEnd -= 1 }
            let line = Array(bytes[lineStart..<contentEnd])
            let location = "\(name):\(lineNumber)"
            if !line.allSatisfy({ $0 == 0x20 || $0 == 0x09 }) {
                do {
                    records.append(LocatedJSON(location: location, value: try JSONParser.parse(bytes: line)))
                } catch {
                    errors.append(RecordReadError(location: location, message: "not valid JSON: \(error)"))
                }
            }
            lineStart = lineEnd + 1
        }
        return (records, errors)
    }

    private static func parseArray(_ bytes: [UInt8], name: String) -> (records: [LocatedJSON], problems: [RecordReadError]) {
        do {
            guard case .array(let elements) = try JSONParser.parse(bytes: bytes) else {
                return ([], [RecordReadError(location: name, message: "expected a JSON array of records")])
            }
            let records = elements.enumerated().map { LocatedJSON(location: "\(name)[\($0.offset)]", value: $0.element) }
            return (records, [])
        } catch {
            let line = error.lineAndColumn(in: bytes)
            return ([], [RecordReadError(location: "\(name):\(line.line)", message: "not valid JSON: \(error.message) at column \(line.column)")])
        }
    }
}
