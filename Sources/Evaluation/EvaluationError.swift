/// Why an evaluation command could not go on, worded for the person running it: what
/// happened, where, and what to do next.
public struct EvaluationError: Error, Sendable, Hashable, CustomStringConvertible {
    public let description: String

    init(_ description: String) { self.description = description }

    /// The folder holds no evaluation yet.
    public static func noEvaluation(_ path: String) -> EvaluationError {
        EvaluationError("\(path): no evaluation here yet; start one with `selfinstruct eval import FILE... --eval \(path)`.")
    }

    /// The folder's settings file is not what this version writes.
    public static func unreadableSettings(_ path: String, _ why: String) -> EvaluationError {
        EvaluationError("\(path): \(why); restore it from a backup, or move the folder aside and import again.")
    }

    /// A system or rater name that cannot be a file name.
    public static func badName(_ name: String, kind: String) -> EvaluationError {
        EvaluationError("the \(kind) name “\(name)” cannot name a file: use letters, digits, '.', '-' and '_', not starting with '.'.")
    }

    /// A prompt template without the placeholders it needs.
    public static func badPrompt(_ why: String) -> EvaluationError {
        EvaluationError("\(why); e.g. upstream's: \"{instruction}\\n\\nInput: {input}\\nOutput:\" and \"{instruction}\\nOutput:\".")
    }

    /// An `--endpoint` value that does not read as NAME=URL[,model][,api].
    public static func badEndpoint(_ value: String, _ why: String) -> EvaluationError {
        EvaluationError("--endpoint “\(value)”: \(why.hasSuffix(".") ? String(why.dropLast()) : why). Write NAME=URL[,model][,api], e.g. mine=http://127.0.0.1:8077/v1,smollm2-135m-instruct,completions.")
    }
}
