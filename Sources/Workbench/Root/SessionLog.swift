/// A line of the log.
public struct LogLine: Sendable, Hashable {
    /// Seconds since the session started.
    public var time: Double
    /// The text (unsanitised; views sanitise).
    public var text: String
    /// Whether it reports a failure.
    public var isError: Bool
}

/// What happened in this session, oldest first, at most `limit` lines; its cursor follows
/// the newest line unless the person scrolled up.
public struct SessionLog: Sendable, RandomAccessCollection {
    /// The lines kept.
    public private(set) var lines: [LogLine] = []
    /// The selected line in the Log view.
    public var cursor = ListCursor()

    /// The most lines kept.
    public static let limit = 2000

    /// An empty log.
    public init() {}

    /// The first line's index.
    public var startIndex: Int { lines.startIndex }
    /// Past the last line.
    public var endIndex: Int { lines.endIndex }
    /// The line at `position`.
    public subscript(position: Int) -> LogLine { lines[position] }

    /// Adds a line, dropping the oldest beyond `limit`.
    mutating func append(_ text: String, at time: Double, isError: Bool) {
        let following = cursor.selection >= lines.count - 1
        lines.append(LogLine(time: time, text: text, isError: isError))
        if lines.count > Self.limit {
            lines.removeFirst(lines.count - Self.limit)
        }
        if following { cursor.selection = lines.count - 1 }
        cursor.clamp(count: lines.count)
    }
}

/// How far a person got this session: records they decided or edited, and how fast.
public struct SessionProgress: Sendable, Hashable {
    /// The records a person changed this session.
    public private(set) var reviewed: Set<String> = []
    /// Session time of the first change, in seconds.
    public private(set) var startedAt: Double?

    /// Notes that a person changed `ids` at session time `now`.
    mutating func note(_ ids: [String], at now: Double) {
        if startedAt == nil { startedAt = now }
        reviewed.formUnion(ids)
    }

    /// `reviewed 12 · 95/h`, the rate once a minute has passed; empty before the first change.
    public func description(at now: Double) -> String {
        guard let startedAt, !reviewed.isEmpty else { return "" }
        let elapsed = now - startedAt
        let rate = elapsed >= 60 ? " · \(Int((Double(reviewed.count) / elapsed * 3600).rounded()))/h" : ""
        return "reviewed \(reviewed.count)" + rate
    }
}
