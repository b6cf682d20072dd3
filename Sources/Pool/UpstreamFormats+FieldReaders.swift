import Foundation
import JSONLines

/// Reading the fields of the upstream shapes, with errors that say what was found.
extension UpstreamFormats.Builder {
    /// `metadata.response.choices[0]` of an upstream API result, if there is one.
    static func firstChoice(of metadata: JSONValue?) -> [String: JSONValue]? {
        guard case .array(let choices)? = metadata?.objectValue?["response"]?.objectValue?["choices"] else { return nil }
        return choices.first?.objectValue
    }

    static func string(_ value: JSONValue, _ key: String) throws -> String {
        guard let text = value.stringValue else { throw UpstreamFormats.ShapeError("'\(key)' should be a string, found \(kindName(value))") }
        return text
    }

    static func number(_ value: JSONValue, _ key: String) throws -> Double {
        guard let number = value.doubleValue else { throw UpstreamFormats.ShapeError("'\(key)' should be a number, found \(kindName(value))") }
        return number
    }

    /// Upstream stage 2 stores the raw completion (" Yes"); seeds store a Bool. A string
    /// is read as upstream's later stages read it: `value.strip() in ["Yes", "yes", "YES"]`,
    /// so `" Yes."` and `"yEs"` are not classification.
    static func classification(_ value: JSONValue?) throws -> Bool? {
        switch value {
        case nil, .null?: return nil
        case .bool(let flag)?: return flag
        case .string(let text)?: return ["Yes", "yes", "YES"].contains(pythonStrip(text))
        case let other?: throw UpstreamFormats.ShapeError("'is_classification' should be true/false or \"Yes\"/\"No\", found \(kindName(other))")
        }
    }

    static func instances(_ value: JSONValue?) throws -> [Instance] {
        guard case .array(let items)? = value else { throw UpstreamFormats.ShapeError("'instances' should be an array of {input, output}") }
        return try items.enumerated().map { index, item in
            guard let object = item.objectValue else { throw UpstreamFormats.ShapeError("instances[\(index)] should be an object {input, output}") }
            return Instance(
                input: try object["input"].map { try string($0, "instances[\(index)].input") } ?? "",
                output: try string(object["output"] ?? .null, "instances[\(index)].output"))
        }
    }

    static func similar(_ value: JSONValue?) throws -> [SimilarInstruction] {
        guard let value, value != .null else { return [] }
        guard case .object(let members) = value else { throw UpstreamFormats.ShapeError("'most_similar' should be an object {instruction: score}") }
        return try members.map { SimilarInstruction(text: $0.key, score: try number($0.value, "most_similar")) }
            .sorted { $0.score != $1.score ? $0.score > $1.score : $0.text < $1.text }
    }

    /// Python's `str.strip()`: the whitespace of `str.isspace()`, which unlike Unicode's
    /// White_Space includes U+001C…U+001F (the set Engine's `Python.isWhitespace` uses).
    static func pythonStrip(_ text: String) -> String {
        func isSpace(_ scalar: Unicode.Scalar) -> Bool {
            switch scalar.value {
            case 0x09...0x0D, 0x1C...0x20, 0x85, 0xA0, 0x1680, 0x2000...0x200A, 0x2028, 0x2029, 0x202F, 0x205F, 0x3000: true
            default: false
            }
        }
        let scalars = text.unicodeScalars
        guard let first = scalars.firstIndex(where: { !isSpace($0) }), let last = scalars.lastIndex(where: { !isSpace($0) }) else { return "" }
        return String(scalars[first...last])
    }

    /// What kind of value `value` is, in words ("a string"; "a JSON string" with `json`).
    static func kindName(_ value: JSONValue, json: Bool = false) -> String {
        let kind = switch value {
        case .null: "null"
        case .bool: "boolean"
        case .number: "number"
        case .string: "string"
        case .array: "array"
        case .object: "object"
        }
        if case .null = value { return json ? "JSON null" : kind }
        if json { return "a JSON " + kind }
        return (kind == "array" || kind == "object" ? "an " : "a ") + kind
    }

    /// `prefix-` and 12 hex digits of FNV-1a 64 of the instruction: stable across runs
    /// and machines, unlike Swift's seeded `hashValue`.
    static func stableID(_ prefix: String, _ instruction: String) -> String {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in instruction.utf8 {
            hash ^= UInt64(byte)
            hash &*= 0x0000_0100_0000_01B3
        }
        let hex = String(hash, radix: 16)
        let padded = String(repeating: "0", count: 16 - hex.count) + hex
        return "\(prefix)-\(padded.prefix(12))"
    }
}
