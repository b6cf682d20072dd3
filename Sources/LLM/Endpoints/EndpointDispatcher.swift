/// Decides which endpoint answers the next request: a weighted draw over the healthy ones
/// with a free slot, an endpoint that failed backed off for a while (doubling, capped) so its
/// share moves to the others, and one whose answers no retry mends left out for good.
/// A value with an injected time and draw, tested directly.
public struct EndpointDispatcher: Sendable {
    /// What the next request should do.
    public enum Choice: Sendable, Equatable {
        /// Go to the endpoint at this index.
        case endpoint(Int)
        /// Every usable endpoint is backed off: wait until this instant, then ask again.
        case wait(until: ContinuousClock.Instant)
        /// No endpoint is usable any more.
        case noneUsable
    }

    /// How a finished attempt went, for the endpoint's health.
    public enum Outcome: Sendable, Equatable {
        /// An answer came.
        case answered
        /// A failure that may pass (timeout, refused connection, 429, 5xx): backed off.
        case failedForNow
        /// A failure no retry mends (401, 403, 404, not an OpenAI API): left out for the run.
        case unusable
        /// A failure of the request, not of the endpoint (context too long, say).
        case requestFailed
    }

    /// How long an endpoint rests after failures in a row: `base` after the first, doubled
    /// after each further one, never longer than `max`.
    public struct Backoff: Sendable, Equatable {
        /// The rest after one failure.
        public var base: Duration
        /// The longest rest.
        public var max: Duration

        /// A backoff; 1 s doubling to 60 s by default.
        public init(base: Duration = .seconds(1), max: Duration = .seconds(60)) {
            self.base = base
            self.max = max
        }
    }

    struct Member: Sendable {
        var weight: Double
        var maxInFlight: Int
        var inFlight = 0
        var failuresInARow = 0
        var restingUntil: ContinuousClock.Instant?
        var unusable = false
    }

    private(set) var members: [Member]
    /// The rest after failures.
    public let backoff: Backoff

    /// A dispatcher over endpoints with these weights and in-flight limits, in order.
    public init(weights: [Double], maxInFlight: [Int], backoff: Backoff = Backoff()) {
        precondition(weights.count == maxInFlight.count && !weights.isEmpty, "one weight and one limit per endpoint")
        members = zip(weights, maxInFlight).map { Member(weight: $0 > 0 ? $0 : 1, maxInFlight: Swift.max(1, $1)) }
        self.backoff = backoff
    }

    /// Picks an endpoint for a request at `now` with `draw` uniform in 0..<1, and counts it
    /// in flight there. Among the healthy endpoints (not resting, not unusable) those with a
    /// free slot are drawn from by weight; if none has one, all healthy ones are (the
    /// endpoint's own limiter queues the request).
    public mutating func choose(now: ContinuousClock.Instant, draw: Double) -> Choice {
        // Two passes over the members and no array built: this runs for every request.
        guard members.indices.contains(where: { isHealthy($0, at: now) }) else {
            var soonest: ContinuousClock.Instant?
            for member in members where !member.unusable {
                if let wake = member.restingUntil, soonest.map({ wake < $0 }) ?? true { soonest = wake }
            }
            return soonest.map { .wait(until: $0) } ?? .noneUsable
        }
        let anyFree = members.indices.contains { isHealthy($0, at: now) && members[$0].inFlight < members[$0].maxInFlight }
        func eligible(_ index: Int) -> Bool {
            isHealthy(index, at: now) && (!anyFree || members[index].inFlight < members[index].maxInFlight)
        }
        var total = 0.0
        for index in members.indices where eligible(index) { total += members[index].weight }
        var point = Swift.min(Swift.max(draw, 0), 0.999_999_999_999) * total
        var chosen = 0
        for index in members.indices where eligible(index) {
            chosen = index
            if point < members[index].weight { break }
            point -= members[index].weight
        }
        members[chosen].inFlight += 1
        return .endpoint(chosen)
    }

    /// Notes how the request sent to `index` ended at `now`. A failure for now rests the
    /// endpoint for its backoff, or for as long as the server asked (`retryAfter`, a 429's
    /// Retry-After) when that is longer, so its share goes to the others meanwhile.
    public mutating func finished(_ index: Int, _ outcome: Outcome, now: ContinuousClock.Instant, retryAfter: Duration? = nil) {
        members[index].inFlight -= 1
        switch outcome {
        case .answered:
            members[index].failuresInARow = 0
            members[index].restingUntil = nil
        case .failedForNow:
            members[index].failuresInARow += 1
            members[index].restingUntil = now + Swift.max(rest(afterFailures: members[index].failuresInARow), retryAfter ?? .zero)
        case .unusable:
            members[index].unusable = true
        case .requestFailed:
            break
        }
    }

    /// Whether `index` takes requests at `now`: usable and not resting.
    public func isHealthy(_ index: Int, at now: ContinuousClock.Instant) -> Bool {
        let member = members[index]
        return !member.unusable && (member.restingUntil.map { now >= $0 } ?? true)
    }

    /// Whether `index` is left out for good.
    public func isUnusable(_ index: Int) -> Bool { members[index].unusable }

    /// Requests on the wire at `index`.
    public func inFlight(_ index: Int) -> Int { members[index].inFlight }

    /// Until when `index` rests, if it does at `now`.
    public func restingUntil(_ index: Int, at now: ContinuousClock.Instant) -> ContinuousClock.Instant? {
        members[index].restingUntil.flatMap { $0 > now ? $0 : nil }
    }

    private func rest(afterFailures failures: Int) -> Duration {
        let factor = Double(1 << Swift.min(Swift.max(failures - 1, 0), 30))
        let seconds = Swift.min(backoff.base.seconds * factor, backoff.max.seconds)
        return .milliseconds(Int64((seconds * 1000).rounded()))
    }
}
