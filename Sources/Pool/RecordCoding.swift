import Foundation

/// The JSON settings every pool line is written and read with: sorted keys so a record
/// always serialises to the same bytes, unescaped slashes for readability, and ISO 8601
/// timestamps with fractional seconds so ordering survives a round trip.
enum RecordCoding {
    static func makeEncoder() -> JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .custom { date, encoder in
            var container = encoder.singleValueContainer()
            try container.encode(date.formatted(timestampStyle))
        }
        return encoder
    }

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
            return "not valid UTF-8 (byte \(firstInvalidUTF8Offset(bytes) ?? 0) of the line); fix the encoding or delete the line"
        }
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
