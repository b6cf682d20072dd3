/// A configuration file or value that cannot be used: where (file:line, the key) and what
/// would be right.
public struct SettingsError: Error, Hashable, Sendable, CustomStringConvertible {
    /// The config file, or the flag or variable the value came from.
    public let place: String
    /// The line in the file, when known (1-based).
    public let line: Int?
    /// The key as `[table] key`, when one key is at fault.
    public let key: String?
    /// What is wrong and what to do.
    public let problem: String

    /// An error at `place`.
    public init(place: String, line: Int? = nil, key: String? = nil, problem: String) {
        self.place = place
        self.line = line
        self.key = key
        self.problem = problem
    }

    /// "file:line: [table] key: problem".
    public var description: String {
        let location = line.map { "\(place):\($0)" } ?? place
        return key.map { "\(location): \($0): \(problem)" } ?? "\(location): \(problem)"
    }
}
