/// The paper's three questions about a generated task and one of its instances (Table 2 of
/// Wang et al., 2022), each answered yes or no.
public enum ReviewQuestion: String, CaseIterable, Sendable, Hashable {
    /// Does the instruction describe a valid task?
    case instruction
    /// Is the input appropriate for the instruction?
    case input
    /// Is the output a correct and acceptable response to the instruction and input?
    case output

    /// The question as the paper asks it.
    public var text: String {
        switch self {
        case .instruction: "Does the instruction describe a valid task?"
        case .input: "Is the input appropriate for the instruction?"
        case .output: "Is the output a correct and acceptable response to the instruction and input?"
        }
    }

    /// The next question about the same item; nil after the last.
    public var next: ReviewQuestion? {
        switch self {
        case .instruction: .input
        case .input: .output
        case .output: nil
        }
    }
}
