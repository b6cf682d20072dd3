/// Why a generated instance, or all of a task's instances, were dropped.
public struct InstanceRejectionReason: Sendable, Hashable, CustomStringConvertible {
    private enum Kind: Sendable, Hashable {
        case cutOff
        case inputEqualsOutput
        case emptyOutput
        case controlCharacters(field: String, codePoint: String)
        case endsWithColon(field: String)
        case conflictingOutputs(input: String)
        case duplicate
        case overLimit(Int)
        case noneParsed
        case allDropped(summary: String)
    }

    private let kind: Kind

    private init(_ kind: Kind) {
        self.kind = kind
    }

    /// The completion stopped at `max_tokens`, so its last instance is probably truncated.
    public static let cutOff = InstanceRejectionReason(.cutOff)
    /// The input and the output are the same text.
    public static let inputEqualsOutput = InstanceRejectionReason(.inputEqualsOutput)
    /// The output is empty.
    public static let emptyOutput = InstanceRejectionReason(.emptyOutput)
    /// The instance's `field` (input or output) holds a control character (`codePoint`, e.g.
    /// `U+001B`): text that would act on a terminal instead of showing.
    public static func controlCharacters(in field: String, _ codePoint: String) -> InstanceRejectionReason {
        InstanceRejectionReason(.controlCharacters(field: field, codePoint: codePoint))
    }
    /// The input ends with `:`, which upstream takes as an unfinished generation.
    public static let inputEndsWithColon = InstanceRejectionReason(.endsWithColon(field: "input"))
    /// The output ends with `:`, which upstream takes as an unfinished generation.
    public static let outputEndsWithColon = InstanceRejectionReason(.endsWithColon(field: "output"))
    /// Two instances share this non-empty input with different outputs; the whole task's
    /// instances are dropped, as the model evidently did not understand the task.
    public static func conflictingOutputs(input: String) -> InstanceRejectionReason {
        InstanceRejectionReason(.conflictingOutputs(input: input))
    }
    /// The same input and output as an earlier instance of the task.
    public static let duplicate = InstanceRejectionReason(.duplicate)
    /// Not among the `limit` instances sampled for the task.
    public static func overLimit(_ limit: Int) -> InstanceRejectionReason { InstanceRejectionReason(.overLimit(limit)) }
    /// The completion holds no instance in the layout the prompt asked for.
    public static let noneParsed = InstanceRejectionReason(.noneParsed)
    /// Instances were parsed, but the filters dropped every one of them (`dropped` says why,
    /// each). A task-level reason only.
    public static func allDropped(_ dropped: [DroppedInstance]) -> InstanceRejectionReason {
        var counts: [(name: String, count: Int)] = []
        for item in dropped {
            if let index = counts.firstIndex(where: { $0.name == item.reason.name }) { counts[index].count += 1 }
            else { counts.append((item.reason.name, 1)) }
        }
        return InstanceRejectionReason(.allDropped(summary: counts.map { "\($0.count) \($0.name)" }.joined(separator: ", ")))
    }

    /// A stable short name for storage and grouping: `cut-off`, `input-equals-output`,
    /// `empty-output`, `control-characters`, `ends-with-colon`, `conflicting-outputs`, `duplicate`, `over-limit`,
    /// `none-parsed` or `all-dropped`.
    public var name: String {
        switch kind {
        case .cutOff: "cut-off"
        case .inputEqualsOutput: "input-equals-output"
        case .emptyOutput: "empty-output"
        case .controlCharacters: "control-characters"
        case .endsWithColon: "ends-with-colon"
        case .conflictingOutputs: "conflicting-outputs"
        case .duplicate: "duplicate"
        case .overLimit: "over-limit"
        case .noneParsed: "none-parsed"
        case .allDropped: "all-dropped"
        }
    }

    /// The reason in words.
    public var description: String {
        switch kind {
        case .cutOff: "cut off by length: the last instance is dropped"
        case .inputEqualsOutput: "input and output are the same"
        case .emptyOutput: "empty output"
        case .controlCharacters(let field, let codePoint): "\(field) contains the control character \(codePoint)"
        case .endsWithColon(let field): "\(field) ends with \":\", probably unfinished"
        case .conflictingOutputs(let input):
            "input \"\(input.count <= 40 ? input : input.prefix(39) + "…")\" has different outputs, so all of the task's instances are dropped"
        case .duplicate: "duplicate of an earlier instance"
        case .overLimit(let limit): "more than \(limit) instances: not among the \(limit) sampled"
        case .noneParsed: "no instances in the expected layout"
        case .allDropped(let summary): "every parsed instance was dropped (\(summary))"
        }
    }
}
