/// Why generation stopped, as the server said ("stop", "length", ...), plus `unspecified`
/// when a whole answer carried none and `cutOff` when a stream ended early.
///
/// Only `length` and `cutOff` mean the text may be incomplete. Upstream reads nothing but
/// `finish_reason == "length"` as cut off, so an endpoint that never sends a finish reason
/// (some proxies and local servers) is taken at its word; a stream that closed before its
/// `[DONE]` without a finish reason is the one case we add, since its tail may be missing.
public struct FinishReason: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
    /// The server's word, or "cut_off".
    public let rawValue: String

    /// A reason as the server spelled it.
    public init(rawValue: String) { self.rawValue = rawValue }

    /// A stop sequence or the natural end.
    public static let stop = FinishReason(rawValue: "stop")
    /// max_tokens reached: the text is cut off (Self-Instruct drops such completions).
    public static let length = FinishReason(rawValue: "length")
    /// The server's content filter removed output.
    public static let contentFilter = FinishReason(rawValue: "content_filter")
    /// A stream closed without `[DONE]` and without a finish reason: the text may be cut off.
    public static let cutOff = FinishReason(rawValue: "cut_off")
    /// The answer was whole (a JSON answer, or a stream that reached `[DONE]`) but named no
    /// finish reason: not cut off, as upstream reads it. The pool stores no finish reason then.
    public static let unspecified = FinishReason(rawValue: "unspecified")

    /// True when the text may be incomplete (`length` or `cutOff`).
    public var isTruncated: Bool { self == .length || self == .cutOff }

    /// The raw value.
    public var description: String { rawValue }
}

/// A finished generation: the choices (one per `n`), token usage and cost.
public struct Completion: Sendable, Equatable {
    /// One generated text.
    public struct Choice: Sendable, Equatable {
        /// Its position, from 0 to n - 1.
        public var index: Int
        /// The generated text (for chat, the assistant message's content).
        public var text: String
        /// Why generation stopped.
        public var finishReason: FinishReason

        /// A choice.
        public init(index: Int, text: String, finishReason: FinishReason) {
            self.index = index
            self.text = text
            self.finishReason = finishReason
        }
    }

    /// The model that answered, as the server named it.
    public var model: String
    /// The generated texts, in index order.
    public var choices: [Choice]
    /// Tokens used, summed over fanned-out requests; nil if the server did not say.
    public var usage: Usage?
    /// Cost in the price table's currency; 0 for local endpoints and unknown models.
    public var cost: Double
    /// HTTP requests sent, retries included.
    public var attempts: Int

    /// A completion.
    public init(model: String, choices: [Choice], usage: Usage?, cost: Double = 0, attempts: Int = 1) {
        self.model = model
        self.choices = choices
        self.usage = usage
        self.cost = cost
        self.attempts = attempts
    }

    /// The first choice's text.
    public var text: String { choices.first?.text ?? "" }
    /// The first choice's finish reason.
    public var finishReason: FinishReason { choices.first?.finishReason ?? .unspecified }
}

/// What a stream delivers, in order: text as it arrives, then one `finished`, then
/// `usage` if the server sent it (llama.cpp's server does not).
public enum StreamEvent: Sendable, Equatable {
    /// The next piece of text.
    case text(String)
    /// Generation ended; `.unspecified` when the stream reached `[DONE]` without a finish
    /// reason, `.cutOff` when it closed before `[DONE]` without one.
    case finished(FinishReason)
    /// Token usage of the whole request.
    case usage(Usage)
}
