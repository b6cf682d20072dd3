import Foundation

/// The prompt a system answers a task from: a template for tasks with an input and one for
/// tasks without, in which `{instruction}` stands for the instruction (without surrounding
/// white space) and `{input}` for the input.
///
/// The default (`upstream`) is the shape of upstream's prediction files: the instruction,
/// then `\n\nInput: INPUT` when the task has an input, then `\nOutput:`. For example
///
///     Rewrite the sentence more concisely.
///
///     Input: If you have any questions, please let me know.
///     Output:
///
/// and, without an input, `Write a haiku about rain.\nOutput:`. `eval generate --prompt FILE
/// --prompt-no-input FILE` overrides it, as Alpaca's `prompt_input` and `prompt_no_input` do.
public struct ResponsePrompt: Sendable, Hashable {
    /// The template for a task with an input: has `{instruction}` and `{input}`.
    public let withInput: String
    /// The template for a task without one: has `{instruction}`.
    public let withoutInput: String

    /// Upstream's prompt.
    public static let upstream = ResponsePrompt(checked: "{instruction}\n\nInput: {input}\nOutput:", "{instruction}\nOutput:")

    /// Templates of one's own.
    /// - Throws: `EvaluationError` when a template lacks its placeholders.
    public init(withInput: String, withoutInput: String) throws {
        guard withInput.contains("{instruction}"), withInput.contains("{input}") else {
            throw EvaluationError.badPrompt("the prompt for tasks with an input needs {instruction} and {input}")
        }
        guard withoutInput.contains("{instruction}") else {
            throw EvaluationError.badPrompt("the prompt for tasks without an input needs {instruction}")
        }
        self.init(checked: withInput, withoutInput)
    }

    /// The templates in the files at `withInputPath` and `withoutInputPath` (each without one
    /// final line break), upstream's for the one not given.
    /// - Throws: `EvaluationError` naming the file that cannot be read or lacks its placeholders.
    public init(withInputPath: String?, withoutInputPath: String?) throws {
        func read(_ path: String?, default fallback: String) throws -> String {
            guard let path else { return fallback }
            do {
                let text = try String(contentsOfFile: path, encoding: .utf8)
                return text.hasSuffix("\n") ? String(text.dropLast()) : text
            } catch {
                throw EvaluationError("\(path): cannot read the prompt template (\(error.localizedDescription))")
            }
        }
        let withInput = try read(withInputPath, default: Self.upstream.withInput)
        let withoutInput = try read(withoutInputPath, default: Self.upstream.withoutInput)
        do {
            try self.init(withInput: withInput, withoutInput: withoutInput)
        } catch {
            throw EvaluationError("\(withInputPath ?? withoutInputPath ?? ""): \(error)")
        }
    }

    private init(checked withInput: String, _ withoutInput: String) {
        self.withInput = withInput
        self.withoutInput = withoutInput
    }

    /// The prompt for `task`. Placeholders are filled in one pass, so an instruction that
    /// itself says `{input}` stays as written.
    public func text(for task: EvaluationTask) -> String {
        let hasInput = !task.input.trimmingWhitespace.isEmpty
        let values = ["{instruction}": task.instruction.trimmingWhitespace, "{input}": task.input]
        var text = "", rest = Substring(hasInput ? withInput : withoutInput)
        while let open = rest.firstIndex(of: "{") {
            text += rest[..<open]
            let tail = rest[open...]
            if let (name, value) = values.first(where: { tail.hasPrefix($0.key) }) {
                text += value
                rest = tail.dropFirst(name.count)
            } else {
                text += "{"
                rest = tail.dropFirst()
            }
        }
        return text + rest
    }
}
