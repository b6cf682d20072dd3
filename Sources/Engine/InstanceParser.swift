import Pool

/// Reads instances out of a stage-3 completion as upstream's stage 4 does (reference §1.5).
public enum InstanceParser {
    /// The instances in `completion`, in order, before any filtering.
    public static func parse(_ completion: String, isClassification: Bool) -> [Instance] {
        isClassification ? parseClassification(completion) : parseGeneration(completion)
    }

    /// Output-first: split on `Class label:` and drop the text before the first; in each
    /// chunk (stripped) the first line is the label, i.e. the output, and the rest, possibly
    /// empty, is the input. No `Class label:` at all gives no instances.
    public static func parseClassification(_ completion: String) -> [Instance] {
        let chunks = UpstreamPattern.literal("Class label:").split(completion).pieces.dropFirst()
        return chunks.map { chunk in
            let text = Python.strip(chunk)
            let scalars = text.unicodeScalars
            guard let newline = scalars.firstIndex(of: "\n") else {
                return Instance(input: "", output: text)
            }
            let label = String(scalars[..<newline])
            let input = String(scalars[scalars.index(after: newline)...])
            return Instance(input: Python.strip(input), output: Python.strip(label))
        }
    }

    /// Input-first: if `Example\s?\d*\.?` occurs, each non-empty chunk between its matches is
    /// one instance; else if `Output\s*\d*\s*:` occurs, the whole text is one; else none.
    public static func parseGeneration(_ completion: String) -> [Instance] {
        let text = Python.strip(completion)
        let examples = UpstreamPattern.exampleMarker.split(text)
        if !examples.separators.isEmpty {
            return examples.pieces.map(Python.strip).filter { !$0.isEmpty }.map(inputAndOutput)
        }
        if UpstreamPattern.outputLabel.occurs(in: text) {
            return [inputAndOutput(text)]
        }
        return []
    }

    /// Upstream's `parse_input_output`: the input is the text before the first `Output:`
    /// label and the output the text up to the second (anything after is lost); without a
    /// label the whole text is the output. The output is cut at any `Input:` label, and a
    /// leading `Input N:` is removed from the input.
    static func inputAndOutput(_ text: String) -> Instance {
        let byOutput = UpstreamPattern.outputLabel.split(text)
        var input = ""
        var output = Python.strip(text)
        if !byOutput.separators.isEmpty {
            input = Python.strip(byOutput.pieces[0])
            output = Python.strip(byOutput.pieces[1])
        }
        let byInput = UpstreamPattern.inputLabel.split(output)
        if !byInput.separators.isEmpty {
            output = Python.strip(byInput.pieces[0])
        }
        input = Python.strip(UpstreamPattern.inputLabel.removingPrefixMatch(from: input))
        return Instance(input: input, output: output)
    }
}
