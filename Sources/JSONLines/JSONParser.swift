/// A strict JSON parser (RFC 8259, plus the `NaN` and `Infinity` Python's json module
/// writes) that builds `JSONValue`s on `JSONScanner` and says where it failed.
public struct JSONParser {
    /// Why a text is not valid JSON, and the byte column where that was found (1-based).
    public struct Failure: Error, Sendable, CustomStringConvertible {
        /// What was wrong, in words.
        public var message: String
        /// The 1-based byte column in the line.
        public var column: Int

        public var description: String { "\(message) at column \(column)" }

        /// The 1-based line and column of the failure when `column` counts bytes from the
        /// start of `text`, a text of several lines (a whole JSON file).
        public func lineAndColumn(in text: some Collection<UInt8>) -> (line: Int, column: Int) {
            JSONParser.lineAndColumn(ofOffset: column - 1, in: text)
        }
    }

    /// What a parse does with invalid UTF-8 inside a string or key (see `JSONScanner`).
    public typealias InvalidUTF8 = JSONScanner.InvalidUTF8

    /// The 1-based line and column of the byte at `offset` in `text`.
    public static func lineAndColumn(ofOffset offset: Int, in text: some Collection<UInt8>) -> (line: Int, column: Int) {
        var line = 1, column = 1
        for byte in text.prefix(offset) {
            if byte == 0x0A { line += 1; column = 1 } else { column += 1 }
        }
        return (line, column)
    }

    private var scanner: JSONScanner
    private let invalidUTF8: InvalidUTF8
    private var depth = 0

    /// Parses exactly one JSON value (surrounding whitespace allowed) from `text`.
    public static func parse(_ text: some StringProtocol) throws(Failure) -> JSONValue {
        try parse(bytes: Array(text.utf8))
    }

    /// Parses exactly one JSON value from UTF-8 bytes; invalid UTF-8 inside strings is an
    /// error unless `invalidUTF8` says how to read it (for repairs). Unpaired surrogate
    /// escapes become U+FFFD, as a Swift `String` cannot hold them.
    public static func parse(bytes: [UInt8], invalidUTF8: InvalidUTF8 = .reject) throws(Failure) -> JSONValue {
        let result: Result<JSONValue, Failure> = bytes.withUnsafeBytes { buffer in
            var parser = JSONParser(scanner: JSONScanner(buffer), invalidUTF8: invalidUTF8)
            do throws(Failure) {
                let value = try parser.parseValue()
                guard parser.scanner.isAtEnd() else { throw parser.failure("unexpected text after the JSON value") }
                return .success(value)
            } catch {
                return .failure(error)
            }
        }
        return try result.get()
    }

    private func failure(_ message: String) -> Failure {
        Failure(message: message, column: scanner.position + 1)
    }

    private mutating func parseValue() throws(Failure) -> JSONValue {
        guard let next = scanner.peek() else { throw failure("unexpected end of text") }
        switch next {
        case UInt8(ascii: "{"): return try parseObject()
        case UInt8(ascii: "["): return try parseArray()
        case UInt8(ascii: "\""): return .string(try parseString())
        case UInt8(ascii: "t"), UInt8(ascii: "f"):
            guard let flag = scanner.readBool() else { throw failure(next == UInt8(ascii: "t") ? "expected true" : "expected false") }
            return .bool(flag)
        case UInt8(ascii: "n"):
            guard scanner.readNull() else { throw failure("expected null") }
            return .null
        case UInt8(ascii: "N"):
            guard scanner.consumeWord("NaN") else { throw failure("expected NaN") }
            return .number("NaN")
        case UInt8(ascii: "I"):
            guard scanner.consumeWord("Infinity") else { throw failure("expected Infinity") }
            return .number("Infinity")
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
            if scanner.consumeWord("-Infinity") { return .number("-Infinity") }
            guard let text = scanner.readNumberText() else { throw failure("invalid number") }
            return .number(text)
        default:
            throw failure("unexpected character \(Self.show(next))")
        }
    }

    private mutating func enter() throws(Failure) {
        depth += 1
        if depth > 512 { throw failure("nesting deeper than 512 levels") }
    }

    private mutating func parseString() throws(Failure) -> String {
        switch scanner.readString(invalidUTF8: invalidUTF8, replacingLoneSurrogates: true) {
        case .success(let text): return text
        case .failure(let problem): throw failure(problem.message)
        }
    }

    private mutating func parseObject() throws(Failure) -> JSONValue {
        try enter()
        defer { depth -= 1 }
        _ = scanner.consume(UInt8(ascii: "{"))
        var members: [(key: String, value: JSONValue)] = []
        if scanner.consume(UInt8(ascii: "}")) { return .object(members) }
        while true {
            guard scanner.peek() == UInt8(ascii: "\"") else { throw failure("expected a quoted key") }
            let key = try parseString()
            guard scanner.consume(UInt8(ascii: ":")) else { throw failure("expected ':'") }
            members.append((key, try parseValue()))
            guard scanner.peek() != nil else { throw failure("unexpected end of text in an object") }
            if scanner.consume(UInt8(ascii: ",")) { continue }
            if scanner.consume(UInt8(ascii: "}")) { return .object(members) }
            throw failure("expected ',' or '}'")
        }
    }

    private mutating func parseArray() throws(Failure) -> JSONValue {
        try enter()
        defer { depth -= 1 }
        _ = scanner.consume(UInt8(ascii: "["))
        var elements: [JSONValue] = []
        if scanner.consume(UInt8(ascii: "]")) { return .array(elements) }
        while true {
            elements.append(try parseValue())
            guard scanner.peek() != nil else { throw failure("unexpected end of text in an array") }
            if scanner.consume(UInt8(ascii: ",")) { continue }
            if scanner.consume(UInt8(ascii: "]")) { return .array(elements) }
            throw failure("expected ',' or ']'")
        }
    }

    private static func show(_ byte: UInt8) -> String {
        (0x21..<0x7F).contains(byte) ? "'\(Character(Unicode.Scalar(byte)))'" : "0x" + String(byte, radix: 16)
    }
}
