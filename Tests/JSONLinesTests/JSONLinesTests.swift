import Testing
@testable import JSONLines

@Suite struct JSONParserTests {
    @Test func keepsKeyOrderAndNumberTextOnARoundTrip() throws {
        let line = #"{"b": 1, "a": [true, null, "x\ny"], "c": 0.7000000000000001, "d": {"é": -2e-05}}"#
        #expect(try JSONParser.parse(line).jsonText == line)
    }

    @Test func decodesEscapesAndSurrogatePairs() throws {
        let value = try JSONParser.parse(#""\u00e9\ud83d\ude00\t\"\\/""#)
        #expect(value.stringValue == "é😀\t\"\\/")
    }

    @Test func invalidUTF8IsAnErrorUnlessReplacedOrEscapedByteByByte() throws {
        // C3 28: a lead byte without its continuation; FF: never valid; then a valid "é".
        let line = Array(#"{"caf"#.utf8) + [0xC3, 0x28] + Array(#"": "x"#.utf8) + [0xFF] + Array(#"é"}"#.utf8)
        let error = try #require(throws: JSONParser.Failure.self) { try JSONParser.parse(bytes: line) }
        #expect(error.message == "invalid UTF-8 in a string")
        #expect(try JSONParser.parse(bytes: line, invalidUTF8: .replace) == .object(["caf\u{FFFD}(": .string("x\u{FFFD}é")]))
        #expect(try JSONParser.parse(bytes: line, invalidUTF8: .escape) == .object([#"caf\xC3("#: .string(#"x\xFFé"#)]))
    }

    @Test func reportsTheColumnOfTheProblem() {
        #expect(throws: JSONParser.Failure.self) { try JSONParser.parse(#"{"a": }"#) }
        do {
            _ = try JSONParser.parse(#"{"a": 1,, "b": 2}"#)
        } catch {
            #expect(error.column == 9)
        }
    }

    @Test func rejectsInvalidUTF8InsideStrings() {
        let bytes: [UInt8] = Array(#"{"a": ""#.utf8) + [0xFF, 0xFE] + Array(#""}"#.utf8)
        #expect(throws: JSONParser.Failure.self) { try JSONParser.parse(bytes: bytes) }
    }

    @Test func rejectsTrailingTextAndControlCharacters() {
        #expect(throws: JSONParser.Failure.self) { try JSONParser.parse(#"{"a": 1} x"#) }
        #expect(throws: JSONParser.Failure.self) { try JSONParser.parse("\"a\u{01}b\"") }
    }

    @Test func setReplacesInPlaceOrAppends() throws {
        var value = try JSONParser.parse(#"{"a": 1, "b": 2}"#)
        value.set("a", .number(3))
        value.set("c", .string("new"))
        #expect(value.jsonText == #"{"a": 3, "b": 2, "c": "new"}"#)
    }

    @Test func writesDoublesTheShortestWayThatReadsBack() {
        #expect(JSONValue.number(0.1 + 0.2).jsonText == "0.30000000000000004")
        #expect(JSONValue.number(1.0).jsonText == "1.0")
        #expect(JSONValue.number(0.7).jsonText == "0.7")
    }
}

@Suite struct JSONRecordsTests {
    @Test func readsJSONLinesWithBOMAndCRLFAndReportsBadLinesWithTheirNumbers() {
        let text = "\u{FEFF}{\"instruction\": \"one\"}\r\n\n{broken\r\n{\"instruction\": \"two\"}\n"
        let (records, problems) = JSONRecords.parse(Array(text.utf8), name: "in.jsonl")
        #expect(records.map(\.location) == ["in.jsonl:1", "in.jsonl:4"])
        #expect(records.compactMap { $0.value["instruction"]?.stringValue } == ["one", "two"])
        #expect(problems.count == 1)
        #expect(problems.first?.location == "in.jsonl:3")
    }

    @Test func readsAJSONArrayOfRecordsWithIndexLocations() {
        let text = "[{\"instruction\": \"a\"},\n {\"instruction\": \"b\"}]"
        let (records, problems) = JSONRecords.parse(Array(text.utf8), name: "alpaca.json")
        #expect(problems.isEmpty)
        #expect(records.map(\.location) == ["alpaca.json[0]", "alpaca.json[1]"])
    }

    @Test func locatesAnErrorInsideAJSONArrayByLine() {
        let text = "[{\"instruction\": \"a\"},\n {\"instruction\" \"b\"}]"
        let (records, problems) = JSONRecords.parse(Array(text.utf8), name: "alpaca.json")
        #expect(records.isEmpty)
        #expect(problems.first?.location == "alpaca.json:2")
    }
}
