import JSONLines

/// One task people rate responses to: an instruction, its input (often empty) and the
/// reference output that ROUGE-L scores responses against.
public struct EvaluationTask: Sendable, Hashable {
    /// A stable id: the source's (`user_oriented_task_0`), or one made from the text.
    public var id: String
    /// What the task asks for.
    public var instruction: String
    /// The instance's input; empty when the instruction stands alone.
    public var input: String
    /// The expected output, written by the task's author.
    public var reference: String
    /// Whether the task picks a label from a set (upstream's `is_classification`), when its
    /// source says; nil when it does not.
    public var isClassification: Bool?

    /// A task with the given fields.
    public init(id: String, instruction: String, input: String, reference: String, isClassification: Bool? = nil) {
        self.id = id
        self.instruction = instruction
        self.input = input
        self.reference = reference
        self.isClassification = isClassification
    }

    /// Whether exact match is a fair score for the task: its source says it is a
    /// classification task, or, when the source does not say, its reference reads as a
    /// label (one line of at most three words, e.g. "Spam", "Arts & Culture"). ROUGE-L
    /// scores open-ended answers; exact match only those with one right label.
    public var isClassificationLike: Bool {
        if let isClassification { return isClassification }
        let label = reference.trimmingWhitespace
        return !label.isEmpty && !label.contains("\n") && label.split(whereSeparator: \.isWhitespace).count <= 3
    }

    /// Whether `response` is the reference exactly, but for surrounding white space and case.
    public func isExactMatch(_ response: String) -> Bool {
        response.trimmingWhitespace.lowercased() == reference.trimmingWhitespace.lowercased()
    }

    /// What makes two records the same task: the instruction and input without surrounding
    /// white space (upstream's prediction files keep a trailing line break the task file
    /// has not).
    public var identity: TaskIdentity { TaskIdentity(instruction: instruction, input: input) }

    /// The record as stored in `tasks.jsonl`, in upstream's evaluation-task shape (with
    /// `is_classification` when known).
    public var json: JSONValue {
        var members: [(key: String, value: JSONValue)] = [
            ("id", .string(id)),
            ("instruction", .string(instruction)),
            ("instances", .array([.object(["input": .string(input), "output": .string(reference)])])),
        ]
        if let isClassification { members.append(("is_classification", .bool(isClassification))) }
        return .object(members)
    }
}

/// The instruction and input of a task, trimmed: the key predictions are matched to tasks by.
public struct TaskIdentity: Sendable, Hashable {
    /// The trimmed instruction.
    public let instruction: String
    /// The trimmed input.
    public let input: String

    /// The identity of a task with this text.
    public init(instruction: String, input: String) {
        self.instruction = instruction.trimmingWhitespace
        self.input = input.trimmingWhitespace
    }

    /// An id for a task that came without one: `task-` and 12 hex digits of a 64-bit FNV-1a
    /// hash of the text, so the same task imported twice gets the same id.
    public var derivedID: String {
        var hash: UInt64 = 0xCBF2_9CE4_8422_2325
        for byte in instruction.utf8 + [0] + input.utf8 {
            hash = (hash ^ UInt64(byte)) &* 0x100_0000_01B3
        }
        let hex = String(hash, radix: 16)
        return "task-" + (String(repeating: "0", count: 16 - hex.count) + hex).prefix(12)
    }
}

extension String {
    /// The text without leading and trailing spaces, tabs and line breaks.
    var trimmingWhitespace: String {
        let isSpace: (Character) -> Bool = { $0.isWhitespace }
        guard let first = firstIndex(where: { !isSpace($0) }), let last = lastIndex(where: { !isSpace($0) }) else { return "" }
        return String(self[first...last])
    }
}
