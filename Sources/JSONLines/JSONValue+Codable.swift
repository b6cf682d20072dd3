/// `Codable` for `JSONValue`, so records decoded with Foundation's `JSONDecoder` can hold
/// open-ended JSON (model parameters, upstream metadata, an edit's before and after).
///
/// Two things differ from `JSONParser`:
/// - Object keys come back sorted. A keyed container's `allKeys` has no defined order
///   (Foundation's `JSONDecoder` gives a dictionary's order, which changes from run to run),
///   so the source order cannot be recovered; sorting at least makes the value the same on
///   every run, and matches the order of text written with `.sortedKeys`, as pool lines are.
///   Use `JSONParser` when the source order matters.
/// - A number's source text is not available either: an integer that fits `Int64` keeps its
///   exact digits (`1024`), anything else becomes the double's shortest text (`0.7`).
///
/// Encoding writes a number from its text: integer text as an integer (so `1024` stays
/// `1024`, never `1024.0`), other text as the double it reads as.
extension JSONValue: Codable {
    public init(from decoder: any Decoder) throws {
        if let container = try? decoder.singleValueContainer() {
            if container.decodeNil() {
                self = .null
                return
            }
            if let flag = try? container.decode(Bool.self) {
                self = .bool(flag)
                return
            }
            if let integer = try? container.decode(Int64.self) {
                self = .number(String(integer))
                return
            }
            if let number = try? container.decode(Double.self) {
                self = .number(number)
                return
            }
            if let text = try? container.decode(String.self) {
                self = .string(text)
                return
            }
        }
        if var elements = try? decoder.unkeyedContainer() {
            var array: [JSONValue] = []
            array.reserveCapacity(elements.count ?? 0)
            while !elements.isAtEnd { array.append(try elements.decode(JSONValue.self)) }
            self = .array(array)
            return
        }
        let members = try decoder.container(keyedBy: JSONKey.self)
        self = .object(try members.allKeys.sorted { $0.stringValue < $1.stringValue }.map { key in
            (key: key.stringValue, value: try members.decode(JSONValue.self, forKey: key))
        })
    }

    public func encode(to encoder: any Encoder) throws {
        switch self {
        case .null:
            var container = encoder.singleValueContainer()
            try container.encodeNil()
        case .bool(let flag):
            var container = encoder.singleValueContainer()
            try container.encode(flag)
        case .number(let text):
            var container = encoder.singleValueContainer()
            if let integer = Int64(text) {
                try container.encode(integer)
            } else if let number = Double(text) {
                try container.encode(number)
            } else {
                throw EncodingError.invalidValue(text, EncodingError.Context(
                    codingPath: encoder.codingPath, debugDescription: "'\(text)' is not a number"))
            }
        case .string(let text):
            var container = encoder.singleValueContainer()
            try container.encode(text)
        case .array(let elements):
            var container = encoder.unkeyedContainer()
            for element in elements { try container.encode(element) }
        case .object(let members):
            var container = encoder.container(keyedBy: JSONKey.self)
            for member in members { try container.encode(member.value, forKey: JSONKey(member.key)) }
        }
    }
}

/// A coding key made from any string, for JSON objects whose keys are data rather than a
/// fixed schema (`most_similar`'s instruction texts, upstream metadata).
public struct JSONKey: CodingKey, Hashable, Sendable {
    public var stringValue: String
    public var intValue: Int? { nil }

    /// The key `string`.
    public init(_ string: String) { stringValue = string }
    public init?(stringValue: String) { self.stringValue = stringValue }
    public init?(intValue: Int) { nil }
}
