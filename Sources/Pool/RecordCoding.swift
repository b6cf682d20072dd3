import Foundation
import JSONLines

/// The JSON settings every pool line is written and read with: sorted keys (but
/// `most_similar` highest score first, see `encodeLine`) so a record always serialises to
/// the same bytes, unescaped slashes for readability, and ISO 8601
/// timestamps with fractional seconds so ordering survives a round trip.
enum RecordCoding {
    static func makeEncoder() -> JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        encoder.userInfo[similarPlaceholderKey] = similarPlaceholder
        encoder.dateEncodingStrategy = .custom { date, encoder in
            var container = encoder.singleValueContainer()
            try container.encode(date.formatted(timestampStyle))
        }
        return encoder
    }

    /// One pool line for `record`: keys sorted, except that `most_similar` keeps its order,
    /// highest score first, as upstream writes it (a JSON object's member order is what jq
    /// and upstream scripts show). The encoder writes a placeholder string there, which is
    /// then replaced with the ordered object.
    static func encodeLine(_ record: PoolRecord, with encoder: JSONEncoder) throws -> Data {
        var line = try encoder.encode(record)
        guard !record.mostSimilar.isEmpty,
              let placeholder = line.firstRange(of: similarPlaceholderJSON) else { return line }
        var ordered = "{"
        for (index, item) in record.mostSimilar.enumerated() {
            if index > 0 { ordered += "," }
            JSONValue.writeString(item.text, to: &ordered)
            ordered += ":"
            JSONValue.number(item.score).write(to: &ordered)
        }
        ordered += "}"
        line.replaceSubrange(placeholder, with: Data(ordered.utf8))
        return line
    }

    /// What `SimilarInstructions` encodes in place of the object when the encoder's user info
    /// carries `similarPlaceholderKey`: a string no text can collide with (a fresh UUID).
    static let similarPlaceholder = "\u{1}most_similar \(UUID().uuidString)"
    static let similarPlaceholderKey = CodingUserInfoKey(rawValue: "selfinstruct.mostSimilarPlaceholder")!
    private static let similarPlaceholderJSON: Data = {
        var text = ""
        JSONValue.writeString(similarPlaceholder, to: &text)
        return Data(text.utf8)
    }()

    static func makeDecoder() -> JSONDecoder {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .custom { decoder in
            let container = try decoder.singleValueContainer()
            let text = try container.decode(String.self)
            if let date = try? timestampStyle.parse(text) { return date }
            if let date = try? Date.ISO8601FormatStyle().parse(text) { return date }
            throw DecodingError.dataCorruptedError(in: container, debugDescription: "'\(text)' is not an ISO 8601 timestamp")
        }
        return decoder
    }

    private static let timestampStyle = Date.ISO8601FormatStyle(includingFractionalSeconds: true)

    /// A decoding error in words: which key, what was expected, or why the JSON is invalid.
    static func describe(_ error: any Error, line bytes: some Collection<UInt8>) -> String {
        if String(validating: bytes, as: UTF8.self) == nil {
            return "not valid UTF-8 (byte \(firstInvalidUTF8Offset(bytes) ?? 0) of the line)"
        }
        if let error = error as? NewerFormatError { return error.description }
        guard let error = error as? DecodingError else { return "\(error)" }
        func path(_ context: DecodingError.Context) -> String {
            context.codingPath.map { $0.intValue.map { "[\($0)]" } ?? $0.stringValue }.joined(separator: ".")
        }
        switch error {
        case .keyNotFound(let key, let context):
            let parent = path(context)
            return "missing key '\(parent.isEmpty ? key.stringValue : parent + "." + key.stringValue)'"
        case .typeMismatch(let type, let context):
            return "'\(path(context))' has the wrong type (expected \(type))"
        case .valueNotFound(let type, let context):
            return "'\(path(context))' is null (expected \(type))"
        case .dataCorrupted(let context):
            let underlying = (context.underlyingError as? NSError)?.userInfo[NSDebugDescriptionErrorKey] as? String
            let place = path(context)
            if place.isEmpty { return "not valid JSON (\(underlying ?? context.debugDescription))" }
            return "'\(place)': \(context.debugDescription)"
        @unknown default:
            return "\(error)"
        }
    }

    private static func firstInvalidUTF8Offset(_ bytes: some Collection<UInt8>) -> Int? {
        var offset = 0
        var iterator = bytes.makeIterator()
        var decoder = UTF8()
        var consumed = 0
        while true {
            switch decoder.decode(&iterator) {
            case .scalarValue(let scalar):
                consumed += UTF8.width(scalar)
                offset = consumed
            case .emptyInput:
                return nil
            case .error:
                return offset
            }
        }
    }
}
