/// The time source for retry waits and rate limits. Injected so that tests advance time
/// by hand instead of sleeping.
public protocol ClientClock: Sendable {
    /// The current instant.
    func now() -> ContinuousClock.Instant
    /// Returns at `deadline` (at once if it passed); throws if the task is cancelled.
    func sleep(until deadline: ContinuousClock.Instant) async throws
}

/// The real clock.
public struct SystemClock: ClientClock {
    /// The real clock.
    public init() {}

    /// `ContinuousClock.now`.
    public func now() -> ContinuousClock.Instant { .now }

    /// Sleeps on `ContinuousClock`.
    public func sleep(until deadline: ContinuousClock.Instant) async throws {
        try await ContinuousClock().sleep(until: deadline)
    }
}
