import LLM

/// Why one request yielded nothing: the endpoint's error after the client's retries, or a
/// successful answer whose text holds no candidate at all. Says where (the URL) and what to do.
public struct RequestFailure: Sendable, Hashable, CustomStringConvertible {
    private enum Kind: Sendable, Hashable {
        case endpoint(LLMError.Code, unusable: Bool)
        case nothingUsable
        case other
    }

    private let kind: Kind
    /// What happened, where and what to do next.
    public let description: String

    private init(_ kind: Kind, _ description: String) {
        self.kind = kind
        self.description = description
    }

    /// The failure a request's error stands for.
    public init(_ error: any Error) {
        if let error = error as? LLMError {
            self.init(.endpoint(error.code, unusable: error.makesEndpointUnusable), error.description)
        } else {
            self.init(.other, "\(error)")
        }
    }

    /// `url` answered, but the text (`characters` long, ended for `finishReason`) holds no
    /// candidate: an empty completion, or one holding only list numbers.
    public static func nothingUsable(url: String, characters: Int, finishReason: FinishReason) -> RequestFailure {
        let text = characters == 0 ? "no text" : "\(characters) characters but no instruction"
        return RequestFailure(.nothingUsable,
            "\(url) answered with \(text) (finish reason \"\(finishReason.rawValue)\"). Check that the model continues the numbered list: a chat model needs --api chat, a base model --api completions.")
    }

    /// The client's code for an endpoint error; nil when the answer came but held nothing usable.
    public var code: LLMError.Code? {
        if case .endpoint(let code, _) = kind { return code }
        return nil
    }

    /// A short name of the cause, for counting failures by kind: the client's code
    /// (`serverError`, `timeout`, `rateLimited`, ...), `nothing-usable` or `other`.
    public var causeName: String {
        switch kind {
        case .endpoint(let code, _): code.description
        case .nothingUsable: "nothing-usable"
        case .other: "other"
        }
    }

    /// Whether asking again cannot help (`LLMError.makesEndpointUnusable`): the key is
    /// refused, the URL or model is unknown, the server rejects the request's shape, or a
    /// 200 answer is not an OpenAI-compatible API's.
    public var makesEndpointUnusable: Bool {
        if case .endpoint(_, let unusable) = kind { return unusable }
        return false
    }
}
