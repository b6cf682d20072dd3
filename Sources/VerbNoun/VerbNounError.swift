/// Why the verb–noun analysis could not run: spaCy could not be installed, the parser
/// process failed, or the cache could not be written. The text says what to do next.
public struct VerbNounError: Error, Sendable, CustomStringConvertible {
    /// What happened, where, and what to do.
    public let description: String

    init(_ description: String) {
        self.description = description
    }
}
