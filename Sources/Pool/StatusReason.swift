import Foundation

/// Why a record has its status: the filter that decided it and the value it saw (similarity
/// 0.82 to a neighbour, keyword "image", 2 words), or a person's decision.
///
/// `kind` is an open set of names so the engine can add filters without a schema change;
/// the common ones are static members of `Kind`.
public struct StatusReason: Sendable, Hashable, Codable, CustomStringConvertible {
    /// The name of the filter or actor behind a status, stored as a lower-case string
    /// (`non_ascii`, `control-characters`); `matches(_:)` treats `-` and `_` alike.
    public struct Kind: RawRepresentable, Sendable, Hashable, Codable, CustomStringConvertible {
        public var rawValue: String
        public init(rawValue: String) { self.rawValue = rawValue }
        public init(from decoder: any Decoder) throws {
            rawValue = try decoder.singleValueContainer().decode(String.self)
        }
        public func encode(to encoder: any Encoder) throws {
            var container = encoder.singleValueContainer()
            try container.encode(rawValue)
        }
        public var description: String { rawValue }

        /// Whether `name`, as a person types it in a filter, names this kind: exactly, or
        /// with `-` and `_` swapped (`non-ascii` finds `non_ascii`).
        public func matches(_ name: String) -> Bool {
            func spelled(_ text: String) -> String { text.replacingOccurrences(of: "_", with: "-") }
            return rawValue == name || spelled(rawValue) == spelled(name)
        }

        /// ROUGE-L F against the nearest pool instruction; value is F, `neighbour` its text.
        public static let similarity = Kind(rawValue: "similarity")
        /// A blacklisted keyword; value is the keyword.
        public static let keyword = Kind(rawValue: "keyword")
        /// Word count out of range; value is the count.
        public static let length = Kind(rawValue: "length")
        /// A forbidden opening such as "Write a program"; value is the prefix.
        public static let prefix = Kind(rawValue: "prefix")
        /// Starts with punctuation; value is the character.
        public static let punctuation = Kind(rawValue: "punctuation")
        /// Starts with a non-ASCII character; value is the character.
        public static let nonASCII = Kind(rawValue: "non_ascii")
        /// Holds a terminal control character (ESC, BEL, a C1 control); value is its code
        /// point, e.g. `U+001B`.
        public static let controlCharacters = Kind(rawValue: "control-characters")
        /// The completion was cut off by the length limit.
        public static let cutOff = Kind(rawValue: "cut_off")
        /// A person decided; `note` may say why.
        public static let human = Kind(rawValue: "human")
        /// Came in through `import`; value is the source format.
        public static let imported = Kind(rawValue: "imported")
        /// A generated item without exactly one instruction, input and output; value is its number.
        public static let malformed = Kind(rawValue: "malformed")
        /// The generated instruction was empty.
        public static let empty = Kind(rawValue: "empty")

        /// The kinds this version writes, for checking what a person asks to filter by.
        public static let known: [Kind] = [
            .similarity, .keyword, .length, .prefix, .punctuation, .nonASCII, .controlCharacters, .cutOff, .malformed, .empty, .human,
            .imported,
        ]
        /// Whether a reason of this kind comes from a filter (not from a person or an import).
        public var isFilter: Bool { self != .human && self != .imported }
    }

    /// The value a filter saw: a number (F, word count) or a text (keyword, prefix).
    public enum Value: Sendable, Hashable, Codable, CustomStringConvertible {
        case number(Double)
        case text(String)

        public init(from decoder: any Decoder) throws {
            let container = try decoder.singleValueContainer()
            if let number = try? container.decode(Double.self) {
                self = .number(number)
            } else {
                self = .text(try container.decode(String.self))
            }
        }

        public func encode(to encoder: any Encoder) throws {
            var container = encoder.singleValueContainer()
            switch self {
            case .number(let number): try container.encode(number)
            case .text(let text): try container.encode(text)
            }
        }

        public var description: String {
            switch self {
            case .number(let number):
                return number == number.rounded() && abs(number) < 1e15 ? String(Int(number)) : String(format: "%.2f", number)
            case .text(let text): return "\"\(text)\""
            }
        }
    }

    /// Which filter or actor decided.
    public var kind: Kind
    /// What the filter measured, if anything.
    public var value: Value?
    /// For similarity: the pool instruction the record was closest to.
    public var neighbour: String?
    /// Free text, e.g. a person's comment.
    public var note: String?

    public init(kind: Kind, value: Value? = nil, neighbour: String? = nil, note: String? = nil) {
        self.kind = kind
        self.value = value
        self.neighbour = neighbour
        self.note = note
    }

    /// Too similar to (or, when accepted, nearest to) `neighbour` at ROUGE-L F `score`.
    public static func similarity(_ score: Double, to neighbour: String) -> StatusReason {
        StatusReason(kind: .similarity, value: .number(score), neighbour: neighbour)
    }

    /// Contains the blacklisted `keyword`.
    public static func keyword(_ keyword: String) -> StatusReason {
        StatusReason(kind: .keyword, value: .text(keyword))
    }

    /// Has `words` words, outside the allowed range.
    public static func length(words: Int) -> StatusReason {
        StatusReason(kind: .length, value: .number(Double(words)))
    }

    /// A person's decision, with an optional comment.
    public static func human(note: String? = nil) -> StatusReason {
        StatusReason(kind: .human, note: note)
    }

    /// A person's rejection for one of the pool's reasons (`too vague`), with their note.
    public static func human(reason: String, note: String? = nil) -> StatusReason {
        StatusReason(kind: .human, value: .text(reason), note: note)
    }

    /// Brought in by `import` from a file of the named format.
    public static func imported(format: String) -> StatusReason {
        StatusReason(kind: .imported, value: .text(format))
    }

    private enum CodingKeys: String, CodingKey {
        case kind, value, neighbour, note
    }

    /// One line for people, e.g. `similarity 0.82 to "Write a poem about the sea."`.
    public var description: String {
        var text: String
        switch kind {
        case .similarity: text = "similarity \(value?.description ?? "?")"
        case .length: text = "length \(value?.description ?? "?") words"
        case .human: text = "decided by a person" + (value.map { " (\($0))" } ?? "")
        default: text = value.map { "\(kind.rawValue) \($0)" } ?? kind.rawValue
        }
        if let neighbour { text += " to \"\(neighbour)\"" }
        if let note, !note.isEmpty { text += ": \(note)" }
        return text
    }
}
