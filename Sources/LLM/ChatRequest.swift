/// One message of a chat conversation.
public struct ChatMessage: Sendable, Hashable, Codable {
    /// Who speaks.
    public enum Role: String, Sendable, Codable {
        /// Instructions for the model.
        case system
        /// The person.
        case user
        /// The model.
        case assistant
    }

    /// Who speaks.
    public var role: Role
    /// What they say.
    public var content: String

    /// A message.
    public init(_ role: Role, _ content: String) {
        self.role = role
        self.content = content
    }
}

/// A request to POST /chat/completions.
public struct ChatRequest: Sendable, Equatable {
    /// The model; nil uses the endpoint's.
    public var model: String?
    /// The conversation so far.
    public var messages: [ChatMessage]
    /// Sampling parameters.
    public var parameters: SamplingParameters

    /// A chat request.
    public init(messages: [ChatMessage], model: String? = nil, parameters: SamplingParameters = SamplingParameters()) {
        self.messages = messages
        self.model = model
        self.parameters = parameters
    }
}
