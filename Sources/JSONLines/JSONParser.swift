/// A strict JSON parser (RFC 8259) that produces `JSONValue`s and says where it failed.
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

    /// The 1-based line and column of the byte at `offset` in `text`.
    public static func lineAndColumn(ofOffset offset: Int, in text: some Collection<UInt8>) -> (line: Int, column: Int) {
        var line = 1, column = 1
        for byte in text.prefix(offset) {
            if byte == 0x0A { line += 1; column = 1 } else { column += 1 }
        }
        return (line, column)
    }

    /// What a parse does with invalid UTF-8 inside a string or key.
    public enum InvalidUTF8: Sendable {
        /// Fails, naming the column: strict JSON, the default.
        case reject
        /// Each invalid byte becomes U+FFFD, as a text editor shows it.
        case replace
        /// Each invalid byte becomes the text `\xNN` (Python's "backslashreplace"), so the
        /// byte values survive as readable text.
        case escape
    }

    private let bytes: [UInt8]
    private let invalidUTF8: InvalidUTF8
    private var position = 0
    private var depth = 0

    /// Parses exactly one JSON value (surrounding whitespace allowed) from `text`.
    public static func parse(_ text: some StringProtocol) throws(Failure) -> JSONValue {
        try parse(bytes: Array(text.utf8))
    }

    /// Parses exactly one JSON value from UTF-8 bytes; invalid UTF-8 inside strings is an
    /// error unless `invalidUTF8` says how to read it (for repairs).
    public static func parse(bytes: [UInt8], invalidUTF8: InvalidUTF8 = .reject) throws(Failure) -> JSONValue {
        var parser = JSONParser(bytes: bytes, invalidUTF8: invalidUTF8)
        parser.skipWhitespace()
        let value = try parser.parseValue()
        parser.skipWhitespace()
        guard parser.position == bytes.count else { throw parser.failure("unexpected text after the JSON value") }
        return value
    }

    private init(bytes: [UInt8], invalidUTF8: InvalidUTF8) {
        self.bytes = bytes
        self.invalidUTF8 = invalidUTF8
    }

    private func failure(_ message: String) -> Failure {
        Failure(message: message, column: position + 1)
    }

    private mutating func skipWhitespace() {
        while position < bytes.count, [0x20, 0x09, 0x0A, 0x0D].contains(bytes[position]) { position += 1 }
    }

    private mutating func parseValue() throws(Failure) -> JSONValue {
        guard position < bytes.count else { throw failure("unexpected end of text") }
        switch bytes[position] {
        case UInt8(ascii: "{"): return try parseObject()
        case UInt8(ascii: "["): return try parseArray()
        case UInt8(ascii: "\""): return .string(try parseString())
        case UInt8(ascii: "t"): try expectWord("true"); return .bool(true)
        case UInt8(ascii: "f"): try expectWord("false"); return .bool(false)
        case UInt8(ascii: "n"): try expectWord("null"); return .null
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return try parseNumber()
        case UInt8(ascii: "N"): try expectWord("NaN"); return .number("NaN")
        case UInt8(ascii: "I"): try expectWord("Infinity"); return .number("Infinity")
        default: throw failure("unexpected character \(Self.show(bytes[position]))")
        }
    }

    private mutating func expectWord(_ word: String) throws(Failure) {
        let w = Array(word.utf8)
        guard position + w.count <= bytes.count, Array(bytes[position..<position + w.count]) == w else {
            throw failure("expected \(word)")
        }
        position += w.count
    }

    private mutating func enter() throws(Failure) {
        depth += 1
        if depth > 512 { throw failure("nesting deeper than 512 levels") }
    }

    private mutating func parseObject() throws(Failure) -> JSONValue {
        try enter()
        defer { depth -= 1 }
        position += 1
        var members: [(key: String, value: JSONValue)] = []
        skipWhitespace()
        if position < bytes.count, bytes[position] == UInt8(ascii: "}") {
            position += 1
            return .object(members)
        }
        while true {
            skipWhitespace()
            guard position < bytes.count, bytes[position] == UInt8(ascii: "\"") else {
                throw failure("expected a quoted key")
            }
            let key = try parseString()
            skipWhitespace()
            guard position < bytes.count, bytes[position] == UInt8(ascii: ":") else { throw failure("expected ':'") }
            position += 1
            skipWhitespace()
            members.append((key, try parseValue()))
            skipWhitespace()
            guard position < bytes.count else { throw failure("unexpected end of text in an object") }
            if bytes[position] == UInt8(ascii: ",") { position += 1; continue }
            if bytes[position] == UInt8(ascii: "}") { position += 1; return .object(members) }
            throw failure("expected ',' or '}'")
        }
    }

    private mutating func parseArray() throws(Failure) -> JSONValue {
        try enter()
        defer { depth -= 1 }
        position += 1
        var elements: [JSONValue] = []
        skipWhitespace()
        if position < bytes.count, bytes[position] == UInt8(ascii: "]") {
            position += 1
            return .array(elements)
        }
        while true {
            skipWhitespace()
            elements.append(try parseValue())
            skipWhitespace()
            guard position < bytes.count else { throw failure("unexpected end of text in an array") }
            if bytes[position] == UInt8(ascii: ",") { position += 1; continue }
            if bytes[position] == UInt8(ascii: "]") { position += 1; return .array(elements) }
            throw failure("expected ',' or ']'")
        }
    }

    private mutating func parseNumber() throws(Failure) -> JSONValue {
        let start = position
        if bytes[position] == UInt8(ascii: "-") {
            position += 1
            if position < bytes.count, bytes[position] == UInt8(ascii: "I") {
                try expectWord("Infinity")
                return .number("-Infinity")
            }
        }
        func digits() -> Int {
            let s = position
            while position < bytes.count, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(bytes[position]) {
                position += 1
            }
            return position - s
        }
        guard digits() > 0 else { throw failure("expected a digit") }
        if position < bytes.count, bytes[position] == UInt8(ascii: ".") {
            position += 1
            guard digits() > 0 else { throw failure("expected a digit after '.'") }
        }
        if position < bytes.count, bytes[position] | 0x20 == UInt8(ascii: "e") {
            position += 1
            if position < bytes.count, bytes[position] == UInt8(ascii: "+") || bytes[position] == UInt8(ascii: "-") {
                position += 1
            }
            guard digits() > 0 else { throw failure("expected a digit in the exponent") }
        }
        return .number(String(decoding: bytes[start..<position], as: UTF8.self))
    }

    private mutating func parseString() throws(Failure) -> String {
        position += 1
        var out: [UInt8] = []
        while true {
            guard position < bytes.count else { throw failure("unterminated string") }
            let byte = bytes[position]
            switch byte {
            case UInt8(ascii: "\""):
                position += 1
                if let text = String(validating: out, as: UTF8.self) { return text }
                switch invalidUTF8 {
                case .reject: throw failure("invalid UTF-8 in a string")
                case .replace: return Self.lenientText(out) { _ in "\u{FFFD}" }
                case .escape: return Self.lenientText(out) { "\\x" + String($0, radix: 16, uppercase: true) }
                }
            case UInt8(ascii: "\\"):
                position += 1
                guard position < bytes.count else { throw failure("unterminated escape") }
                let escaped = bytes[position]
                position += 1
                switch escaped {
                case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): out.append(escaped)
                case UInt8(ascii: "b"): out.append(0x08)
                case UInt8(ascii: "f"): out.append(0x0C)
                case UInt8(ascii: "n"): out.append(0x0A)
                case UInt8(ascii: "r"): out.append(0x0D)
                case UInt8(ascii: "t"): out.append(0x09)
                case UInt8(ascii: "u"):
                    var scalar = try parseHex4()
                    if (0xD800..<0xDC00).contains(scalar),
                       position + 1 < bytes.count, bytes[position] == UInt8(ascii: "\\"),
                       bytes[position + 1] == UInt8(ascii: "u")
                    {
                        let save = position
                        position += 2
                        let low = try parseHex4()
                        if (0xDC00..<0xE000).contains(low) {
                            scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
                        } else {
                            position = save
                        }
                    }
                    // Lone surrogates become U+FFFD, as they cannot live in a Swift String.
                    let value = Unicode.Scalar(scalar) ?? "\u{FFFD}"
                    out.append(contentsOf: Array(String(Character(value)).utf8))
                default:
                    position -= 1
                    throw failure("invalid escape \\\(Self.show(escaped))")
                }
            case 0..<0x20:
                throw failure("unescaped control character \(Self.show(byte)) in a string")
            default:
                out.append(byte)
                position += 1
            }
        }
    }

    private mutating func parseHex4() throws(Failure) -> UInt32 {
        guard position + 4 <= bytes.count else { throw failure("incomplete \\u escape") }
        var value: UInt32 = 0
        for _ in 0..<4 {
            let c = bytes[position]
            let digit: UInt32
            switch c {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = UInt32(c - UInt8(ascii: "0"))
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = UInt32(c - UInt8(ascii: "a") + 10)
            case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = UInt32(c - UInt8(ascii: "A") + 10)
            default: throw failure("invalid hex digit in \\u escape")
            }
            value = value << 4 | digit
            position += 1
        }
        return value
    }

    /// The text of `utf8`, each byte that does not begin a valid sequence written as
    /// `substitute` makes it.
    private static func lenientText(_ utf8: [UInt8], substitute: (UInt8) -> String) -> String {
        var text = ""
        var index = 0
        while index < utf8.count {
            let lead = utf8[index]
            let length = switch lead {
            case ..<0x80: 1
            case 0xC2..<0xE0: 2
            case 0xE0..<0xF0: 3
            case 0xF0..<0xF5: 4
            default: 0
            }
            if length > 0, index + length <= utf8.count, let scalar = String(validating: utf8[index..<(index + length)], as: UTF8.self) {
                text += scalar
                index += length
            } else {
                text += substitute(lead)
                index += 1
            }
        }
        return text
    }

    private static func show(_ byte: UInt8) -> String {
        (0x21..<0x7F).contains(byte) ? "'\(Character(Unicode.Scalar(byte)))'" : "0x" + String(byte, radix: 16)
    }
}
