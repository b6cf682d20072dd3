import Foundation
import Testing
@testable import LLM

@Suite struct RetryStateMachineTests {
    let policy = RetryPolicy(maxAttempts: 4, baseDelay: .seconds(1), maxDelay: .seconds(10), jitter: 0.25)

    @Test func backsOffExponentiallyWithinTheJitterBandUntilAttemptsRunOut() {
        var machine = RetryStateMachine(policy: policy, maxTokens: nil)
        let failure = AttemptFailure.serverError(status: 503, excerpt: "busy")
        #expect(machine.attemptFailed(failure, jitter: 0) == .retry(after: .milliseconds(750), reason: .serverError(status: 503)))
        #expect(machine.attemptFailed(failure, jitter: 0.5) == .retry(after: .seconds(2), reason: .serverError(status: 503)))
        #expect(machine.attemptFailed(failure, jitter: 0.999_999) == .retry(after: .seconds(5), reason: .serverError(status: 503)))
        #expect(machine.attemptFailed(failure, jitter: 0.5) == .fail(failure))
        #expect(machine.sent == 4)
    }

    @Test func capsBackoffAtMaxDelay() {
        var machine = RetryStateMachine(policy: RetryPolicy(maxAttempts: 10, baseDelay: .seconds(4), maxDelay: .seconds(10), jitter: 0.25), maxTokens: nil)
        for _ in 0..<3 { _ = machine.attemptFailed(.timedOut("slow"), jitter: 1) }
        #expect(machine.backoff(jitter: 0.999_999) == .seconds(10))
    }

    @Test func honoursRetryAfterExactly() {
        var machine = RetryStateMachine(policy: policy, maxTokens: nil)
        #expect(machine.attemptFailed(.rateLimited(retryAfter: .seconds(7), excerpt: ""), jitter: 0.9)
                == .retry(after: .seconds(7), reason: .rateLimited(retryAfter: .seconds(7))))
    }

    @Test func givesUpWhenRetryAfterExceedsThePolicy() {
        var machine = RetryStateMachine(policy: policy, maxTokens: nil)
        #expect(machine.attemptFailed(.rateLimited(retryAfter: .seconds(3600), excerpt: ""), jitter: 0)
                == .fail(.rateLimitWaitTooLong(.seconds(3600), limit: .seconds(300))))
    }

    @Test func shrinksMaxTokensOnContextOverflowWithoutSpendingAttempts() {
        var machine = RetryStateMachine(policy: policy, maxTokens: 100)
        let overflow = AttemptFailure.contextLengthExceeded(message: "too long", maxTokens: 100)
        #expect(machine.attemptFailed(overflow, jitter: 0) == .retry(after: .zero, reason: .contextLengthExceeded(newMaxTokens: 80)))
        #expect(machine.attemptFailed(overflow, jitter: 0) == .retry(after: .zero, reason: .contextLengthExceeded(newMaxTokens: 64)))
        #expect(machine.maxTokens == 64)
        #expect(machine.attempt == 1)
    }

    @Test func failsOnContextOverflowWhenThereIsNoMaxTokensToShrink() {
        var machine = RetryStateMachine(policy: policy, maxTokens: nil)
        let overflow = AttemptFailure.contextLengthExceeded(message: "too long", maxTokens: nil)
        #expect(machine.attemptFailed(overflow, jitter: 0) == .fail(overflow))
    }

    @Test(arguments: [
        AttemptFailure.unauthorized("bad key"), .forbidden("no"), .notFound("where"),
        .badRequest(status: 422, excerpt: "bad"), .notJSON(status: 200, excerpt: "<html>"),
        .malformed("odd"), .emptyChoices,
    ])
    func neverRetriesClientErrorsOrBadAnswers(failure: AttemptFailure) {
        var machine = RetryStateMachine(policy: policy, maxTokens: 100)
        #expect(machine.attemptFailed(failure, jitter: 0) == .fail(failure))
    }

    @Test func classifiesAnswersAndParsesRetryAfterDates() {
        let headers = { (value: String) -> HTTPHeaders in
            var headers = HTTPHeaders()
            headers.parseLine("Retry-After: \(value)\r\n")
            return headers
        }
        let now = Date(timeIntervalSince1970: 1_700_000_000)
        #expect(AttemptFailure(status: 429, headers: headers("2"), body: Data(), maxTokens: nil)
                == .rateLimited(retryAfter: .seconds(2), excerpt: "an empty body"))
        #expect(AttemptFailure(status: 429, headers: headers("Tue, 14 Nov 2023 22:13:40 GMT"), body: Data(), maxTokens: nil, now: now)
                == .rateLimited(retryAfter: .seconds(20), excerpt: "an empty body"))
        #expect(AttemptFailure(status: 503, headers: HTTPHeaders(), body: Data("<html>down</html>".utf8), maxTokens: nil)
                == .serverError(status: 503, excerpt: "“<html>down</html>”"))
    }
}
