/// The paper's four-level rating of a response (section 5, Figure 6).
public enum Grade: String, Sendable, Hashable, CaseIterable {
    /// Valid and satisfying.
    case a = "A"
    /// Acceptable, with minor imperfections.
    case b = "B"
    /// Responds to the instruction, but with significant errors.
    case c = "C"
    /// Irrelevant or invalid.
    case d = "D"

    /// The rubric line shown to raters and in reports.
    public var rubric: String {
        switch self {
        case .a: "correct and satisfying"
        case .b: "acceptable, with minor imperfections"
        case .c: "responds, but has significant errors"
        case .d: "irrelevant or invalid"
        }
    }

    /// A and B: the response could be used as it is or nearly so.
    public var isAcceptable: Bool { self == .a || self == .b }

    /// The grade a letter names, either case.
    public init?(letter: Character) {
        self.init(rawValue: String(letter).uppercased())
    }
}
