/// The prompt a system answers a task from, in the shape of upstream's prediction files:
/// the instruction without surrounding white space, then `\n\nInput: INPUT` when the task
/// has an input, then `\nOutput:`. For example
///
///     Rewrite the sentence more concisely.
///
///     Input: If you have any questions, please let me know.
///     Output:
///
/// and, without an input, `Write a haiku about rain.\nOutput:`.
public enum ResponsePrompt {
    /// The prompt for `task`.
    public static func text(for task: EvaluationTask) -> String {
        var prompt = task.instruction.trimmingWhitespace
        if !task.input.trimmingWhitespace.isEmpty { prompt += "\n\nInput: " + task.input }
        return prompt + "\nOutput:"
    }
}
