/// Which kind of endpoint a prompt is built for.
public enum PromptAPI: String, Sendable, Hashable, Codable, CaseIterable {
    /// `/v1/completions`: one text that the model continues; the paper's setting (a base model).
    case completion
    /// `/v1/chat/completions`: a system message saying what to do and a user message holding
    /// the same text the completion form would send.
    case chat
}

/// One message of a chat prompt.
public struct ChatMessage: Sendable, Hashable, Codable {
    /// Who speaks.
    public enum Role: String, Sendable, Hashable, Codable {
        /// Standing instructions for the model.
        case system
        /// The request.
        case user
    }

    /// Who speaks.
    public var role: Role
    /// What is said.
    public var content: String

    /// A message from `role` saying `content`.
    public init(role: Role, content: String) {
        self.role = role
        self.content = content
    }
}

/// What is sent to the model: a text to continue, or chat messages.
public enum Prompt: Sendable, Hashable {
    /// A completion prompt, sent as is.
    case completion(String)
    /// Chat messages, sent in order.
    case chat([ChatMessage])

    /// The prompt for `api`: the completion text itself, or `system` followed by the
    /// completion text as the user message.
    init(api: PromptAPI, system: String, text: String) {
        switch api {
        case .completion: self = .completion(text)
        case .chat: self = .chat([ChatMessage(role: .system, content: system), ChatMessage(role: .user, content: text)])
        }
    }

    /// The text the model continues or answers: the completion text or the user message.
    public var text: String {
        switch self {
        case .completion(let text): return text
        case .chat(let messages): return messages.last?.content ?? ""
        }
    }
}
