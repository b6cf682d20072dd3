#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The one byte-level JSON scanner: reads values straight from UTF-8 bytes, with no copy of
/// the text and no tree of values. `JSONParser` builds `JSONValue`s on it; the pool's fast
/// open reads the members it wants from each line and skips the rest with it.
///
/// Every read returns nil or false at anything it is not sure `JSONDecoder` would read the
/// same way: malformed JSON, trailing commas, leading zeros, unpaired surrogates, numbers a
/// `Double` cannot hold exactly as `JSONDecoder` would. A caller that needs to read only
/// what `JSONDecoder` reads (the pool's fast open) then gives up on the text; `JSONParser`
/// says what was wrong at `position`.
///
/// Strings and object keys inside skipped values are only scanned for their closing quote
/// and the shape of their escapes, as `JSONDecoder` does with values it does not decode;
/// the strings read as values are unescaped and checked in full.
public struct JSONScanner {
    /// An object member's name as it appears in the text.
    public struct Key {
        @usableFromInline let bytes: UnsafeRawBufferPointer

        @inlinable init(bytes: UnsafeRawBufferPointer) { self.bytes = bytes }

        /// True if the key is spelled `name`; lets a `switch` over a key use string literals.
        /// Compares in line: keys are short, and most differ in length or first byte.
        @inlinable @inline(__always) public static func ~= (name: StaticString, key: Key) -> Bool {
            name.withUTF8Buffer { name in
                guard name.count == key.bytes.count else { return false }
                for index in 0..<name.count where name[index] != key.bytes[index] { return false }
                return true
            }
        }
    }

    /// What `readString(invalidUTF8:replacingLoneSurrogates:)` does with invalid UTF-8.
    public enum InvalidUTF8: Sendable {
        /// Fails (`StringFailure.invalidUTF8`): what `JSONDecoder` does.
        case reject
        /// Each invalid byte becomes U+FFFD, as a text editor shows it.
        case replace
        /// Each invalid byte becomes the text `\xNN` (Python's "backslashreplace"), so the
        /// byte values survive as readable text.
        case escape
    }

    /// Why a string did not read.
    public enum StringFailure: Error, Sendable {
        /// The next value is not a string.
        case notAString
        /// The text ends inside the string.
        case unterminated
        /// A byte below 0x20, which JSON wants escaped.
        case controlCharacter
        /// A backslash not followed by one of `"\/bfnrt` or by `u` and four hex digits.
        case invalidEscape
        /// A `\uD800`–`\uDFFF` escape not part of a surrogate pair.
        case loneSurrogate
        /// Bytes that are not UTF-8.
        case invalidUTF8

        /// The failure in words.
        public var message: String {
            switch self {
            case .notAString: "expected a string"
            case .unterminated: "unterminated string"
            case .controlCharacter: "unescaped control character in a string"
            case .invalidEscape: "invalid escape in a string"
            case .loneSurrogate: "unpaired surrogate escape in a string"
            case .invalidUTF8: "invalid UTF-8 in a string"
            }
        }
    }

    @usableFromInline let bytes: UnsafeRawBufferPointer
    /// The offset of the next byte to read; where a read that failed stopped.
    @inlinable public var position: Int { offset }
    @usableFromInline var offset = 0
    /// How deep skipped values may nest before the scanner gives up (JSONDecoder allows 512).
    @usableFromInline static var maximumDepth: Int { 64 }

    /// A scanner at the start of `bytes`, which must outlive it.
    @inlinable public init(_ bytes: UnsafeRawBufferPointer) {
        self.bytes = bytes
    }

    /// The next byte after whitespace, not consumed; nil at the end.
    @inlinable public mutating func peek() -> UInt8? {
        skipWhitespace()
        return offset < bytes.count ? bytes[offset] : nil
    }

    /// True if only whitespace is left.
    @inlinable public mutating func isAtEnd() -> Bool {
        skipWhitespace()
        return offset == bytes.count
    }

    // MARK: Objects and arrays

    /// Reads the object that comes next, calling `body` for each member `Member` knows, with
    /// the scanner at the member's value; `body` reads the value and returns false to give up.
    /// Skips the other members. Gives up on a key with escapes, control characters or
    /// non-ASCII bytes (JSONDecoder decodes every key, these are never pool keys) and on a
    /// repeated member (JSONDecoder keeps the first: such lines are left to it).
    @inlinable public mutating func readObject<Member: ObjectMember>(_ body: (inout JSONScanner, Member) -> Bool) -> Bool {
        var seen: UInt64 = 0
        return readMembers(checkingKeys: true) { reader, key in
            guard let member = Member(key) else { return reader.skipValue(depth: 1) }
            let bit: UInt64 = 1 << member.rawValue
            guard seen & bit == 0 else { return false }
            seen |= bit
            return body(&reader, member)
        }
    }

    /// Reads the object that comes next, calling `body` with the scanner at each member's
    /// value; the keys are not looked at (the caller does not need them).
    @inlinable public mutating func readValues(_ body: (inout JSONScanner) -> Bool) -> Bool {
        readMembers(checkingKeys: false) { reader, _ in body(&reader) }
    }

    /// Reads the array that comes next, calling `body` with the scanner at each element.
    @inlinable public mutating func readArray(_ body: (inout JSONScanner) -> Bool) -> Bool {
        guard consume(.openBracket) else { return false }
        if consume(.closeBracket) { return true }
        repeat {
            guard body(&self) else { return false }
        } while consume(.comma)
        return consume(.closeBracket)
    }

    /// The number of elements of the array that comes next, skipping each one.
    @inlinable public mutating func countArrayElements() -> Int? {
        var count = 0
        let complete = readArray { reader in
            count += 1
            return reader.skipValue(depth: 1)
        }
        return complete ? count : nil
    }

    /// Reads the object that comes next, calling `body` with each key (checked by
    /// `readPlainKey`, or only skipped) and the scanner at its value.
    @inlinable mutating func readMembers(checkingKeys: Bool, _ body: (inout JSONScanner, Key) -> Bool) -> Bool {
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
    @inlinable mutating func readPlainKey() -> Key? {
        guard offset < bytes.count, bytes[offset] == .quote else { return nil }
        let start = offset + 1
        offset = start
        // Whole words of key bytes first; the word that ends the key, a byte at a time.
        while let word = word(at: offset), EightBytes.stringStops(in: word) | word & EightBytes.highBits == 0 {
            offset += 8
        }
        while offset < bytes.count {
            let byte = bytes[offset]
            if byte == .quote {
                offset += 1
                return Key(bytes: UnsafeRawBufferPointer(rebasing: bytes[start..<(offset - 1)]))
            }
            guard byte >= 0x20, byte < 0x80, byte != .backslash else { return nil }
            offset += 1
        }
        return nil
    }

    // MARK: Scalars

    /// Consumes `null` if it comes next; false (consuming nothing) otherwise.
    @inlinable public mutating func readNull() -> Bool {
        skipWhitespace()
        return consumeWord("null")
    }

    /// `.some(nil)` for `null`, else what `read` makes of the value; nil to give up.
    @inlinable public mutating func readNullable<Value>(_ read: (inout JSONScanner) -> Value?) -> Value?? {
        if readNull() { return .some(nil) }
        return read(&self).map { .some($0) }
    }

    /// `true` or `false`.
    @inlinable public mutating func readBool() -> Bool? {
        skipWhitespace()
        if consumeWord("true") { return true }
        if consumeWord("false") { return false }
        return nil
    }

    /// True if the next value is a string (it may still fail to read).
    @inlinable public mutating func isAtString() -> Bool {
        skipWhitespace()
        return offset < bytes.count && bytes[offset] == .quote
    }

    /// A string value, unescaped; nil for anything JSONDecoder would refuse or read otherwise
    /// (a control character, a bad escape, an unpaired surrogate, invalid UTF-8).
    @inlinable public mutating func readString() -> String? {
        try? readString(invalidUTF8: .reject, replacingLoneSurrogates: false).get()
    }

    /// A string value, unescaped, or why it does not read; invalid UTF-8 and unpaired
    /// surrogate escapes (which a Swift `String` cannot hold) read as asked.
    @inlinable public mutating func readString(invalidUTF8: InvalidUTF8, replacingLoneSurrogates: Bool) -> Result<String, StringFailure> {
        guard isAtString() else { return .failure(.notAString) }
        offset += 1
        let start = offset
        var highBits: UInt8 = 0
        // Whole words of plain text first; the word that ends it or holds an escape, a byte
        // at a time.
        var highWordBits: UInt64 = 0
        while let word = word(at: offset), EightBytes.stringStops(in: word) == 0 {
            highWordBits |= word
            offset += 8
        }
        if highWordBits & EightBytes.highBits != 0 { highBits = 0x80 }
        while offset < bytes.count {
            let byte = bytes[offset]
            if byte == .quote {
                offset += 1
                return Self.string(slice(start..<(offset - 1)), isASCII: highBits < 0x80, invalidUTF8: invalidUTF8)
            }
            if byte == .backslash {
                return readEscapedString(from: start, invalidUTF8: invalidUTF8, replacingLoneSurrogates: replacingLoneSurrogates)
            }
            guard byte >= 0x20 else { return .failure(.controlCharacter) }
            highBits |= byte
            offset += 1
        }
        return .failure(.unterminated)
    }

    /// The text of UTF-8 code units; ASCII needs no check (`String(validating:)` is generic
    /// code that costs more than the rest of a pool line).
    @inlinable static func string(_ utf8: UnsafeBufferPointer<UInt8>, isASCII: Bool, invalidUTF8: InvalidUTF8) -> Result<String, StringFailure> {
        isASCII ? .success(String(decoding: utf8, as: UTF8.self)) : nonASCIIString(utf8, invalidUTF8: invalidUTF8)
    }

    /// `string(_:isASCII:invalidUTF8:)` for text with bytes over 0x7F: checked, and read as
    /// asked when it is not UTF-8. Kept out of line, as are escapes: the rarer paths.
    @usableFromInline static func nonASCIIString(_ utf8: UnsafeBufferPointer<UInt8>, invalidUTF8: InvalidUTF8) -> Result<String, StringFailure> {
        if let text = String(validating: utf8, as: UTF8.self) { return .success(text) }
        switch invalidUTF8 {
        case .reject: return .failure(.invalidUTF8)
        case .replace: return .success(lenientText(utf8) { _ in "\u{FFFD}" })
        case .escape: return .success(lenientText(utf8) { "\\x" + String($0, radix: 16, uppercase: true) })
        }
    }

    /// The text of `utf8`, each byte that does not begin a valid sequence written as
    /// `substitute` makes it.
    @usableFromInline static func lenientText(_ utf8: UnsafeBufferPointer<UInt8>, substitute: (UInt8) -> String) -> String {
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
            if length > 0, index + length <= utf8.count,
               let scalar = String(validating: UnsafeBufferPointer(rebasing: utf8[index..<(index + length)]), as: UTF8.self)
            {
                text += scalar
                index += length
            } else {
                text += substitute(lead)
                index += 1
            }
        }
        return text
    }

    /// The rest of a string that has escapes, `start` being just past its opening quote and
    /// the scanner at its first backslash.
    @usableFromInline mutating func readEscapedString(
        from start: Int, invalidUTF8: InvalidUTF8, replacingLoneSurrogates: Bool
    ) -> Result<String, StringFailure> {
        var text = Array(slice(start..<offset))
        while offset < bytes.count {
            let byte = bytes[offset]
            offset += 1
            switch byte {
            case .quote:
                return text.withUnsafeBufferPointer { Self.string($0, isASCII: !$0.contains { $0 >= 0x80 }, invalidUTF8: invalidUTF8) }
            case .backslash:
                guard offset < bytes.count else { return .failure(.unterminated) }
                let escaped = bytes[offset]
                offset += 1
                switch escaped {
                case .quote, .backslash, .slash: text.append(escaped)
                case UInt8(ascii: "b"): text.append(0x08)
                case UInt8(ascii: "f"): text.append(0x0C)
                case UInt8(ascii: "n"): text.append(0x0A)
                case UInt8(ascii: "r"): text.append(0x0D)
                case UInt8(ascii: "t"): text.append(0x09)
                case UInt8(ascii: "u"):
                    guard let unit = readHex4() else { return .failure(.invalidEscape) }
                    guard let scalar = readUnicodeEscape(unit) ?? (replacingLoneSurrogates ? "\u{FFFD}" : nil) else {
                        return .failure(.loneSurrogate)
                    }
                    text.append(contentsOf: UTF8.encode(scalar)!)
                default:
                    offset -= 1
                    return .failure(.invalidEscape)
                }
            case 0..<0x20:
                offset -= 1
                return .failure(.controlCharacter)
            default:
                text.append(byte)
            }
        }
        return .failure(.unterminated)
    }

    /// The scalar of a `\uXXXX` escape whose four digits gave `unit` (the scanner just past
    /// them), joining a surrogate pair; nil for an unpaired surrogate, which JSONDecoder
    /// refuses (the scanner is then just past the lone half).
    @usableFromInline mutating func readUnicodeEscape(_ unit: UInt32) -> Unicode.Scalar? {
        guard (0xD800..<0xE000).contains(unit) else { return Unicode.Scalar(unit) }
        guard unit < 0xDC00, offset + 1 < bytes.count, bytes[offset] == .backslash, bytes[offset + 1] == UInt8(ascii: "u") else {
            return nil
        }
        let save = offset
        offset += 2
        guard let low = readHex4(), (0xDC00..<0xE000).contains(low) else {
            offset = save
            return nil
        }
        return Unicode.Scalar(0x10000 + ((unit - 0xD800) << 10) + (low - 0xDC00))
    }

    /// Four hex digits.
    @usableFromInline mutating func readHex4() -> UInt32? {
        guard offset + 4 <= bytes.count else { return nil }
        var value: UInt32 = 0
        for _ in 0..<4 {
            guard let nibble = Self.hexValue(bytes[offset]) else { return nil }
            value = value << 4 | UInt32(nibble)
            offset += 1
        }
        return value
    }

    /// The value of a hex digit.
    @inlinable static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): byte - UInt8(ascii: "A") + 10
        default: nil
        }
    }

    /// An integer written without fraction or exponent, within 18 digits (JSONDecoder also
    /// takes `3.0` or `1e2` for an Int: such lines go the slow way).
    @inlinable public mutating func readInt() -> Int? {
        skipWhitespace()
        guard let number = scanNumber(), number.isInteger, number.digitCount <= 18 else { return nil }
        let magnitude = Int(number.significand)
        return number.isNegative ? -magnitude : magnitude
    }

    /// A number as a `Double`, the value JSONDecoder gives (the correctly rounded one); nil
    /// for numbers it refuses (beyond `Double`'s range, or so small they round to zero) and,
    /// to be safe, for subnormal ones and for zeros with an exponent (JSONDecoder refuses
    /// `0e7` but takes `0e400`).
    @inlinable public mutating func readDouble() -> Double? {
        skipWhitespace()
        guard let number = scanNumber() else { return nil }
        return value(of: number)
    }

    /// What `readDouble(below:)` found.
    public enum BoundedDouble: Equatable {
        /// The number's value, as `readDouble` gives it.
        case value(Double)
        /// A number certainly less than the bound, left unconverted.
        case below
    }

    /// A number as `readDouble` reads it, unless it is certainly less than `bound` (a positive
    /// number): a plain decimal of at most 19 significant digits whose value, taken to within
    /// a billionth, is below it. Converting such a number exactly is the slow path when it has
    /// 17 digits or more (ROUGE scores often do), and a maximum never needs it. nil where
    /// `readDouble` gives nil.
    @inlinable public mutating func readDouble(below bound: Double) -> BoundedDouble? {
        skipWhitespace()
        guard let number = scanNumber() else { return nil }
        if bound > 0, !number.isNegative, !number.hasExponent, number.digitCount <= 19, number.exponent >= -22, number.exponent <= 0 {
            // Multiplied rather than divided: both sides are within a few ulps, far inside the
            // margin.
            if Double(number.significand) < bound * (1 - 1e-9) * ScannedNumber.powersOfTen[-number.exponent] { return .below }
        }
        return value(of: number).map { .value($0) }
    }

    /// `number`'s value as `readDouble` gives it.
    @inlinable func value(of number: ScannedNumber) -> Double? {
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

    /// A number's text as written (`-0.50`, `1e2`), in strict JSON syntax.
    @inlinable public mutating func readNumberText() -> String? {
        skipWhitespace()
        return scanNumber().map { String(decoding: slice($0.text), as: UTF8.self) }
    }

    // MARK: Skipping

    /// Skips the value that comes next, checking its structure as JSONDecoder does (and
    /// stricter: no trailing commas, leading zeros or bare `1.`).
    @inlinable public mutating func skipValue() -> Bool {
        skipValue(depth: 1)
    }

    /// Skips a value nested `depth` deep in skipped values.
    @inlinable mutating func skipValue(depth: Int) -> Bool {
        skipWhitespace()
        guard offset < bytes.count else { return false }
        switch bytes[offset] {
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

    /// Skips the string at the scanner to just past its closing quote and returns its raw
    /// contents as a key. Escapes are not decoded, but a `\u` needs four hex digits:
    /// JSONDecoder checks that much of strings it skips. A short string's quote is found a
    /// word at a time; memchr finds the quotes and backslashes of longer ones, and of any
    /// with an escape in its first words.
    @inlinable mutating func skipString() -> Key? {
        guard offset < bytes.count, bytes[offset] == .quote else { return nil }
        let start = offset + 1
        var index = start
        for _ in 0..<4 {
            guard let word = word(at: index) else { break }
            let stops = EightBytes.equal(to: .quote, in: word) | EightBytes.equal(to: .backslash, in: word)
            if stops == 0 {
                index += 8
                continue
            }
            let stop = index + stops.trailingZeroBitCount / 8
            guard bytes[stop] == .quote else {
                index = stop
                break
            }
            offset = stop + 1
            return Key(bytes: UnsafeRawBufferPointer(rebasing: bytes[start..<stop]))
        }
        guard var quote = find(.quote, in: index..<bytes.count) else { return nil }
        while let backslash = find(.backslash, in: index..<quote) {
            guard let end = escapeEnd(at: backslash) else { return nil }
            index = end
            if index > quote {
                guard let next = find(.quote, in: index..<bytes.count) else { return nil }
                quote = next
            }
        }
        offset = quote + 1
        return Key(bytes: UnsafeRawBufferPointer(rebasing: bytes[start..<quote]))
    }

    /// The index just past the escape that starts at `backslash`.
    @inlinable func escapeEnd(at backslash: Int) -> Int? {
        guard backslash + 1 < bytes.count else { return nil }
        guard bytes[backslash + 1] == UInt8(ascii: "u") else { return backslash + 2 }
        let digits = (backslash + 2)..<(backslash + 6)
        guard digits.upperBound <= bytes.count, digits.allSatisfy({ Self.hexValue(bytes[$0]) != nil }) else { return nil }
        return digits.upperBound
    }

    /// The first index of `byte` in `range`.
    @inlinable func find(_ byte: UInt8, in range: Range<Int>) -> Int? {
        guard !range.isEmpty, let found = memchr(bytes.baseAddress! + range.lowerBound, Int32(byte), range.count) else { return nil }
        return bytes.baseAddress!.distance(to: UnsafeRawPointer(found))
    }

    // MARK: Numbers

    /// A number in strict JSON syntax, with its digits gathered for conversion.
    @usableFromInline struct ScannedNumber {
        @usableFromInline var text: Range<Int>

        @inlinable init(text: Range<Int>) { self.text = text }
        @usableFromInline var isNegative = false
        @usableFromInline var isInteger = true
        @usableFromInline var hasExponent = false
        /// The significant digits as an integer, while they fit (`digitCount` ≤ 19).
        @usableFromInline var significand: UInt64 = 0
        /// Digits from the first non-zero one on.
        @usableFromInline var digitCount = 0
        @inlinable var hasNonZeroDigit: Bool { digitCount > 0 }
        /// The power of ten to scale `significand` by (right while no digit was dropped).
        @usableFromInline var exponent = 0

        @inlinable mutating func append(_ digit: UInt8) {
            guard digitCount > 0 || digit != 0 else { return }
            digitCount += 1
            if digitCount <= 19 { significand = significand * 10 + UInt64(digit) }
        }

        /// The value when one correctly rounded multiplication or division gives it: the
        /// significand and the power of ten are both exact doubles (Clinger's fast path).
        @inlinable var exactValue: Double? {
            guard digitCount <= 19, significand <= 1 << 53, (-22...22).contains(exponent) else { return nil }
            let magnitude = Double(significand)
            let scaled = exponent < 0 ? magnitude / ScannedNumber.powersOfTen[-exponent] : magnitude * ScannedNumber.powersOfTen[exponent]
            return isNegative ? -scaled : scaled
        }

        @usableFromInline static let powersOfTen: [Double] = (0...22).map { pow10($0) }
        @inlinable static func pow10(_ n: Int) -> Double { n == 0 ? 1 : 10 * pow10(n - 1) }
    }

    /// `-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?` at the scanner.
    @inlinable @inline(__always) mutating func scanNumber() -> ScannedNumber? {
        let start = offset
        var number = ScannedNumber(text: start..<start)
        if offset < bytes.count && bytes[offset] == UInt8(ascii: "-") {
            number.isNegative = true
            offset += 1
        }
        guard let first = digit() else { return nil }
        if first == 0 {
            guard digit() == nil else { return nil }
        } else {
            number.append(first)
            scanDigits(into: &number, inFraction: false)
        }
        if offset < bytes.count && bytes[offset] == UInt8(ascii: ".") {
            offset += 1
            number.isInteger = false
            let fractionStart = offset
            scanDigits(into: &number, inFraction: true)
            guard offset > fractionStart else { return nil }
        }
        if offset < bytes.count && bytes[offset] | 0x20 == UInt8(ascii: "e") {
            offset += 1
            number.isInteger = false
            number.hasExponent = true
            var sign = 1
            if offset < bytes.count && (bytes[offset] == UInt8(ascii: "+") || bytes[offset] == UInt8(ascii: "-")) {
                sign = bytes[offset] == UInt8(ascii: "-") ? -1 : 1
                offset += 1
            }
            guard var power = digit().map(Int.init) else { return nil }
            while let next = digit() { power = min(power * 10 + Int(next), 100_000) }
            number.exponent += sign * power
        }
        number.text = start..<offset
        return number
    }

    /// The decimal digit at the scanner, consumed.
    @inlinable @inline(__always) mutating func digit() -> UInt8? {
        guard offset < bytes.count else { return nil }
        let value = bytes[offset] &- UInt8(ascii: "0")
        guard value < 10 else { return nil }
        offset += 1
        return value
    }

    // MARK: Tokens

    /// Skips JSON whitespace: space, tab, CR, LF.
    @inlinable @inline(__always) public mutating func skipWhitespace() {
        while offset < bytes.count {
            switch bytes[offset] {
            case 0x20, 0x09, 0x0A, 0x0D: offset += 1
            default: return
            }
        }
    }

    /// Consumes `byte` after whitespace if it comes next.
    @inlinable @inline(__always) public mutating func consume(_ byte: UInt8) -> Bool {
        skipWhitespace()
        guard offset < bytes.count, bytes[offset] == byte else { return false }
        offset += 1
        return true
    }

    /// The bytes in `range` as UTF-8 code units.
    @inlinable func slice(_ range: Range<Int>) -> UnsafeBufferPointer<UInt8> {
        UnsafeRawBufferPointer(rebasing: bytes[range]).assumingMemoryBound(to: UInt8.self)
    }

    /// Consumes `word` if it comes next (no whitespace is skipped).
    @inlinable public mutating func consumeWord(_ word: StaticString) -> Bool {
        let count = word.utf8CodeUnitCount
        guard bytes.count - offset >= count,
              word ~= Key(bytes: UnsafeRawBufferPointer(rebasing: bytes[offset..<(offset + count)])) else { return false }
        offset += count
        return true
    }
}

/// The members of a JSON object that a reader of it knows, each a bit in a `UInt64`
/// (`rawValue` below 64) so `JSONScanner.readObject` can tell a repeated one.
public protocol ObjectMember: RawRepresentable<Int> {
    /// The member `key` names, or nil for one to skip.
    init?(_ key: JSONScanner.Key)
}

extension UInt8 {
    @inlinable static var quote: UInt8 { 0x22 }
    @inlinable static var backslash: UInt8 { 0x5C }
    @inlinable static var slash: UInt8 { 0x2F }
    @inlinable static var openBrace: UInt8 { 0x7B }
    @inlinable static var closeBrace: UInt8 { 0x7D }
    @inlinable static var openBracket: UInt8 { 0x5B }
    @inlinable static var closeBracket: UInt8 { 0x5D }
    @inlinable static var comma: UInt8 { 0x2C }
    @inlinable static var colon: UInt8 { 0x3A }
}
