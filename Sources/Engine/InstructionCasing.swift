/// How a generated instruction's letters are cased before the filters see it.
public enum InstructionCasing: Sendable, Hashable {
    /// Left as the model wrote it (Alpaca upstream).
    case unchanged
    /// The first character title-cased, the rest left alone: "i forgot my BBC login" →
    /// "I forgot my BBC login".
    case firstLetter
    /// Python's `str.capitalize()`, as Self-Instruct upstream: the first character
    /// title-cased and **every other one lower-cased** ("I forgot my bbc login").
    case pythonCapitalize

    /// `text` cased this way.
    public func apply(to text: String) -> String {
        switch self {
        case .unchanged: text
        case .firstLetter: Self.titleCasingFirst(text)
        case .pythonCapitalize: Python.capitalize(text)
        }
    }

    /// The first code point title-cased as `str.capitalize()` does it (`ß` → `Ss`, `ǆ` → `ǅ`).
    private static func titleCasingFirst(_ text: String) -> String {
        guard let first = text.unicodeScalars.first else { return text }
        return first.properties.titlecaseMapping + String(text.unicodeScalars.dropFirst())
    }
}

/// The `normalize` setting: how instructions are cased, as a person chooses it.
public enum InstructionNormalization: String, Sendable, Hashable, CaseIterable {
    /// Upper-case the first letter only (the default), keeping names and acronyms ("BBC").
    case firstLetter = "first-letter"
    /// As the recipe's upstream does: `str.capitalize()` for Self-Instruct, which lower-cases
    /// the rest ("BBC" → "bbc"); nothing for Alpaca.
    case upstream
}
