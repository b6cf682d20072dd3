import LLM
import Synchronization

/// A clock whose sleeps return at once, moving time to their deadline; records each wait.
/// `beforeSleep` runs at the start of each sleep (numbered from 0), to script what the
/// server does next.
final class InstantClock: ClientClock {
    private let state = Mutex<(now: ContinuousClock.Instant, sleeps: [Duration])>((.now, []))
    private let beforeSleep: @Sendable (Int) -> Void

    init(beforeSleep: @escaping @Sendable (Int) -> Void = { _ in }) {
        self.beforeSleep = beforeSleep
    }

    func now() -> ContinuousClock.Instant { state.withLock { $0.now } }

    func sleep(until deadline: ContinuousClock.Instant) async throws {
        try Task.checkCancellation()
        beforeSleep(sleeps.count)
        state.withLock { state in
            state.sleeps.append(deadline - state.now)
            state.now = max(state.now, deadline)
        }
    }

    /// Every wait asked for, in order.
    var sleeps: [Duration] { state.withLock { $0.sleeps } }
}

/// A clock whose sleeps never end until their task is cancelled: a run waiting on it is
/// stopped mid-poll, as a killed process is. `firstSleep()` returns once a sleep began.
final class HeldClock: ClientClock {
    private let state = Mutex<(sleeping: Bool, waiters: [CheckedContinuation<Void, Never>])>((false, []))

    func now() -> ContinuousClock.Instant { .now }

    func sleep(until deadline: ContinuousClock.Instant) async throws {
        let waiters = state.withLock { state in
            state.sleeping = true
            defer { state.waiters.removeAll() }
            return state.waiters
        }
        for waiter in waiters { waiter.resume() }
        // Suspends until cancelled: an AsyncStream that never yields ends on cancellation.
        for await _ in AsyncStream<Never> { _ in } {}
        throw CancellationError()
    }

    /// Returns once some task sleeps on this clock.
    func firstSleep() async {
        await withCheckedContinuation { continuation in
            let sleeping = state.withLock { state in
                if !state.sleeping { state.waiters.append(continuation) }
                return state.sleeping
            }
            if sleeping { continuation.resume() }
        }
    }
}
