import Foundation
import TestSupport
import Testing
@testable import Pool

@Suite struct BulkyMembersTests {
    /// Loads `lines` as a pool and returns the resident entries, which the loader builds
    /// with the scanner (and their instances' summaries, read the same way), next to entries
    /// built from fully decoded records.
    private func entriesBothWays(_ lines: [String]) throws -> (fast: [PoolEntry], full: [PoolEntry]) {
        return try withTemporaryFolder { folder in
            try folder.write("pool.jsonl", lines.joined(separator: "\n") + "\n")
            let pool = try PoolFile(at: folder.pool, access: .readOnly)
            #expect(pool.problems.isEmpty, "\(pool.problems)")
            try pool.summarizeInstances()
            let full = try pool.entries.map { PoolEntry(record: try pool.record($0.id), line: $0.line, location: $0.location) }
            return (pool.entries, full)
        }
    }

    @Test func highestValueReadsEveryJSONNumberForm() {
        func highest(_ object: String) -> Double?? {
            let line = Array(#"{"most_similar":"#.utf8) + Array(object.utf8) + Array("}".utf8)
            return line.withUnsafeBytes { bytes in BulkyMembers(scanning: bytes).map(\.nearestSimilarity) }
        }
        #expect(highest(#"{"a": 0.45, "b":1e-5,"c" : 0.7 ,"d":-2}"#) == .some(0.7))
        #expect(highest(#"{"a":1E2,"b":3}"#) == .some(100))
        #expect(highest("{}") == .some(nil))
        #expect(highest(#"{"a":"0.9"}"#) == nil)
        #expect(highest(#"{"a":[0.9]}"#) == nil)
        // Scores after the first are compared, not converted, unless they may be the highest:
        // 17-digit scores in any order give the correctly rounded maximum, bit for bit.
        let scores = ["0.30000000000000004", "0.9523809523809523", "0.95238095238095238", "0.9523809523809524", "0.6499999999999999"]
        for order in [scores, scores.reversed(), [scores[2], scores[0], scores[3], scores[1], scores[4]]] {
            let object = "{" + order.enumerated().map { #""t\#($0.offset)":\#($0.element)"# }.joined(separator: ",") + "}"
            #expect(highest(object) == .some(Double("0.9523809523809524")!), "\(object)")
        }
        // A number the scanner refuses still sends the line to JSONDecoder, wherever it is.
        #expect(highest(#"{"a":0.9,"b":0e5}"#) == nil)
        #expect(highest(#"{"a":0.9,"b":1e-400}"#) == nil)
        #expect(highest(#"{"a":0.9,"b":-0.0,"c":0.95}"#) == .some(0.95))
        #expect(highest(#"{"a":0.9,"b":0.9000000000000000000001}"#) == .some(0.9000000000000000000001))
    }

    @Test func summariesMatchFullDecodingOnTrickyLines() throws {
        let lines = [
            // Escaped quotes and a trailing backslash inside strings, and a fake key in a value.
            #"{"id":"a","instruction":"Say \"hi\" \\","most_similar":{"x \"y\" ,\"provenance\":":0.5,"z\\":0.25},"provenance":{"instruction_generation":{"raw_completion":"}\"{,\"status\":\"seed\""}},"status":"accepted"}"#,
            // Provenance as the first member, spaces around colons and commas.
            #"{ "provenance" : { "imported_from" : { "file" : "f", "position" : 1, "format" : "x" } } , "id" : "b", "instruction" : "B", "status" : "seed", "most_similar" : { } }"#,
            // No bulky members at all.
            #"{"id":"c","instruction":"C","status":"pending","instances":[{"input":"","output":"o"}]}"#,
            // A member named provenance nested deeper stays.
            #"{"id":"d","instruction":"D","status":"rejected","why":{"kind":"human","note":"provenance"},"most_similar":{"q":0.9}}"#,
        ]
        let (fast, full) = try entriesBothWays(lines)
        #expect(fast == full)
        #expect(fast.map(\.nearestSimilarity) == [0.5, nil, nil, 0.9])
        #expect(fast[0].instruction == #"Say "hi" \"#)
    }

    @Test func bulkyValuesAreFoundAndBlankedWhereverTheyAre() {
        let line = Array(#"{"most_similar" : {"x":0.5},"a":1,"provenance":{"b":[1,{"c":"}"}]},"d":2}"#.utf8)
        line.withUnsafeBytes { bytes in
            let bulky = BulkyMembers(scanning: bytes)
            #expect(bulky?.valueRanges.map { String(decoding: line[$0], as: UTF8.self) } == [#"{"x":0.5}"#, #"{"b":[1,{"c":"}"}]}"#])
            #expect(bulky.map { String(decoding: $0.blankingValues(of: bytes), as: UTF8.self) } == #"{"most_similar" : null,"a":1,"provenance":null,"d":2}"#)
        }
        // A repeated member or a top level that does not scan leaves the line to be decoded whole.
        for text in [#"{"provenance":{},"provenance":{}}"#, #"{"provenance":{"a":1,}}"#, #"{"a":1}x"#] {
            Array(text.utf8).withUnsafeBytes { #expect(BulkyMembers(scanning: $0) == nil, "\(text)") }
        }
    }
}
