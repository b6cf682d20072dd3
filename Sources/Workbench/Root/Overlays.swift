import Settings
import Terminal

/// What an edit changes.
public enum EditTarget: Sendable, Hashable {
    /// The instruction text.
    case instruction
    /// The output of the instance at this index.
    case instanceOutput(Int)
    /// The input of the instance at this index.
    case instanceInput(Int)
}

/// An inline edit in progress, with the text's neighbours re-scored as it changes.
public struct InlineEdit: Sendable, Hashable {
    /// The record being edited.
    public var recordID: String
    /// What is being edited.
    public var target: EditTarget
    /// The editor: wrapping, and for an instance output several lines long.
    public var editor: TextAreaEditor
    /// The neighbours of `scoredText`.
    public var neighbours: [ScoredNeighbour] = []
    /// The text `neighbours` belong to (the editor may be ahead while scoring runs).
    public var scoredText: String?
    /// Enter was pressed before the text's verdict was known: the save goes ahead (or is
    /// asked about) once it is.
    public var savesWhenJudged = false
}

/// A line at the bottom where the person types a `:` command or a `/` search.
public struct PromptLine: Sendable, Hashable {
    /// What the line is for.
    public enum Kind: Sendable, Hashable {
        /// A `:` command.
        case command
        /// A `/` search.
        case search
        /// A note for rejecting this record.
        case rejectionNote(recordID: String)
    }

    /// What the line is for.
    public var kind: Kind
    /// The editor.
    public var editor: LineEditor
}

/// A question the person answers with y or n before something wide-reaching happens.
public struct Confirmation: Sendable, Hashable {
    /// The question, e.g. "accept 231 records matching status=pending?".
    public var question: String
    /// What runs on y.
    public var commands: [WorkbenchCommand]
    /// A third answer besides y and n, if the question has one: its key and what it does.
    public var alternative: Alternative?
    /// What the status bar says on n, if not "cancelled".
    public var declined: String?

    /// A third answer to a question.
    public enum Alternative: Sendable, Hashable {
        /// `f`: let the round in progress finish, then quit.
        case finishRoundThenQuit
        /// `a`: run these commands instead, accepting what the question warned of.
        case acceptAnyway([WorkbenchCommand])
    }

    /// A y/n question, or y/n and `alternative`; `declined` is said on n.
    public init(question: String, commands: [WorkbenchCommand], alternative: Alternative? = nil, declined: String? = nil) {
        self.question = question
        self.commands = commands
        self.alternative = alternative
        self.declined = declined
    }

    /// Whether settings made in this session (`:threshold`, `:theme`, the endpoint flags
    /// given to `tui`) go into the pool's `pool.toml`, so the next session starts with them.
    public static func remembering(_ settings: [RememberedSetting]) -> Confirmation {
        Confirmation(
            question: settings.map(\.description).joined(separator: ", ") + ": remember for this pool? (y/n)",
            commands: [.remember(settings)], declined: "kept for this session only")
    }
}

/// The question `r` asks: why the selected record is rejected, answered with a number
/// key for one of the pool's reasons or `n` for a note of one's own.
public struct ReasonPicker: Sendable, Hashable {
    /// The record to reject.
    public var recordID: String
    /// The pool's reasons, numbered from 1.
    public var reasons: [String]

    /// The question as the status bar shows it.
    public var question: String {
        let numbered = reasons.prefix(9).enumerated().map { "\($0.offset + 1) \($0.element)" }
        return "reject \(recordID) because: " + (numbered + ["n a note", "Esc cancel"]).joined(separator: " · ")
    }
}

/// A short message in the status bar until the next key.
public struct StatusMessage: Sendable, Hashable {
    /// The text.
    public var text: String
    /// Whether it reports a failure.
    public var isError: Bool
}
