import LLM
import Testing
import TestSupport

/// Uniform draws in 0..<1 from a seeded SplitMix64, so weighted choices repeat exactly.
func seededDraws(_ seed: UInt64) -> () -> Double {
    var generator = SplitMix64(seed: seed)
    return { Double(generator.next() >> 11) / Double(1 << 53) }
}

@Suite struct EndpointDispatcherTests {
    let start = ContinuousClock.now

    /// How many of `count` choices went to each endpoint, each finished as answered at once.
    func shares(_ dispatcher: inout EndpointDispatcher, count: Int, now: ContinuousClock.Instant, draw: () -> Double) -> [Int] {
        var counts = [Int](repeating: 0, count: 3)
        for _ in 0..<count {
            guard case .endpoint(let index) = dispatcher.choose(now: now, draw: draw()) else { continue }
            counts[index] += 1
            dispatcher.finished(index, .answered, now: now)
        }
        return counts
    }

    @Test func spreadsRequestsInProportionToTheWeights() {
        var dispatcher = EndpointDispatcher(weights: [3, 1, 0.5], maxInFlight: [4, 4, 4])
        let counts = shares(&dispatcher, count: 9_000, now: start, draw: seededDraws(1))
        // 3 : 1 : 0.5 of 9,000 is 6,000 : 2,000 : 1,000.
        #expect(abs(counts[0] - 6_000) < 200)
        #expect(abs(counts[1] - 2_000) < 150)
        #expect(abs(counts[2] - 1_000) < 100)
    }

    @Test func theDrawDecidesAlongTheWeights() {
        var dispatcher = EndpointDispatcher(weights: [1, 3], maxInFlight: [8, 8])
        #expect(dispatcher.choose(now: start, draw: 0.2) == .endpoint(0))
        #expect(dispatcher.choose(now: start, draw: 0.3) == .endpoint(1))
        #expect(dispatcher.choose(now: start, draw: 0.999) == .endpoint(1))
    }

    @Test func aFailingEndpointRestsAndItsShareMovesToTheOthersUntilItsBackoffEnds() {
        var dispatcher = EndpointDispatcher(weights: [1, 1, 1], maxInFlight: [4, 4, 4],
                                            backoff: .init(base: .seconds(2), max: .seconds(30)))
        guard case .endpoint(let failing) = dispatcher.choose(now: start, draw: 0.5) else { Issue.record("no choice"); return }
        dispatcher.finished(failing, .failedForNow, now: start)
        let during = shares(&dispatcher, count: 600, now: start + .seconds(1), draw: seededDraws(2))
        #expect(during[failing] == 0)
        #expect(during.reduce(0, +) == 600)
        #expect(during.filter { $0 > 250 }.count == 2)
        let after = shares(&dispatcher, count: 600, now: start + .seconds(2), draw: seededDraws(3))
        #expect(after[failing] > 150)
    }

    @Test func aRetryAfterLongerThanTheBackoffIsTheRestAndAShorterOneLeavesTheBackoff() {
        var dispatcher = EndpointDispatcher(weights: [1, 1], maxInFlight: [4, 4], backoff: .init(base: .seconds(2), max: .seconds(30)))
        #expect(dispatcher.choose(now: start, draw: 0) == .endpoint(0))
        dispatcher.finished(0, .failedForNow, now: start, retryAfter: .seconds(45))
        #expect(dispatcher.restingUntil(0, at: start) == start + .seconds(45))
        #expect(dispatcher.isHealthy(0, at: start + .seconds(44)) == false)
        #expect(dispatcher.isHealthy(0, at: start + .seconds(45)))

        let later = start + .seconds(100)
        #expect(dispatcher.choose(now: later, draw: 0) == .endpoint(0))
        dispatcher.finished(0, .failedForNow, now: later, retryAfter: .milliseconds(500))
        // The second failure in a row: twice the base, longer than the half second asked.
        #expect(dispatcher.restingUntil(0, at: later) == later + .seconds(4))
    }

    @Test func restsDoubleWithFailuresInARowUpToTheCapAndAnAnswerEndsThem() {
        var dispatcher = EndpointDispatcher(weights: [1, 1], maxInFlight: [4, 4], backoff: .init(base: .seconds(1), max: .seconds(5)))
        var now = start
        var rests: [Duration] = []
        for _ in 0..<5 {
            while dispatcher.choose(now: now, draw: 0) != .endpoint(0) { dispatcher.finished(1, .answered, now: now) }
            dispatcher.finished(0, .failedForNow, now: now)
            let until = dispatcher.restingUntil(0, at: now)!
            rests.append(until - now)
            now = until
        }
        #expect(rests == [.seconds(1), .seconds(2), .seconds(4), .seconds(5), .seconds(5)])
        #expect(dispatcher.choose(now: now, draw: 0) == .endpoint(0))
        dispatcher.finished(0, .answered, now: now)
        #expect(dispatcher.choose(now: now, draw: 0) == .endpoint(0))
        dispatcher.finished(0, .failedForNow, now: now)
        #expect(dispatcher.restingUntil(0, at: now) == now + .seconds(1))
    }

    @Test func whenEveryEndpointRestsTheRequestWaitsForTheFirstToWake() {
        var dispatcher = EndpointDispatcher(weights: [1, 1], maxInFlight: [4, 4], backoff: .init(base: .seconds(3)))
        _ = dispatcher.choose(now: start, draw: 0)
        dispatcher.finished(0, .failedForNow, now: start)
        _ = dispatcher.choose(now: start + .seconds(1), draw: 0)
        dispatcher.finished(1, .failedForNow, now: start + .seconds(1))
        #expect(dispatcher.choose(now: start + .seconds(2), draw: 0.9) == .wait(until: start + .seconds(3)))
        #expect(dispatcher.choose(now: start + .seconds(3), draw: 0.9) == .endpoint(0))
    }

    @Test func anUnusableEndpointIsLeftOutForGoodAndNoneLeftSaysSo() {
        var dispatcher = EndpointDispatcher(weights: [5, 1], maxInFlight: [4, 4])
        _ = dispatcher.choose(now: start, draw: 0)
        dispatcher.finished(0, .unusable, now: start)
        let later = shares(&dispatcher, count: 100, now: start + .seconds(3600), draw: seededDraws(4))
        #expect(later == [0, 100, 0])
        _ = dispatcher.choose(now: start, draw: 0)
        dispatcher.finished(1, .unusable, now: start)
        #expect(dispatcher.choose(now: start, draw: 0) == .noneUsable)
    }

    @Test func aRequestFailureLeavesTheEndpointHealthy() {
        var dispatcher = EndpointDispatcher(weights: [1], maxInFlight: [1])
        _ = dispatcher.choose(now: start, draw: 0)
        dispatcher.finished(0, .requestFailed, now: start)
        #expect(dispatcher.isHealthy(0, at: start))
        #expect(dispatcher.inFlight(0) == 0)
    }

    @Test func anEndpointWithAFreeSlotIsPreferredOverOneAtItsLimit() {
        var dispatcher = EndpointDispatcher(weights: [100, 1], maxInFlight: [1, 4])
        #expect(dispatcher.choose(now: start, draw: 0) == .endpoint(0))
        #expect(dispatcher.choose(now: start, draw: 0) == .endpoint(1))
        #expect(dispatcher.inFlight(0) == 1)
        #expect(dispatcher.inFlight(1) == 1)
    }
}
