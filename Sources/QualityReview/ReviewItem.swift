import JSONLines

/// One task of the review's sample with the instance chosen for it, its text as it was when
/// the sample was drawn: what the reviewers judge, even if the pool record changes later.
public struct ReviewItem: Sendable, Hashable {
    /// The item's place in the sample, from 0: the order reviewers go through it.
    public var number: Int
    /// The pool record's id.
    public var recordID: String
    /// The chosen instance's index among the record's instances, from 0.
    public var instance: Int
    /// The task's instruction.
    public var instruction: String
    /// The instance's input (empty when it has none).
    public var input: String
    /// The instance's output.
    public var output: String

    /// An item with the given fields.
    public init(number: Int, recordID: String, instance: Int, instruction: String, input: String, output: String) {
        self.number = number
        self.recordID = recordID
        self.instance = instance
        self.instruction = instruction
        self.input = input
        self.output = output
    }

    /// The line stored in the review file.
    var json: JSONValue {
        .object([
            "type": .string("item"), "item": .number(number), "id": .string(recordID), "instance": .number(instance),
            "instruction": .string(instruction), "input": .string(input), "output": .string(output),
        ])
    }

    /// Reads a stored item line; nil when a field is missing or of the wrong kind.
    init?(json: JSONValue) {
        guard let number = json["item"]?.intValue, let id = json["id"]?.stringValue,
              let instance = json["instance"]?.intValue, let instruction = json["instruction"]?.stringValue,
              let input = json["input"]?.stringValue, let output = json["output"]?.stringValue else { return nil }
        self.init(number: number, recordID: id, instance: instance, instruction: instruction, input: input, output: output)
    }
}
