/// Something wrong found while reading a pool or an import file: where it is, what was
/// wrong, and what was done with it. Problems are reported, never fatal: every other record
/// still loads.
public struct PoolProblem: Sendable, Hashable, CustomStringConvertible {
    /// What kind of problem it is.
    public enum Kind: String, Sendable, Hashable {
        /// The last line was cut short, e.g. by a crash during an append.
        case tornLastLine = "torn last line"
        /// A line that is not a readable record.
        case malformedLine = "malformed line"
        /// A whole line in a record format newer than this selfinstruct reads; left in place.
        case newerFormat = "newer format"
        /// An id whose revision numbers do not increase down the file.
        case revisionOrder = "revision order"
        /// A line the importer does not recognise or cannot use.
        case unusableRecord = "unusable record"
        /// A record already in the pool, or twice in the import.
        case duplicate = "duplicate"
    }

    /// The file the problem is in.
    public var file: String
    /// 1-based line number, or the 0-based index in a JSON array (see `isArrayIndex`).
    public var line: Int
    /// True when `line` is an index into a JSON array rather than a line number.
    public var isArrayIndex: Bool
    /// The kind of problem.
    public var kind: Kind
    /// What was wrong, for people.
    public var message: String
    /// Where the bad bytes went, if they were moved (the quarantine file).
    public var quarantinedTo: String?

    public init(file: String, line: Int, isArrayIndex: Bool = false, kind: Kind, message: String, quarantinedTo: String? = nil) {
        self.file = file
        self.line = line
        self.isArrayIndex = isArrayIndex
        self.kind = kind
        self.message = message
        self.quarantinedTo = quarantinedTo
    }

    /// `file:line: kind: message`, plus where the bytes went.
    public var description: String {
        let place = isArrayIndex ? "\(file)[\(line)]" : "\(file):\(line)"
        var text = "\(place): \(kind.rawValue): \(message)"
        if let quarantinedTo { text += " (moved to \(quarantinedTo))" }
        return text
    }
}
