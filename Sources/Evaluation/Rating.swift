import JSONLines

/// One person's rating of one response, or the withdrawal of an earlier one (an undo).
/// Ratings are appended; the latest for a rater, task and system holds.
public struct Rating: Sendable, Hashable {
    /// The task the rated response answers.
    public var taskID: String
    /// The system that gave the response (stored, never shown while rating).
    public var system: String
    /// Who rated.
    public var rater: String
    /// The grade; nil withdraws the rater's earlier grade of this response.
    public var grade: Grade?
    /// What the rater wrote beside the grade, if anything.
    public var note: String?
    /// When, as ISO 8601 text.
    public var time: String

    /// A rating with the given fields.
    public init(taskID: String, system: String, rater: String, grade: Grade?, note: String? = nil, time: String) {
        self.taskID = taskID
        self.system = system
        self.rater = rater
        self.grade = grade
        self.note = note
        self.time = time
    }

    /// The response it rates.
    public var item: RatedItem { RatedItem(taskID: taskID, system: system) }

    /// The record as stored in `ratings/RATER.jsonl`.
    public var json: JSONValue {
        var members: [(key: String, value: JSONValue)] = [
            ("task", .string(taskID)), ("system", .string(system)), ("rater", .string(rater)),
            ("grade", grade.map { .string($0.rawValue) } ?? .null),
        ]
        if let note { members.append(("note", .string(note))) }
        members.append(("time", .string(time)))
        return .object(members)
    }

    /// Reads a stored record; nil when a field is missing or the grade is not A–D or null.
    init?(json: JSONValue) {
        guard let task = json["task"]?.stringValue, let system = json["system"]?.stringValue,
              let rater = json["rater"]?.stringValue, let gradeValue = json["grade"] else { return nil }
        var grade: Grade?
        if gradeValue != .null {
            guard let letter = gradeValue.stringValue, let parsed = Grade(rawValue: letter) else { return nil }
            grade = parsed
        }
        self.init(taskID: task, system: system, rater: rater, grade: grade, note: json["note"]?.stringValue,
                  time: json["time"]?.stringValue ?? "")
    }
}

/// A response to rate: a task and the system that answered it.
public struct RatedItem: Sendable, Hashable {
    /// The task.
    public var taskID: String
    /// The system.
    public var system: String

    /// The item for `taskID` answered by `system`.
    public init(taskID: String, system: String) {
        self.taskID = taskID
        self.system = system
    }
}
