/// An automatic mark on a record whose text looks defective: it never changes or removes
/// anything, it only lets a person find such records (`:filter flag=NAME`) and count them.
public struct DefectFlag: Sendable, Hashable, CaseIterable, CustomStringConvertible {
    private enum Kind: Int, CaseIterable {
        case emptyOutput, outputInInput, taskInOutput, placeholderInput, urlInput, cutOff, scriptMismatch, cannotDo
    }

    private let kind: Kind

    private init(_ kind: Kind) { self.kind = kind }

    /// An instance's output is empty (or only whitespace).
    public static let emptyOutput = DefectFlag(.emptyOutput)
    /// An output equals its input, or (three words or more) is found word for word in it.
    public static let outputInInput = DefectFlag(.outputInInput)
    /// An output carries another task: a line starting `Instruction:`, `Task:`, `Task 9:` or `### `.
    public static let taskInOutput = DefectFlag(.taskInOutput)
    /// An input holds a placeholder (`N/A`, `None`, `<noinput>`, ...) instead of being empty.
    public static let placeholderInput = DefectFlag(.placeholderInput)
    /// An input is nothing but a URL, which a text model cannot open.
    public static let urlInput = DefectFlag(.urlInput)
    /// Instance generation was cut off by length (`instances_why` holds a `cut-off` drop).
    public static let cutOff = DefectFlag(.cutOff)
    /// An output is mostly in another script than the instruction (Latin and CJK, say),
    /// and the instruction does not ask for a translation or name the output's language.
    public static let scriptMismatch = DefectFlag(.scriptMismatch)
    /// The instruction asks for something a text model cannot do (see, listen, browse), by
    /// the configured keywords (`[quality] cannot_do_keywords`).
    public static let cannotDo = DefectFlag(.cannotDo)

    /// Every flag, in the order they are listed and counted.
    public static let allCases = Kind.allCases.map(DefectFlag.init)

    /// The flag's stable name, as `:filter flag=` and `stats --json` spell it.
    public var name: String {
        switch kind {
        case .emptyOutput: "empty-output"
        case .outputInInput: "output-in-input"
        case .taskInOutput: "task-in-output"
        case .placeholderInput: "placeholder-input"
        case .urlInput: "url-input"
        case .cutOff: "cut-off"
        case .scriptMismatch: "script-mismatch"
        case .cannotDo: "cannot-do"
        }
    }

    /// The flag with this name, if there is one.
    public init?(name: String) {
        guard let flag = Self.allCases.first(where: { $0.name == name }) else { return nil }
        self = flag
    }

    /// The flag's name.
    public var description: String { name }

    /// The flag's bit in a `DefectFlags` set.
    var bit: UInt16 { 1 << UInt16(kind.rawValue) }
}

/// A set of defect flags, one bit each, small enough to keep on every pool entry.
public struct DefectFlags: Sendable, Hashable {
    /// One bit per `DefectFlag`.
    var bits: UInt16

    /// The empty set.
    public init() { bits = 0 }

    /// Whether the set holds `flag`.
    public func contains(_ flag: DefectFlag) -> Bool { bits & flag.bit != 0 }

    /// Adds `flag`.
    public mutating func insert(_ flag: DefectFlag) { bits |= flag.bit }

    /// Whether the set holds no flag.
    public var isEmpty: Bool { bits == 0 }

    /// The flags held, in `DefectFlag.allCases` order.
    public var flags: [DefectFlag] { DefectFlag.allCases.filter(contains) }
}
