#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Reads JSON values straight from the bytes of one pool line, for the loader's fast path
/// (see `EntryLine.init(scanning:)`): no copy of the line, no tree of values.
///
/// Every read returns nil or false, and the caller gives up on the line, at anything it is
/// not sure `JSONDecoder` would read the same way: malformed JSON, trailing commas, leading
/// zeros, unpaired surrogates, numbers a `Double` cannot hold exactly as `JSONDecoder` would.
/// Giving up costs only time: the loader then decodes the line with `JSONDecoder`, whose
/// error message describes it.
///
/// Strings and object keys inside skipped values are only scanned for their closing quote,
/// as `JSONDecoder` does with values it does not decode; the strings read as values are
/// unescaped and checked in full.
struct JSONByteReader {
    /// An object member's name as it appears in the line.
    struct Key {
        fileprivate let bytes: UnsafeRawBufferPointer

        /// True if the key is spelled `name`; lets a `switch` over a key use string literals.
        static func ~= (name: StaticString, key: Key) -> Bool {
            name.utf8CodeUnitCount == key.bytes.count
                && memcmp(name.utf8Start, key.bytes.baseAddress!, key.bytes.count) == 0
        }
    }

    private let bytes: UnsafeRawBufferPointer
    private var position = 0
    /// How deep skipped values may nest before the reader gives up (JSONDecoder allows 512).
    private static let maximumDepth = 64

    /// A reader at the start of `bytes`.
    init(_ bytes: UnsafeRawBufferPointer) {
        self.bytes = bytes
    }

    /// True if only whitespace is left.
    mutating func isAtEnd() -> Bool {
        skipWhitespace()
        return position == bytes.count
    }

    // MARK: Objects and arrays

    /// Reads the object that comes next, calling `body` for each member `Member` knows, with
    /// the reader at the member's value; `body` reads the value and returns false to give up.
    /// Skips the other members. Gives up on a key with escapes, control characters or
    /// non-ASCII bytes (JSONDecoder decodes every key) and on a repeated member (JSONDecoder
    /// keeps the first, a plain reading the last: the slow path decides).
    mutating func readObject<Member: ObjectMember>(_ body: (inout JSONByteReader, Member) -> Bool) -> Bool {
        var seen: UInt64 = 0
        return readMembers(checkingKeys: true) { reader, key in
            guard let member = Member(key) else { return reader.skipValue(depth: 1) }
            let bit: UInt64 = 1 << member.rawValue
            guard seen & bit == 0 else { return false }
            seen |= bit
            return body(&reader, member)
        }
    }

    /// Reads the object that comes next, calling `body` with the reader at each member's
    /// value; the keys are not looked at (the caller does not need them).
    mutating func readValues(_ body: (inout JSONByteReader) -> Bool) -> Bool {
        readMembers(checkingKeys: false) { reader, _ in body(&reader) }
    }

    /// Reads the array that comes next, calling `body` with the reader at each element.
    mutating func readArray(_ body: (inout JSONByteReader) -> Bool) -> Bool {
        guard consume(.openBracket) else { return false }
        if consume(.closeBracket) { return true }
        repeat {
            guard body(&self) else { return false }
        } while consume(.comma)
        return consume(.closeBracket)
    }

    /// The number of elements of the array that comes next, skipping each one.
    mutating func countArrayElements() -> Int? {
        var count = 0
        let complete = readArray { reader in
            count += 1
            return reader.skipValue(depth: 1)
        }
        return complete ? count : nil
    }

    private mutating func readMembers(checkingKeys: Bool, _ body: (inout JSONByteReader, Key) -> Bool) -> Bool {
        guard consume(.openBrace) else { return false }
        if consume(.closeBrace) { return true }
        repeat {
            skipWhitespace()
            guard let key = checkingKeys ? readPlainKey() : skipString(),
                  consume(.colon), body(&self, key) else { return false }
        } while consume(.comma)
        return consume(.closeBrace)
    }

    /// A key of printable ASCII without escapes, the closing quote consumed.
    private mutating func readPlainKey() -> Key? {
        guard position < bytes.count, bytes[position] == .quote else { return nil }
        let start = position + 1
        position = start
        while position < bytes.count {
            let byte = bytes[position]
            if byte == .quote {
                position += 1
                return Key(bytes: UnsafeRawBufferPointer(rebasing: bytes[start..<(position - 1)]))
            }
            guard byte >= 0x20, byte < 0x80, byte != .backslash else { return nil }
            position += 1
        }
        return nil
    }

    // MARK: Scalars

    /// Consumes `null` if it comes next; false (consuming nothing) otherwise.
    mutating func readNull() -> Bool {
        skipWhitespace()
        return consumeWord("null")
    }

    /// `.some(nil)` for `null`, else what `read` makes of the value; nil to give up.
    mutating func readNullable<Value>(_ read: (inout JSONByteReader) -> Value?) -> Value?? {
        if readNull() { return .some(nil) }
        return read(&self).map { .some($0) }
    }

    /// `true` or `false`.
    mutating func readBool() -> Bool? {
        skipWhitespace()
        if consumeWord("true") { return true }
        if consumeWord("false") { return false }
        return nil
    }

    /// True if the next value is a string (it may still fail to read).
    mutating func isAtString() -> Bool {
        skipWhitespace()
        return position < bytes.count && bytes[position] == .quote
    }

    /// A string value, unescaped; nil for anything JSONDecoder would refuse or read otherwise
    /// (a control character, a bad escape, an unpaired surrogate, invalid UTF-8).
    mutating func readString() -> String? {
        guard isAtString() else { return nil }
        position += 1
        let start = position
        while position < bytes.count {
            let byte = bytes[position]
            if byte == .quote {
                position += 1
                return String(validating: slice(start..<(position - 1)), as: UTF8.self)
            }
            if byte == .backslash { return readEscapedString(from: start) }
            guard byte >= 0x20 else { return nil }
            position += 1
        }
        return nil
    }

    /// The rest of a string that has escapes, `start` being just past its opening quote and
    /// the reader at its first backslash.
    private mutating func readEscapedString(from start: Int) -> String? {
        var text = Array(slice(start..<position))
        while position < bytes.count {
            let byte = bytes[position]
            position += 1
            switch byte {
            case .quote:
                return String(validating: text, as: UTF8.self)
            case .backslash:
                guard position < bytes.count else { return nil }
                let escaped = bytes[position]
                position += 1
                switch escaped {
                case .quote, .backslash, .slash: text.append(escaped)
                case UInt8(ascii: "b"): text.append(0x08)
                case UInt8(ascii: "f"): text.append(0x0C)
                case UInt8(ascii: "n"): text.append(0x0A)
                case UInt8(ascii: "r"): text.append(0x0D)
                case UInt8(ascii: "t"): text.append(0x09)
                case UInt8(ascii: "u"):
                    guard let scalar = readUnicodeEscape() else { return nil }
                    text.append(contentsOf: UTF8.encode(scalar)!)
                default: return nil
                }
            case 0..<0x20:
                return nil
            default:
                text.append(byte)
            }
        }
        return nil
    }

    /// The scalar of a `\uXXXX` escape (the reader just past the `u`), joining a surrogate
    /// pair; nil for an unpaired surrogate, which JSONDecoder refuses.
    private mutating func readUnicodeEscape() -> Unicode.Scalar? {
        guard let unit = readHex4() else { return nil }
        guard (0xD800..<0xDC00).contains(unit) else { return Unicode.Scalar(unit) }
        guard position + 1 < bytes.count, bytes[position] == .backslash, bytes[position + 1] == UInt8(ascii: "u") else { return nil }
        position += 2
        guard let low = readHex4(), (0xDC00..<0xE000).contains(low) else { return nil }
        return Unicode.Scalar(0x10000 + ((unit - 0xD800) << 10) + (low - 0xDC00))
    }

    private mutating func readHex4() -> UInt32? {
        guard position + 4 <= bytes.count else { return nil }
        var value: UInt32 = 0
        for _ in 0..<4 {
            let byte = bytes[position]
            let digit: UInt8
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = byte - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = byte - UInt8(ascii: "a") + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = byte - UInt8(ascii: "A") + 10
            default: return nil
            }
            value = value << 4 | UInt32(digit)
            position += 1
        }
        return value
    }

    /// An integer written without fraction or exponent, within 18 digits (JSONDecoder also
    /// takes `3.0` or `1e2` for an Int: such lines go the slow way).
    mutating func readInt() -> Int? {
        skipWhitespace()
        guard let number = scanNumber(), number.isInteger, number.digitCount <= 18 else { return nil }
        let magnitude = Int(number.significand)
        return number.isNegative ? -magnitude : magnitude
    }

    /// A number as a `Double`, the value JSONDecoder gives (the correctly rounded one); nil
    /// for numbers it refuses (beyond `Double`'s range, or so small they round to zero) and,
    /// to be safe, for subnormal ones.
    mutating func readDouble() -> Double? {
        skipWhitespace()
        guard let number = scanNumber() else { return nil }
        let value: Double
        if let exact = number.exactValue {
            value = exact
        } else {
            guard let parsed = Double(String(decoding: slice(number.text), as: UTF8.self)) else { return nil }
            value = parsed
        }
        guard value.isFinite, value == 0 ? !number.hasNonZeroDigit : value.isNormal else { return nil }
        return value
    }

    // MARK: Skipping

    /// Skips the value that comes next, checking its structure as JSONDecoder does (and
    /// stricter: no trailing commas, leading zeros or bare `1.`).
    mutating func skipValue() -> Bool {
        skipValue(depth: 1)
    }

    private mutating func skipValue(depth: Int) -> Bool {
        skipWhitespace()
        guard position < bytes.count else { return false }
        switch bytes[position] {
        case .quote:
            return skipString() != nil
        case .openBrace:
            guard depth < Self.maximumDepth else { return false }
            return readValues { $0.skipValue(depth: depth + 1) }
        case .openBracket:
            guard depth < Self.maximumDepth else { return false }
            return readArray { $0.skipValue(depth: depth + 1) }
        case UInt8(ascii: "t"), UInt8(ascii: "f"):
            return readBool() != nil
        case UInt8(ascii: "n"):
            return readNull()
        default:
            return scanNumber() != nil
        }
    }

    /// Skips the string at the reader to just past its closing quote: the next quote not
    /// escaped by an odd run of backslashes (memchr does the long stretches). Returns its
    /// raw contents as a key.
    private mutating func skipString() -> Key? {
        guard position < bytes.count, bytes[position] == .quote else { return nil }
        let start = position + 1
        var searchFrom = start
        while searchFrom < bytes.count {
            guard let found = memchr(bytes.baseAddress! + searchFrom, Int32(UInt8.quote), bytes.count - searchFrom) else { return nil }
            let quote = bytes.baseAddress!.distance(to: UnsafeRawPointer(found))
            var backslashes = 0
            while quote - backslashes - 1 >= start && bytes[quote - backslashes - 1] == .backslash { backslashes += 1 }
            if backslashes.isMultiple(of: 2) {
                position = quote + 1
                return Key(bytes: UnsafeRawBufferPointer(rebasing: bytes[start..<quote]))
            }
            searchFrom = quote + 1
        }
        return nil
    }

    // MARK: Numbers

    /// A number in strict JSON syntax, with its digits gathered for conversion.
    private struct ScannedNumber {
        var text: Range<Int>
        var isNegative = false
        var isInteger = true
        /// The significant digits as an integer, while they fit (`digitCount` ≤ 19).
        var significand: UInt64 = 0
        /// Digits from the first non-zero one on.
        var digitCount = 0
        var hasNonZeroDigit: Bool { digitCount > 0 }
        /// The power of ten to scale `significand` by (right while no digit was dropped).
        var exponent = 0

        mutating func append(_ digit: UInt8) {
            guard digitCount > 0 || digit != 0 else { return }
            digitCount += 1
            if digitCount <= 19 { significand = significand * 10 + UInt64(digit) }
        }

        /// The value when one correctly rounded multiplication or division gives it: the
        /// significand and the power of ten are both exact doubles (Clinger's fast path).
        var exactValue: Double? {
            guard digitCount <= 19, significand <= 1 << 53, (-22...22).contains(exponent) else { return nil }
            let magnitude = Double(significand)
            let scaled = exponent < 0 ? magnitude / ScannedNumber.powersOfTen[-exponent] : magnitude * ScannedNumber.powersOfTen[exponent]
            return isNegative ? -scaled : scaled
        }

        private static let powersOfTen: [Double] = (0...22).map { pow10($0) }
        private static func pow10(_ n: Int) -> Double { n == 0 ? 1 : 10 * pow10(n - 1) }
    }

    /// `-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?` at the reader.
    private mutating func scanNumber() -> ScannedNumber? {
        let start = position
        var number = ScannedNumber(text: start..<start)
        if position < bytes.count && bytes[position] == UInt8(ascii: "-") {
            number.isNegative = true
            position += 1
        }
        guard let first = digit() else { return nil }
        if first == 0 {
            guard digit() == nil else { return nil }
        } else {
            number.append(first)
            while let next = digit() { number.append(next) }
        }
        if position < bytes.count && bytes[position] == UInt8(ascii: ".") {
            position += 1
            number.isInteger = false
            let fractionStart = position
            while let next = digit() {
                number.append(next)
                number.exponent -= 1
            }
            guard position > fractionStart else { return nil }
        }
        if position < bytes.count && bytes[position] | 0x20 == UInt8(ascii: "e") {
            position += 1
            number.isInteger = false
            var sign = 1
            if position < bytes.count && (bytes[position] == UInt8(ascii: "+") || bytes[position] == UInt8(ascii: "-")) {
                sign = bytes[position] == UInt8(ascii: "-") ? -1 : 1
                position += 1
            }
            guard var power = digit().map(Int.init) else { return nil }
            while let next = digit() { power = min(power * 10 + Int(next), 100_000) }
            number.exponent += sign * power
        }
        number.text = start..<position
        return number
    }

    /// The decimal digit at the reader, consumed.
    private mutating func digit() -> UInt8? {
        guard position < bytes.count else { return nil }
        let value = bytes[position] &- UInt8(ascii: "0")
        guard value < 10 else { return nil }
        position += 1
        return value
    }

    // MARK: Tokens

    private mutating func skipWhitespace() {
        while position < bytes.count {
            switch bytes[position] {
            case 0x20, 0x09, 0x0A, 0x0D: position += 1
            default: return
            }
        }
    }

    /// Consumes `byte` after whitespace if it comes next.
    private mutating func consume(_ byte: UInt8) -> Bool {
        skipWhitespace()
        guard position < bytes.count, bytes[position] == byte else { return false }
        position += 1
        return true
    }

    private func slice(_ range: Range<Int>) -> UnsafeBufferPointer<UInt8> {
        UnsafeRawBufferPointer(rebasing: bytes[range]).assumingMemoryBound(to: UInt8.self)
    }

    private mutating func consumeWord(_ word: StaticString) -> Bool {
        let count = word.utf8CodeUnitCount
        guard bytes.count - position >= count, memcmp(bytes.baseAddress! + position, word.utf8Start, count) == 0 else { return false }
        position += count
        return true
    }
}

/// The members of a JSON object that a reader of it knows, each a bit in a `UInt64`
/// (`rawValue` below 64) so `JSONByteReader.readObject` can tell a repeated one.
protocol ObjectMember: RawRepresentable<Int> {
    /// The member `key` names, or nil for one to skip.
    init?(_ key: JSONByteReader.Key)
}

private extension UInt8 {
    static let quote = UInt8(ascii: "\""), backslash = UInt8(ascii: "\\"), slash = UInt8(ascii: "/")
    static let openBrace = UInt8(ascii: "{"), closeBrace = UInt8(ascii: "}")
    static let openBracket = UInt8(ascii: "["), closeBracket = UInt8(ascii: "]")
    static let comma = UInt8(ascii: ","), colon = UInt8(ascii: ":")
}
