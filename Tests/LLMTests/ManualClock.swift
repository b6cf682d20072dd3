import LLM
import Synchronization

/// A clock whose sleeps return at once: each moves time forward to its deadline and is
/// recorded, so tests check the waits without waiting.
final class ManualClock: ClientClock {
    private let state = Mutex<(now: ContinuousClock.Instant, sleeps: [Duration])>((.now, []))

    func now() -> ContinuousClock.Instant { state.withLock { $0.now } }

    func sleep(until deadline: ContinuousClock.Instant) async throws {
        try Task.checkCancellation()
        state.withLock { state in
            state.sleeps.append(deadline - state.now)
            state.now = max(state.now, deadline)
        }
    }

    /// Moves time forward by `duration`, as if the test waited.
    func advance(by duration: Duration) {
        state.withLock { $0.now = $0.now + duration }
    }

    /// Every wait asked for, in order.
    var sleeps: [Duration] { state.withLock { $0.sleeps } }
}

/// Collects the client's events for inspection.
final class EventLog: Sendable {
    private let events = Mutex<[ClientEvent]>([])

    func record(_ event: ClientEvent) { events.withLock { $0.append(event) } }

    var all: [ClientEvent] { events.withLock { $0 } }

    var retries: [RetryNotice] {
        all.compactMap { if case .retrying(let notice) = $0 { notice } else { nil } }
    }
}

/// The `LLMError` that `body` throws; nil when it returns or throws something else.
func llmError(_ body: () async throws -> some Any) async -> LLMError? {
    do {
        _ = try await body()
        return nil
    } catch {
        return error as? LLMError
    }
}
