/// Eight bytes at a time: the scanner's hot loops (digits, keys, strings) test a whole word
/// of eight bytes with a few integer operations (SWAR, SIMD within a register) and fall back
/// to a byte at a time for the word where something happens and near the end of the text.
extension JSONScanner {
    /// The eight bytes from `index` as one word, byte `index` in the lowest bits; nil when
    /// fewer than eight are left.
    @inlinable func word(at index: Int) -> UInt64? {
        guard index + 8 <= bytes.count else { return nil }
        return UInt64(littleEndian: bytes.loadUnaligned(fromByteOffset: index, as: UInt64.self))
    }

    /// Consumes the digits at the scanner into `number` (in a fraction, each one a power of
    /// ten further right): eight at a time while they fit, then one at a time.
    @inlinable @inline(__always) mutating func scanDigits(into number: inout ScannedNumber, inFraction: Bool) {
        while number.digitCount <= 11, let word = word(at: offset), EightBytes.areDigits(word) {
            number.append(eightDigits: word)
            if inFraction { number.exponent -= 8 }
            offset += 8
        }
        while let next = digit() {
            number.append(next)
            if inFraction { number.exponent -= 1 }
        }
    }
}

extension JSONScanner.ScannedNumber {
    /// Appends the eight ASCII digits of `word` (see `EightBytes`); only while
    /// `significand` keeps them all (`digitCount` at most 11).
    @inlinable mutating func append(eightDigits word: UInt64) {
        significand = significand * 100_000_000 + EightBytes.digitsValue(word)
        // After none but zeros, count from the first digit that is not a zero.
        digitCount += digitCount > 0 ? 8 : 8 - EightBytes.leadingZeroDigits(word)
    }
}

/// Byte-wise tests on the eight bytes of a word, lowest byte first.
@usableFromInline enum EightBytes {
    /// The high bit of every byte.
    @inlinable static var highBits: UInt64 { 0x8080_8080_8080_8080 }

    /// `byte` in every byte of a word.
    @inlinable static func repeating(_ byte: UInt8) -> UInt64 { 0x0101_0101_0101_0101 &* UInt64(byte) }

    /// The high bit of each byte of `word` below `bound` (at most 0x80). Exact up to the
    /// lowest such byte; a byte above it may be flagged wrongly (the subtraction borrows), so
    /// only the lowest flag is to be read.
    @inlinable static func below(_ bound: UInt8, in word: UInt64) -> UInt64 {
        (word &- repeating(bound)) & ~word & highBits
    }

    /// The high bit of each byte of `word` equal to `byte`, with `below`'s caveat.
    @inlinable static func equal(to byte: UInt8, in word: UInt64) -> UInt64 {
        below(1, in: word ^ repeating(byte))
    }

    /// The high bit of each byte of `word` where a plain run of string text stops: a quote,
    /// a backslash or a control byte (with `below`'s caveat).
    @inlinable static func stringStops(in word: UInt64) -> UInt64 {
        equal(to: .quote, in: word) | equal(to: .backslash, in: word) | below(0x20, in: word)
    }

    /// True if all eight bytes are ASCII digits. (A carry out of a byte that is not a digit
    /// can spoil the test of the byte above, but that byte's own test already fails.)
    @inlinable static func areDigits(_ word: UInt64) -> Bool {
        ((word & 0xF0F0_F0F0_F0F0_F0F0) | (((word &+ repeating(0x06)) & 0xF0F0_F0F0_F0F0_F0F0) >> 4)) == repeating(0x33)
    }

    /// How many of eight ASCII digits are zeros before the first that is not.
    @inlinable static func leadingZeroDigits(_ word: UInt64) -> Int {
        (word ^ repeating(UInt8(ascii: "0"))).trailingZeroBitCount / 8
    }

    /// The number eight ASCII digits spell, the lowest byte the first digit: pairs, then
    /// fours, then all eight joined by three multiplications.
    @inlinable static func digitsValue(_ word: UInt64) -> UInt64 {
        let pairs = ((word & 0x0F0F_0F0F_0F0F_0F0F) &* (10 << 8 + 1)) >> 8
        let fours = ((pairs & 0x00FF_00FF_00FF_00FF) &* (100 << 16 + 1)) >> 16
        return ((fours & 0x0000_FFFF_0000_FFFF) &* (10_000 << 32 + 1)) >> 32
    }
}
