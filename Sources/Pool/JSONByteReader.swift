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
/// Strings and object keys inside skipped values are only scanned for their closing quote
/// and the shape of their escapes, as `JSONDecoder` does with values it does not decode;
/// the strings read as values are unescaped and checked in full.
struct JSONByteReader {
    /// An object member's name as it appears in the line.
    struct Key {
        fileprivate let bytes: UnsafeRawBufferPointer

        /// True if the key is spelled `name`; lets a `switch` over a key use string literals.
        static func ~= (name: StaticString, key: Key) -> Bool {
            name.withUTF8Buffer { $0.count == key.bytes.count && memcmp($0.baseAddress!, key.bytes.baseAddress!, $0.count) == 0 }
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
    /// non-ASCII bytes (JSONDecoder decodes every key, these are never pool keys) and on a
    /// repeated member (JSONDecoder keeps the first: such lines are left to it).
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

    /// Reads the object that comes next, calling `body` with each key (checked by
    /// `readPlainKey`, or only skipped) and the reader at its value.
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
        var highBits: UInt8 = 0
        while position < bytes.count {
            let byte = bytes[position]
            if byte == .quote {
                position += 1
                return Self.string(slice(start..<(position - 1)), isASCII: highBits < 0x80)
            }
            if byte == .backslash { return readEscapedString(from: start) }
            guard byte >= 0x20 else { return nil }
            highBits |= byte
            position += 1
        }
        return nil
    }

    /// The text of valid UTF-8, nil for invalid; ASCII needs no check (`String(validating:)`
    /// is generic code that costs more than the rest of a line).
    private static func string(_ utf8: UnsafeBufferPointer<UInt8>, isASCII: Bool) -> String? {
        isASCII ? String(decoding: utf8, as: UTF8.self) : String(validating: utf8, as: UTF8.self)
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
                return text.withUnsafeBufferPointer { Self.string($0, isASCII: !$0.contains { $0 >= 0x80 }) }
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

    /// Four hex digits.
    private mutating func readHex4() -> UInt32? {
        guard position + 4 <= bytes.count else { return nil }
        var value: UInt32 = 0
        for _ in 0..<4 {
            guard let nibble = Self.hexValue(bytes[position]) else { return nil }
            value = value << 4 | UInt32(nibble)
            position += 1
        }
        return value
    }

    /// The value of a hex digit.
    private static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): byte - UInt8(ascii: "A") + 10
        default: nil
        }
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
    /// to be safe, for subnormal ones and for zeros with an exponent (JSONDecoder refuses
    /// `0e7` but takes `0e400`).
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
        guard value.isFinite, value == 0 ? !number.hasNonZeroDigit && !number.hasExponent : value.isNormal else { return nil }
        return value
    }

    // MARK: Skipping

    /// Skips the value that comes next, checking its structure as JSONDecoder does (and
    /// stricter: no trailing commas, leading zeros or bare `1.`).
    mutating func skipValue() -> Bool {
        skipValue(depth: 1)
    }

    /// Skips a value nested `depth` deep in skipped values.
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

    /// Skips the string at the reader to just past its closing quote (memchr finds the
    /// quotes and backslashes) and returns its raw contents as a key. Escapes are not
    /// decoded, but a `\u` needs four hex digits: JSONDecoder checks that much of strings
    /// it skips.
    private mutating func skipString() -> Key? {
        guard position < bytes.count, bytes[position] == .quote else { return nil }
        let start = position + 1
        var index = start
        guard var quote = find(.quote, in: index..<bytes.count) else { return nil }
        while let backslash = find(.backslash, in: index..<quote) {
            guard let end = escapeEnd(at: backslash) else { return nil }
            index = end
            if index > quote {
                guard let next = find(.quote, in: index..<bytes.count) else { return nil }
                quote = next
            }
        }
        position = quote + 1
        return Key(bytes: UnsafeRawBufferPointer(rebasing: bytes[start..<quote]))
    }

    /// The index just past the escape that starts at `backslash`.
    private func escapeEnd(at backslash: Int) -> Int? {
        guard backslash + 1 < bytes.count else { return nil }
        guard bytes[backslash + 1] == UInt8(ascii: "u") else { return backslash + 2 }
        let digits = (backslash + 2)..<(backslash + 6)
        guard digits.upperBound <= bytes.count, digits.allSatisfy({ Self.hexValue(bytes[$0]) != nil }) else { return nil }
        return digits.upperBound
    }

    /// The first index of `byte` in `range`.
    private func find(_ byte: UInt8, in range: Range<Int>) -> Int? {
        guard !range.isEmpty, let found = memchr(bytes.baseAddress! + range.lowerBound, Int32(byte), range.count) else { return nil }
        return bytes.baseAddress!.distance(to: UnsafeRawPointer(found))
    }

    // MARK: Numbers

    /// A number in strict JSON syntax, with its digits gathered for conversion.
    private struct ScannedNumber {
        var text: Range<Int>
        var isNegative = false
        var isInteger = true
        var hasExponent = false
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
            number.hasExponent = true
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

    /// Skips JSON whitespace: space, tab, CR, LF.
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

    /// The bytes in `range` as UTF-8 code units.
    private func slice(_ range: Range<Int>) -> UnsafeBufferPointer<UInt8> {
        UnsafeRawBufferPointer(rebasing: bytes[range]).assumingMemoryBound(to: UInt8.self)
    }

    /// Consumes `word` if it comes next.
    private mutating func consumeWord(_ word: StaticString) -> Bool {
        let count = word.utf8CodeUnitCount
        guard bytes.count - position >= count,
              word.withUTF8Buffer({ memcmp(bytes.baseAddress! + position, $0.baseAddress!, count) == 0 }) else { return false }
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
