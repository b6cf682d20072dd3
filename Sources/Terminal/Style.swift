/// What a piece of the screen means, which a theme turns into colours. Views pick roles,
/// never colours, so a theme (or NO_COLOR) restyles everything at once.
public enum Role: UInt8, CaseIterable, Sendable, CustomStringConvertible {
    /// Ordinary text.
    case text
    /// Secondary text: hints, timestamps, provenance.
    case dimText
    /// Pane and view titles.
    case title
    /// Pane borders.
    case border
    /// The border of the pane that has the keyboard.
    case focusedBorder
    /// The selected row.
    case selection
    /// The status bar.
    case status
    /// Key hints such as "a accept".
    case keyHint
    /// Accepted candidates and passed filters.
    case accepted
    /// Rejected candidates and failed filters.
    case rejected
    /// Candidates waiting for a decision.
    case pending
    /// Human-written seed tasks.
    case seed
    /// Similarity well below the threshold.
    case similarityLow
    /// Similarity approaching the threshold.
    case similarityMid
    /// Similarity at or above the threshold.
    case similarityHigh
    /// The unfilled part of a bar.
    case barEmpty
    /// Errors: endpoint down, bad input.
    case error
    /// Warnings: retries, rate limits.
    case warning
    /// Search matches.
    case searchMatch

    /// The role's table name in theme files, e.g. `similarity-low`.
    public var themeKey: String {
        switch self {
        case .text: "text"
        case .dimText: "dim-text"
        case .title: "title"
        case .border: "border"
        case .focusedBorder: "focused-border"
        case .selection: "selection"
        case .status: "status"
        case .keyHint: "key-hint"
        case .accepted: "accepted"
        case .rejected: "rejected"
        case .pending: "pending"
        case .seed: "seed"
        case .similarityLow: "similarity-low"
        case .similarityMid: "similarity-mid"
        case .similarityHigh: "similarity-high"
        case .barEmpty: "bar-empty"
        case .error: "error"
        case .warning: "warning"
        case .searchMatch: "search-match"
        }
    }

    /// The role named `key` in a theme file.
    public init?(themeKey key: String) {
        guard let role = Role.allCases.first(where: { $0.themeKey == key }) else { return nil }
        self = role
    }

    /// The theme key.
    public var description: String { themeKey }
}

/// Text attributes a terminal can show without colour.
public struct Attributes: OptionSet, Hashable, Sendable {
    /// The attribute bits.
    public let rawValue: UInt8

    /// Attributes from their bits.
    public init(rawValue: UInt8) { self.rawValue = rawValue }

    /// Bold (or bright, on some terminals).
    public static let bold = Attributes(rawValue: 1 << 0)
    /// Dim (faint).
    public static let dim = Attributes(rawValue: 1 << 1)
    /// Underlined.
    public static let underline = Attributes(rawValue: 1 << 2)
    /// Foreground and background swapped.
    public static let reverse = Attributes(rawValue: 1 << 3)
    /// Italic, where the terminal has it.
    public static let italic = Attributes(rawValue: 1 << 4)

    /// The attributes with their theme-file names, in a fixed order.
    public static let named: [(name: String, attribute: Attributes)] = [
        ("bold", .bold), ("dim", .dim), ("underline", .underline), ("reverse", .reverse), ("italic", .italic),
    ]
}

/// How one cell looks: a role (coloured by the theme) plus attributes added on top of the
/// role's own.
public struct Style: Hashable, Sendable {
    /// The role; the theme gives its colours and base attributes.
    public var role: Role
    /// Attributes added to the role's.
    public var attributes: Attributes

    /// A style for `role`, with extra `attributes`.
    public init(_ role: Role, _ attributes: Attributes = []) {
        self.role = role
        self.attributes = attributes
    }

    /// Plain text.
    public static let text = Style(.text)

    /// This style with `extra` attributes added.
    public func adding(_ extra: Attributes) -> Style {
        Style(role, attributes.union(extra))
    }
}
