import Foundation

/// Turns an OpenAI-style SSE body into `StreamEvent`s as bytes arrive: `data:` chunks of
/// JSON, comments (`: ping`) skipped, `[DONE]` ending it. Fed on the transfer thread while
/// the transfer runs, read by the requesting task after it ended. A stream whose first
/// chunk has no `choices`, or that carries no chunk at all, is not an OpenAI stream: it
/// fails rather than passing for an empty, cut-off completion.
final class StreamDecoder: @unchecked Sendable {
    private var parser = ServerSentEventParser()
    private let continuation: AsyncThrowingStream<StreamEvent, any Error>.Continuation
    private var done = false
    /// A `data:` chunk other than `[DONE]` arrived.
    private var sawChunk = false
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

    /// The body ended cleanly: delivers a pending event, a finish if the server gave none
    /// (`.unspecified` after `[DONE]`, else `.cutOff`: the stream may have lost its tail),
    /// and the usage.
    func finish() {
        if failure == nil, !done { handle(parser.finish()) }
        if failure == nil, !sawChunk { failure = .malformed("its event stream carried no data") }
        guard failure == nil else { return }
        if !sawFinish {
            sawFinish = true
            continuation.yield(.finished(done ? .unspecified : .cutOff))
        }
        if let usage { continuation.yield(.usage(usage)) }
    }

    /// Delivers a whole JSON answer that came where a stream was asked for (a server that
    /// ignores `stream: true`), or records why `body` is not one (an HTML login page, say).
    func decodeWhole(_ body: Data, status: Int) {
        switch WireResponse.decode(body, status: status).flatMap({ wire in wire.singleChoice().map { (wire, $0) } }) {
        case .failure(let problem):
            failure = problem
        case .success(let (wire, choice)):
            model = wire.model
            usage = wire.decodedUsage
            if !choice.text.isEmpty {
                deliveredText = true
                continuation.yield(.text(choice.text))
            }
            sawFinish = true
            continuation.yield(.finished(choice.finishReason))
            if let usage { continuation.yield(.usage(usage)) }
        }
    }

    private func handle(_ events: [ServerSentEvent]) {
        for event in events where !done && failure == nil {
            if event.data.trimmingCharacters(in: .whitespaces) == "[DONE]" {
                done = true
                return
            }
            defer { sawChunk = true }
            switch WireResponse.decode(Data(event.data.utf8), status: 200) {
            case .failure(let problem):
                fail(problem)
            case .success(let chunk) where !sawChunk && chunk.choices == nil:
                fail(.malformed("its first event has no \"choices\" field"))
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

    /// Records why the stream is unusable. After text, the endpoint evidently streams: a
    /// garbled or cut event then is an interrupted stream, not a wrong endpoint.
    private func fail(_ problem: AttemptFailure) {
        switch (deliveredText, problem) {
        case (true, .notJSON(_, let excerpt)):
            failure = .streamInterrupted("a later event is not JSON (\(excerpt))")
        case (true, .malformed(let message)):
            failure = .streamInterrupted("a later event is not an OpenAI-compatible chunk: \(message)")
        default:
            failure = problem
        }
    }
}
