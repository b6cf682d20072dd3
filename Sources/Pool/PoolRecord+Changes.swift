import Foundation

extension PoolRecord {
    /// Sets the status and the reason, noting the change in the edit history.
    public mutating func decide(_ status: RecordStatus, why: StatusReason, at time: Date = Date()) {
        edits.append(Edit(field: "status", before: .string(self.status.rawValue), after: .string(status.rawValue), at: time))
        self.status = status
        self.why = why
    }

    /// Applies a person's change to the content, with before and after in the edit history.
    /// - Throws: `PoolError` if an instance index is out of range.
    public mutating func apply(_ change: RecordChange, at time: Date = Date()) throws {
        switch change {
        case .instruction(let text):
            edits.append(Edit(field: "instruction", before: .string(instruction), after: .string(text), at: time))
            instruction = text
        case .instances(let newInstances):
            edits.append(Edit(field: "instances", before: Self.json(instances), after: Self.json(newInstances), at: time))
            instances = newInstances
        case .isClassification(let flag):
            edits.append(Edit(
                field: "is_classification", before: isClassification.map(JSONValue.bool) ?? .null,
                after: flag.map(JSONValue.bool) ?? .null, at: time))
            isClassification = flag
        case .instanceStatus(let index, let status):
            guard instances.indices.contains(index) else {
                throw PoolError.invalidArgument("'\(id)' has \(instances.count) instances; there is no instance \(index)")
            }
            edits.append(Edit(
                field: "instances[\(index)].status", before: instances[index].status.map { .string($0.rawValue) } ?? .null,
                after: status.map { .string($0.rawValue) } ?? .null, at: time))
            instances[index].status = status
        }
    }

    private static func json(_ instances: [Instance]) -> JSONValue {
        .array(instances.map { instance in
            var members: JSONValue = .object(["input": .string(instance.input), "output": .string(instance.output)])
            if let status = instance.status { members.set("status", .string(status.rawValue)) }
            return members
        })
    }
}
