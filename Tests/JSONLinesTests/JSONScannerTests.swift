import Foundation
import Testing
@testable import JSONLines

/// The scanner reads digits, keys and strings eight bytes at a time where it can: whatever
/// falls where in a word, and however close to the end of the text, it reads what a byte at
/// a time would.
@Suite struct JSONScannerTests {
    /// Runs `body` with a scanner over `text`, alone and followed by more JSON.
    private func scanning<T: Equatable>(_ text: String, _ body: (inout JSONScanner) -> T?) -> (alone: T?, followed: T?) {
        func scan(_ text: String) -> T? {
            Array(text.utf8).withUnsafeBytes { bytes in
                var scanner = JSONScanner(bytes)
                return body(&scanner)
            }
        }
        return (scan(text), scan(text + #","next":[1]"#))
    }

    @Test func digitRunsOfEveryLengthReadAsSwiftParsesThem() {
        var numbers: [String] = []
        for length in 1...30 {
            let digits = String((0..<length).map { Character(String(($0 * 7 + 3) % 10)) })
            numbers += ["1" + digits, "0." + digits, "-0." + digits, "9." + digits + "e-3"]
            // Runs of zeros before the first significant digit, in words of their own or not.
            numbers += ["0." + String(repeating: "0", count: length) + "125", String(repeating: "0", count: length) + "125"]
        }
        for number in numbers {
            let expected = number.first == "0" && number.count > 1 && number.dropFirst().first != "." ? nil : Double(number)
            let read = scanning(number) { $0.readDouble() }
            #expect(read.alone == expected && read.followed == expected, "\(number)")
        }
        for length in 1...20 {
            let number = String((0..<length).map { Character(String(($0 + 1) % 10)) })
            let read = scanning(number) { $0.readInt() }
            let expected = length <= 18 ? Int(number) : nil
            #expect(read.alone == expected && read.followed == expected, "\(number)")
        }
    }

    @Test func aStringEndsAtItsQuoteAndFailsAtAControlCharacterWhereverTheyFall() {
        for length in 0...40 {
            let plain = String(repeating: "a", count: length)
            #expect(scanning("\"\(plain)\"") { $0.readString() } == (plain, plain))
            let accented = String(repeating: "é", count: length / 2) + "z"
            #expect(scanning("\"\(accented)\"") { $0.readString() } == (accented, accented))
            let escaped = #""\#(plain)\n\#(plain)""#
            #expect(scanning(escaped) { $0.readString() } == (plain + "\n" + plain, plain + "\n" + plain))
            let control = "\"\(plain)\u{01}\(plain)\""
            #expect(scanning(control) { $0.readString() } == (nil, nil))
            #expect(scanning("\"\(plain)") { $0.readString() }.alone == nil, "unterminated")
        }
    }

    @Test func aKeyMustBePlainPrintableASCIIWhereverItsOtherBytesFall() {
        func key(_ text: String) -> (alone: String?, followed: String?) {
            scanning(text) { scanner in scanner.readPlainKey().map { String(decoding: $0.bytes, as: UTF8.self) } }
        }
        for length in 0...40 {
            let plain = String(repeating: "k", count: length)
            #expect(key("\"\(plain)\"") == (plain, plain))
            for intruder in ["\\n", "é", "\u{1F}"] {
                #expect(key("\"\(plain)\(intruder)\(plain)\"") == (nil, nil), "\(length) \(intruder)")
            }
        }
    }
}
