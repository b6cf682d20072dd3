/// What is sent to the model: a text to continue (POST /completions), or chat messages
/// (POST /chat/completions). The client's one prompt type.
public enum Prompt: Sendable, Hashable {
    /// A completion prompt, sent as is.
    case completion(String)
    /// Chat messages, sent in order.
    case chat([ChatMessage])

    /// The prompt for `api`: the completion text itself, or `system` followed by the
    /// completion text as the user message.
    public init(api: EndpointConfiguration.API, system: String, text: String) {
        switch api {
        case .completions: self = .completion(text)
        case .chat: self = .chat([ChatMessage(.system, system), ChatMessage(.user, text)])
        }
    }

    /// The text the model continues or answers: the completion text or the user message.
    public var text: String {
        switch self {
        case .completion(let text): return text
        case .chat(let messages): return messages.last?.content ?? ""
        }
    }

    /// The endpoint path it goes to.
    var path: String {
        switch self {
        case .completion: "/completions"
        case .chat: "/chat/completions"
        }
    }

    /// Its size in bytes, for token estimates (the rate limiter's, the engine's budget).
    public var byteCount: Int {
        switch self {
        case .completion(let text): text.utf8.count
        case .chat(let messages): messages.reduce(0) { $0 + $1.content.utf8.count }
        }
    }
}
