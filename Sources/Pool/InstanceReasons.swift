/// Why a task has the instances it has after instance generation (`instances_why` on disk):
/// the task-level reason when none survived, and every dropped instance with its reason.
///
/// Reasons are stored as a stable name (`none-parsed`, `conflicting-outputs`, `all-dropped`,
/// `duplicate`, ...) for grouping and counting, with the same reason in words for people.
/// The names are the engine's; the pool keeps them as open strings so new filters need no
/// schema change.
public struct InstanceReasons: Sendable, Hashable, Codable {
    /// A reason: its stable name and the words shown to people.
    public struct Reason: Sendable, Hashable, Codable, CustomStringConvertible {
        /// Stable short name, e.g. `conflicting-outputs`.
        public var name: String
        /// The reason in words, e.g. `input "x" has different outputs, so ...`.
        public var detail: String

        /// A reason with its name and words.
        public init(name: String, detail: String) {
            self.name = name
            self.detail = detail
        }

        /// The words.
        public var description: String { detail }
    }

    /// One parsed instance that a filter dropped.
    public struct Dropped: Sendable, Hashable, Codable {
        /// The instance's input as parsed.
        public var input: String
        /// The instance's output as parsed.
        public var output: String
        /// Why it was dropped.
        public var reason: Reason

        /// A dropped instance with its reason.
        public init(input: String, output: String, reason: Reason) {
            self.input = input
            self.output = output
            self.reason = reason
        }
    }

    /// Why the task has no instances at all (nothing parsed, conflicting outputs, every
    /// instance dropped); nil when some survived.
    public var task: Reason?
    /// The dropped instances, in the order the filters dropped them.
    public var dropped: [Dropped]

    /// Reasons for one task's instance selection.
    public init(task: Reason? = nil, dropped: [Dropped] = []) {
        self.task = task
        self.dropped = dropped
    }

    private enum CodingKeys: String, CodingKey { case task, dropped }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        task = try c.decodeIfPresent(Reason.self, forKey: .task)
        dropped = try c.decodeIfPresent([Dropped].self, forKey: .dropped) ?? []
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encodeIfPresent(task, forKey: .task)
        if !dropped.isEmpty { try c.encode(dropped, forKey: .dropped) }
    }
}
