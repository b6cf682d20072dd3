import Testing
@testable import LLM

/// The wait state machine on hand-made instants: when a long wait is reported, in which
/// phase, and when the first-byte and idle timeouts end a transfer.
@Suite struct TransferWatchTests {
    let start = ContinuousClock.now
    let timeouts = EndpointConfiguration.Timeouts(connect: .seconds(10), firstByte: .seconds(20), idle: .seconds(8))

    @Test func staysQuietForTheFirstSecondsThenReportsOnceASecond() {
        var watch = TransferWatch(timeouts: timeouts, started: start)
        #expect(watch.check(at: start + .seconds(1), connected: false) == .quiet(next: start + .seconds(3)))
        #expect(watch.check(at: start + .milliseconds(3200), connected: false)
                == .waiting(.connection, waited: .milliseconds(3200), timeout: .seconds(10), next: start + .seconds(4)))
        #expect(watch.check(at: start + .milliseconds(3900), connected: true) == .quiet(next: start + .seconds(4)))
        #expect(watch.check(at: start + .seconds(4), connected: true)
                == .waiting(.firstByte, waited: .seconds(4), timeout: .seconds(20), next: start + .seconds(5)))
    }

    @Test func timesOutWithoutAFirstByteNamingTheTimeout() {
        var watch = TransferWatch(timeouts: timeouts, started: start)
        #expect(watch.check(at: start + .milliseconds(19_999), connected: true)
                == .waiting(.firstByte, waited: .milliseconds(19_999), timeout: .seconds(20), next: start + .seconds(20)))
        guard case .timedOut(let message) = watch.check(at: start + .seconds(20), connected: true) else {
            Issue.record("expected a timeout at the first-byte deadline")
            return
        }
        #expect(message.contains("no answer within 20 s") && message.contains("first-byte timeout"))
    }

    @Test func eachPieceRestartsTheIdleClock() {
        var watch = TransferWatch(timeouts: timeouts, started: start)
        watch.received(at: start + .seconds(15))
        #expect(watch.check(at: start + .seconds(22), connected: true)
                == .waiting(.nextPiece, waited: .seconds(7), timeout: .seconds(8), next: start + .seconds(23)))
        watch.received(at: start + .seconds(22))
        // The 8-s idle timeout is short: its waits are reported from a third of it.
        #expect(watch.check(at: start + .seconds(23), connected: true) == .quiet(next: start + .seconds(22) + .seconds(8) / 3))
        guard case .timedOut(let message) = watch.check(at: start + .seconds(30), connected: true) else {
            Issue.record("expected the idle timeout 8 s after the last piece")
            return
        }
        #expect(message.contains("nothing received for 8 s") && message.contains("idle timeout"))
    }

    @Test func neverSchedulesACheckPastTheDeadline() {
        var watch = TransferWatch(timeouts: EndpointConfiguration.Timeouts(firstByte: .milliseconds(1500)), started: start)
        #expect(watch.check(at: start + .seconds(1), connected: true)
                == .waiting(.firstByte, waited: .seconds(1), timeout: .milliseconds(1500), next: start + .milliseconds(1500)))
    }

    @Test func aShortTimeoutsWaitIsReportedBeforeItEnds() {
        // A 3-s first-byte timeout (`--timeout 3`): reported from 1 s, not after it has ended.
        var watch = TransferWatch(timeouts: EndpointConfiguration.Timeouts(firstByte: .seconds(3)), started: start)
        #expect(watch.check(at: start + .milliseconds(500), connected: true) == .quiet(next: start + .seconds(1)))
        #expect(watch.check(at: start + .seconds(1), connected: true)
                == .waiting(.firstByte, waited: .seconds(1), timeout: .seconds(3), next: start + .seconds(2)))
        #expect(watch.check(at: start + .seconds(2), connected: true)
                == .waiting(.firstByte, waited: .seconds(2), timeout: .seconds(3), next: start + .seconds(3)))
    }
}
