/// Decides when the engine stops asking an endpoint: at once on a failure no retry mends,
/// or after `limit` rounds (or stage batches) in a row whose every request failed, so a dead
/// or misconfigured endpoint never turns a run into a loop of requests.
struct CircuitBreaker: Sendable {
    /// Failed rounds in a row that halt the run.
    let limit: Int
    /// Rounds in a row whose every request failed, so far.
    private(set) var failedInARow = 0

    init(limit: Int) {
        self.limit = max(1, limit)
    }

    /// The halt a failure calls for at once, before the round ends; nil if it may pass.
    static func haltAtOnce(for failure: RequestFailure) -> HaltReason? {
        failure.makesEndpointUnusable ? .endpointUnusable(failure) : nil
    }

    /// Notes a finished round of `stage` that sent `requests` requests, of which `failures`
    /// yielded nothing; returns why the run must stop, or nil to go on.
    mutating func roundEnded(stage: Stage, requests: Int, failures: [RequestFailure]) -> HaltReason? {
        if let halt = failures.lazy.compactMap(Self.haltAtOnce).first { return halt }
        guard requests > 0, failures.count >= requests, let last = failures.last else {
            failedInARow = 0
            return nil
        }
        failedInARow += 1
        return failedInARow >= limit ? .everyRequestFailed(rounds: failedInARow, stage: stage, last: last) : nil
    }
}
