import LLM
import Synchronization

/// A client clock that moves only when the test advances it: a sleep waits until the
/// clock reaches its deadline (or its task is cancelled), so a test sees exactly which
/// request may go out at which instant, without waiting in real time.
final class HandClock: ClientClock {
    private struct Sleeper {
        var id: Int
        var deadline: ContinuousClock.Instant
        var continuation: CheckedContinuation<Void, any Error>
    }

    private struct State {
        var now = ContinuousClock.now
        var sleepers: [Sleeper] = []
        var nextID = 0
        var sleepWatchers: [CheckedContinuation<Void, Never>] = []
    }

    private let state = Mutex(State())
    /// The instant the clock started at.
    let start: ContinuousClock.Instant

    init() {
        start = state.withLock { $0.now }
    }

    func now() -> ContinuousClock.Instant { state.withLock { $0.now } }

    /// Time advanced since the clock started.
    var elapsed: Duration { now() - start }

    /// Sleeps under way.
    var sleeperCount: Int { state.withLock { $0.sleepers.count } }

    func sleep(until deadline: ContinuousClock.Instant) async throws {
        let id = state.withLock { state in
            defer { state.nextID += 1 }
            return state.nextID
        }
        try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
                let (ready, watchers) = state.withLock { state -> (Bool, [CheckedContinuation<Void, Never>]) in
                    if deadline <= state.now { return (true, []) }
                    if Task.isCancelled { return (true, []) }
                    state.sleepers.append(Sleeper(id: id, deadline: deadline, continuation: continuation))
                    defer { state.sleepWatchers.removeAll() }
                    return (false, state.sleepWatchers)
                }
                if ready { continuation.resume() }
                for watcher in watchers { watcher.resume() }
            }
        } onCancel: {
            let sleeper = state.withLock { state -> Sleeper? in
                guard let index = state.sleepers.firstIndex(where: { $0.id == id }) else { return nil }
                return state.sleepers.remove(at: index)
            }
            sleeper?.continuation.resume(throwing: CancellationError())
        }
        try Task.checkCancellation()
    }

    /// Moves time forward, waking the sleeps whose deadline it reaches.
    func advance(by duration: Duration) {
        let woken = state.withLock { state -> [Sleeper] in
            state.now += duration
            let now = state.now
            defer { state.sleepers.removeAll { $0.deadline <= now } }
            return state.sleepers.filter { $0.deadline <= now }
        }
        for sleeper in woken { sleeper.continuation.resume() }
    }

    /// Returns once a sleep is under way.
    func untilSomeoneSleeps() async {
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            let sleeping = state.withLock { state -> Bool in
                if !state.sleepers.isEmpty { return true }
                state.sleepWatchers.append(continuation)
                return false
            }
            if sleeping { continuation.resume() }
        }
    }
}
