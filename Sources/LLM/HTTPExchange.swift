import Foundation
import Synchronization

/// A whole response: status, headers and the body (empty when `streamed`: a successful
/// event stream's bytes went to the stream's handler).
struct HTTPResponse: Sendable {
    var status: Int
    var headers: HTTPHeaders
    var body: Data
    /// The body went to the stream handler as it arrived, not into `body`.
    var streamed = false
}

extension CurlMulti {
    /// Runs one exchange. With `streamBody`, the bytes of a 2xx `text/event-stream` answer
    /// go to it as they arrive, on the transfer thread; other answers (an error, or a login
    /// page where a stream was expected) are collected into the response.
    /// Throws `TransportFailure` when no complete answer came, `CancellationError` when
    /// the task was cancelled.
    func send(
        _ spec: HTTPRequestSpec,
        streamBody: (@Sendable (UnsafeRawBufferPointer) -> Void)? = nil
    ) async throws -> HTTPResponse {
        let cancellation = CancellationLatch()
        return try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { continuation in
                let sink = CollectingSink(continuation: continuation, streamBody: streamBody)
                cancellation.arm(start(spec, sink: sink))
            }
        } onCancel: {
            cancellation.fire()
        }
    }
}

/// Holds a transfer's handle so that a cancellation arriving before or after the transfer
/// started cancels it exactly when both are known.
private final class CancellationLatch: Sendable {
    private let state = Mutex<(handle: TransferHandle?, fired: Bool)>((nil, false))

    func arm(_ handle: TransferHandle) {
        let fired = state.withLock { state in
            state.handle = handle
            return state.fired
        }
        if fired { handle.cancel() }
    }

    func fire() {
        let handle = state.withLock { state in
            state.fired = true
            return state.handle
        }
        handle?.cancel()
    }
}

/// Collects a response on the transfer thread and resumes the waiting task at the end.
private final class CollectingSink: TransferSink, @unchecked Sendable {
    private let continuation: CheckedContinuation<HTTPResponse, any Error>
    private let streamBody: (@Sendable (UnsafeRawBufferPointer) -> Void)?
    private var body = Data()
    private var streamed = false

    init(continuation: CheckedContinuation<HTTPResponse, any Error>,
         streamBody: (@Sendable (UnsafeRawBufferPointer) -> Void)?) {
        self.continuation = continuation
        self.streamBody = streamBody
    }

    func receive(status: Int, headers: HTTPHeaders, bytes: UnsafeRawBufferPointer) {
        if let streamBody, (200..<300).contains(status), headers.isEventStream {
            streamed = true
            streamBody(bytes)
        } else {
            body.append(contentsOf: bytes)
        }
    }

    func finish(status: Int, headers: HTTPHeaders, outcome: TransferOutcome) {
        switch outcome {
        case .completed:
            continuation.resume(returning: HTTPResponse(status: status, headers: headers, body: body, streamed: streamed))
        case .failed(let failure):
            continuation.resume(throwing: failure)
        case .cancelled:
            continuation.resume(throwing: CancellationError())
        }
    }
}
