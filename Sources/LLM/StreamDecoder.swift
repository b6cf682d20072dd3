import Foundation

/// Turns an OpenAI-style SSE body into `StreamEvent`s as bytes arrive: `data:` chunks of
/// JSON, comments (`: ping`) skipped, `[DONE]` ending it. Fed on the transfer thread while
/// the transfer runs, read by the requesting task after it ended.
final class StreamDecoder: @unchecked Sendable {
    private var parser = ServerSentEventParser()
    private let continuation: AsyncThrowingStream<StreamEvent, any Error>.Continuation
    private var done = false
    /// Text reached the consumer: a retry would repeat it.
    private(set) var deliveredText = false
    /// The server gave a finish reason.
    private(set) var sawFinish = false
    private(set) var usage: Usage?
    private(set) var model: String?
    /// The first chunk that was not an OpenAI-style chunk; nothing after it is delivered.
    private(set) var failure: AttemptFailure?

    init(continuation: AsyncThrowingStream<StreamEvent, any Error>.Continuation) {
        self.continuation = continuation
    }

    func feed(_ bytes: UnsafeRawBufferPointer) {
        guard failure == nil, !done else { return }
        handle(parser.feed(bytes))
    }

    /// The body ended cleanly: delivers a pending event, a `.cutOff` finish if the server
    /// gave none, and the usage.
    func finish() {
        if failure == nil, !done { handle(parser.finish()) }
        guard failure == nil else { return }
        if !sawFinish {
            sawFinish = true
            continuation.yield(.finished(.cutOff))
        }
        if let usage { continuation.yield(.usage(usage)) }
    }

    private func handle(_ events: [ServerSentEvent]) {
        for event in events where !done && failure == nil {
            if event.data.trimmingCharacters(in: .whitespaces) == "[DONE]" {
                done = true
                return
            }
            switch WireResponse.decode(Data(event.data.utf8), status: 200) {
            case .failure(let problem):
                failure = problem
            case .success(let chunk):
                model = chunk.model ?? model
                if let chunkUsage = chunk.decodedUsage { usage = chunkUsage }
                for choice in chunk.choices ?? [] where (choice.index ?? 0) == 0 {
                    if let text = choice.content, !text.isEmpty {
                        deliveredText = true
                        continuation.yield(.text(text))
                    }
                    if let reason = choice.finish_reason, !sawFinish {
                        sawFinish = true
                        continuation.yield(.finished(FinishReason(rawValue: reason)))
                    }
                }
            }
        }
    }
}
