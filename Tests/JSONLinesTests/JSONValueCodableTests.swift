import Foundation
import Testing
import JSONLines

@Suite struct JSONValueCodableTests {
    private func decode(_ text: String) throws -> JSONValue {
        try JSONDecoder().decode(JSONValue.self, from: Data(text.utf8))
    }

    private func encode(_ value: JSONValue) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(value), as: UTF8.self)
    }

    @Test func keepsIntegersAsIntegersAndDoublesAsTheirShortestText() throws {
        let value = try decode(#"{"max_tokens": 1024, "temperature": 0.7, "big": 1e300, "negative": -3}"#)
        #expect(value["max_tokens"] == .number("1024"))
        #expect(value["temperature"] == .number("0.7"))
        #expect(value["negative"] == .number("-3"))
        #expect(value["big"]?.doubleValue == 1e300)
        #expect(try encode(value) == #"{"big":1e+300,"max_tokens":1024,"negative":-3,"temperature":0.7}"#)
    }

    @Test func writesIntegerTextAsAnIntegerNeverWithAFraction() throws {
        #expect(try encode(.array([.number(1024), .number(0.7), .number("3"), .number(2.0)])) == "[1024,0.7,3,2]")
    }

    @Test func roundTripsEveryKindOfValueThroughFoundation() throws {
        let text = #"{"a":[true,false,null,"x\ny",{"b":[]}],"c":{},"d":"é/"}"#
        #expect(try encode(try decode(text)) == text)
    }

    /// A keyed container's `allKeys` has no defined order, so decoding sorts the keys.
    @Test func decodesObjectKeysSortedWhateverTheSourceOrder() throws {
        let value = try decode(#"{"zeta": 1, "alpha": 2, "mid": 3}"#)
        guard case .object(let members) = value else {
            Issue.record("expected an object, got \(value)")
            return
        }
        #expect(members.map(\.key) == ["alpha", "mid", "zeta"])
    }

    @Test func refusesToEncodeTextThatIsNotANumber() {
        #expect(throws: EncodingError.self) { try encode(.number("twelve")) }
    }

    @Test func buildsObjectsFromLiteralsInOrderAndFromDictionariesSorted() {
        let literal = JSONValue.object(["b": .number(1), "a": .null])
        #expect(literal.jsonText == #"{"b": 1, "a": null}"#)
        #expect(JSONValue(sortingKeysOf: ["b": .number(1), "a": .null]).jsonText == #"{"a": null, "b": 1}"#)
        #expect(literal.objectValue == ["a": .null, "b": .number(1)])
        #expect(JSONValue.string("x").objectValue == nil)
    }
}
