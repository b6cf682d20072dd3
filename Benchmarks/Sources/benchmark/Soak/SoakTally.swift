import Engine
import Foundation
import LLM
import Synchronization

/// What the engine reported during the soak run, counted as the events arrive.
final class SoakTally: Sendable {
    private struct Counts {
        var rounds = 0
        var sent = 0
        var finished = 0
        var retries: [String: Int] = [:]
        var failures: [String: Int] = [:]
        var otherErrors: [String: Int] = [:]
        var halts: [String: Int] = [:]
        var rejections: [String: Int] = [:]
    }

    private let counts = Mutex(Counts())

    /// Counts one event.
    func count(_ event: EngineEvent) {
        counts.withLock { counts in
            switch event {
            case .roundFinished(let summary):
                counts.rounds += 1
                counts.rejections.merge(summary.rejectedByReason, uniquingKeysWith: +)
            case .requestSent: counts.sent += 1
            case .requestFinished: counts.finished += 1
            case .requestRetried(let notice): counts.retries[Self.kind(of: notice.reason), default: 0] += 1
            case .error(let error) where error.failedRequest != nil:
                counts.failures[Self.shape(of: "\(error)"), default: 0] += 1
            case .error(let error): counts.otherErrors[Self.shape(of: "\(error)"), default: 0] += 1
            case .halted(let reason): counts.halts[Self.shape(of: "\(reason)"), default: 0] += 1
            default: break
            }
        }
    }

    /// Rounds finished and requests sent so far.
    var progress: (rounds: Int, sent: Int) { counts.withLock { ($0.rounds, $0.sent) } }

    /// Prints the counts.
    func report() {
        let counts = counts.withLock { $0 }
        print("engine: \(counts.rounds) rounds; \(counts.sent) requests sent, \(counts.finished) finished with a completion, "
              + "\(counts.failures.values.reduce(0, +)) failed for good")
        Self.printCounts("retries by reason", counts.retries)
        Self.printCounts("requests failed for good, by reason", counts.failures)
        Self.printCounts("other errors", counts.otherErrors)
        Self.printCounts("halts (each followed by a new run)", counts.halts)
        Self.printCounts("candidates rejected, by reason", counts.rejections)
    }

    private static func printCounts(_ title: String, _ counts: [String: Int]) {
        print("  \(title): " + (counts.isEmpty ? "none" : ""))
        for (text, count) in counts.sorted(by: { $0.value > $1.value }) {
            print(String(format: "    %6d  ", count) + text)
        }
    }

    /// The retry reason without its numbers, so that retries group by kind.
    private static func kind(of reason: RetryReason) -> String {
        switch reason {
        case .rateLimited: "HTTP 429"
        case .serverError(let status): "HTTP \(status)"
        case .timedOut: "timed out"
        case .connectionFailed: "connection failed"
        case .contextLengthExceeded: "context length exceeded"
        }
    }

    /// An error's text with its request id, port and other numbers as "#", shortened, so
    /// that errors of one kind group together.
    private static func shape(of text: String) -> String {
        let masked = text.replacing(/\d+/, with: "#")
        return masked.count > 160 ? masked.prefix(160) + "…" : masked
    }
}
