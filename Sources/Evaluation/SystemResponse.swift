import JSONLines

/// One system's response to one task, with where it came from.
public struct SystemResponse: Sendable, Hashable {
    /// The task answered.
    public var taskID: String
    /// The system (model) that answered: a prediction file's name, or an endpoint's.
    public var system: String
    /// The response as the system gave it (upstream's keep a leading space).
    public var text: String
    /// How it was obtained: the file it was imported from, or the endpoint, model, prompt,
    /// finish reason and time of the request. Stored as given, for people to read.
    public var provenance: JSONValue

    /// A response with the given fields.
    public init(taskID: String, system: String, text: String, provenance: JSONValue) {
        self.taskID = taskID
        self.system = system
        self.text = text
        self.provenance = provenance
    }

    /// The record as stored in `responses/SYSTEM.jsonl`.
    public var json: JSONValue {
        .object(["task": .string(taskID), "system": .string(system), "response": .string(text), "provenance": provenance])
    }

    /// Reads a stored record; nil when a field is missing.
    init?(json: JSONValue) {
        guard let task = json["task"]?.stringValue, let system = json["system"]?.stringValue,
              let text = json["response"]?.stringValue else { return nil }
        self.init(taskID: task, system: system, text: text, provenance: json["provenance"] ?? .null)
    }
}
