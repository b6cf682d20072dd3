import Synchronization

/// Client-side limits, so a run stays inside a provider's quota instead of collecting 429s.
public struct RateLimits: Sendable, Equatable {
    /// Requests on the wire at once.
    public var maxInFlight: Int
    /// Requests started in any 60 s window; nil for no limit.
    public var requestsPerMinute: Int?
    /// Tokens (estimated: prompt bytes / 4 + max_tokens) in any 60 s window; nil for no limit.
    public var tokensPerMinute: Int?

    /// Limits; by default 16 in flight and no per-minute caps.
    public init(maxInFlight: Int = 16, requestsPerMinute: Int? = nil, tokensPerMinute: Int? = nil) {
        self.maxInFlight = max(1, maxInFlight)
        self.requestsPerMinute = requestsPerMinute
        self.tokensPerMinute = tokensPerMinute
    }
}

/// Admits requests under `RateLimits`: a FIFO queue for in-flight slots, and a sliding
/// 60 s window for requests and tokens per minute, waiting on the injected clock.
final class RateLimiter: Sendable {
    private struct State {
        var inFlight = 0
        var waiters: [(id: Int, continuation: CheckedContinuation<Void, any Error>)] = []
        var nextWaiter = 0
        /// Start time and estimated tokens of each request in the last minute.
        var window: [(at: ContinuousClock.Instant, tokens: Int)] = []
    }

    private let limits: RateLimits
    private let clock: any ClientClock
    private let state = Mutex(State())
    private static let minute = Duration.seconds(60)

    init(limits: RateLimits, clock: any ClientClock) {
        self.limits = limits
        self.clock = clock
    }

    /// Waits for a slot and for room in the window; call `release()` when the request ends.
    func acquire(estimatedTokens: Int) async throws {
        try await acquireSlot()
        do {
            try await waitForWindow(tokens: estimatedTokens)
        } catch {
            release()
            throw error
        }
    }

    /// Frees the slot, handing it to the longest waiter.
    func release() {
        let next = state.withLock { state -> CheckedContinuation<Void, any Error>? in
            if state.waiters.isEmpty {
                state.inFlight -= 1
                return nil
            }
            return state.waiters.removeFirst().continuation  // the slot passes on
        }
        next?.resume()
    }

    private func acquireSlot() async throws {
        let id = state.withLock { state in
            defer { state.nextWaiter += 1 }
            return state.nextWaiter
        }
        try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
                enum Admission { case admitted, queued, cancelled }
                let admission = state.withLock { state -> Admission in
                    if state.inFlight < limits.maxInFlight {
                        state.inFlight += 1
                        return .admitted
                    }
                    // Cancelled before queueing: onCancel already ran and found nothing.
                    if Task.isCancelled { return .cancelled }
                    state.waiters.append((id, continuation))
                    return .queued
                }
                switch admission {
                case .admitted: continuation.resume()
                case .cancelled: continuation.resume(throwing: CancellationError())
                case .queued: break
                }
            }
        } onCancel: {
            let waiter = state.withLock { state -> CheckedContinuation<Void, any Error>? in
                guard let index = state.waiters.firstIndex(where: { $0.id == id }) else { return nil }
                return state.waiters.remove(at: index).continuation
            }
            waiter?.resume(throwing: CancellationError())
        }
    }

    private func waitForWindow(tokens: Int) async throws {
        guard limits.requestsPerMinute != nil || limits.tokensPerMinute != nil else { return }
        while true {
            let now = clock.now()
            let wakeAt = state.withLock { state -> ContinuousClock.Instant? in
                state.window.removeAll { $0.at + Self.minute <= now }
                let requestsFull = limits.requestsPerMinute.map { state.window.count >= $0 } ?? false
                let used = state.window.reduce(0) { $0 + $1.tokens }
                // A request bigger than the whole budget goes alone into an empty window.
                let tokensFull = limits.tokensPerMinute.map { used + tokens > $0 && !state.window.isEmpty } ?? false
                if !requestsFull && !tokensFull {
                    state.window.append((now, tokens))
                    return nil
                }
                return state.window[0].at + Self.minute
            }
            guard let wakeAt else { return }
            try await clock.sleep(until: wakeAt)
        }
    }
}
