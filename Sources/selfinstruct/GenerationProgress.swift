import Engine
import Foundation
import LLM
import Terminal

/// The headless view of a run: one live line on a terminal (rewritten in place), plain log
/// lines otherwise. Both on stderr, so stdout stays free for data.
struct GenerationProgress {
    let live: Bool
    let goal: RunGoal
    let started = ContinuousClock.now
    var roundsFinished = 0
    var accepted = 0
    var pending = 0
    var rejectedByReason: [String: Int] = [:]
    var streamedTokens = 0
    var totals = UsageTotals()
    /// The latest wait for a slow endpoint, until a request finishes or fails.
    var waiting: WaitNotice?
    /// The cause of the last failed request, printed once however many requests it failed.
    var lastFailure: RequestFailure?
    var currentRound = 0
    var startingCount: Int
    /// Each endpoint's health as last logged, by name, when there are several.
    var endpointHealth: [String: String] = [:]

    init(goal: RunGoal, startingCount: Int) {
        live = isatty(STDERR_FILENO) == 1
        self.goal = goal
        self.startingCount = startingCount
    }

    mutating func handle(_ event: EngineEvent) {
        switch event {
        case .roundStarted(let round, let requests):
            currentRound = round
            if !live { log("round \(round): \(requests) requests") }
        case .roundFinished(let summary):
            roundsFinished += 1
            accepted += summary.accepted
            pending += summary.pending
            for (reason, count) in summary.rejectedByReason { rejectedByReason[reason, default: 0] += count }
            if !live { log(summary.description) }
        case .tokensStreamed: streamedTokens += 1
        case .usage(let usage): totals = usage
        case .requestRetried(let notice): log("retrying: \(notice)")
        case .requestWaiting(let notice):
            waiting = notice
            // A log line every 10 s of a wait; the live line shows every second.
            if !live && notice.waited.components.seconds % 10 == 0 { log(notice.description) }
        case .requestFinished: waiting = nil
        case .batchUpdated(let progress): log(progress.description)
        case .endpoints(let statuses): logHealthChanges(statuses)
        case .error(let error):
            waiting = nil
            report(error)
        case .classified(let id, let answer):
            if !live { log("\(id): \(answer.isClassification ? "classification" : "not classification") (answered \(answer.raw.debugDescription))") }
        case .instancesSelected(let id, let selection):
            if !live {
                log("\(id): \(selection.kept.count) instances kept" + (selection.taskRejection.map { ", none usable: \($0)" } ?? "")
                    + (selection.dropped.isEmpty ? "" : ", \(selection.dropped.count) dropped"))
            }
        default: break
        }
        if live { draw() }
    }

    /// Tokens generated: the server's count, or the streamed pieces where it sent none.
    var tokens: Int { max(totals.completionTokens, streamedTokens) }

    var line: String {
        let minutes = max((ContinuousClock.now - started) / .seconds(60), 1e-9)
        let rejected = rejectedByReason.values.reduce(0, +)
        var parts = ["round \(currentRound)", "\(accepted) kept", "\(pending) pending", "\(rejected) rejected\(RoundSummary.breakdown(rejectedByReason))",
                     "\(tokens) tok", String(format: "$%.4f", totals.cost), String(format: "%.1f kept/min", Double(accepted + pending) / minutes)]
        if let eta { parts.append("ETA \(eta)") }
        if let waiting { parts.append(waiting.description) }
        return parts.joined(separator: " · ")
    }

    private var eta: String? {
        let elapsed = (ContinuousClock.now - started) / .seconds(1)
        let remainingFraction: Double
        switch goal {
        case .rounds(let rounds):
            guard roundsFinished > 0 else { return nil }
            remainingFraction = Double(rounds - roundsFinished) / Double(roundsFinished)
        case .target(let target):
            let done = accepted + pending
            guard done > 0 else { return nil }
            remainingFraction = Double(max(target - startingCount - done, 0)) / Double(done)
        case .untilStopped: return nil
        }
        let seconds = Int(elapsed * remainingFraction)
        return seconds >= 3600 ? "\(seconds / 3600)h\(seconds % 3600 / 60)m" : "\(seconds / 60)m\(seconds % 60)s"
    }

    /// Prints an error event once: a request failure only when its cause differs from the
    /// last one's (a dead endpoint fails every request the same way), and not at all when
    /// it halts the run or is the pool's, since the command ends with that error and prints it.
    private mutating func report(_ error: EngineError) {
        if error.isPoolFailure { return }
        guard let failure = error.requestFailure else { return log("error: \(error)") }
        defer { lastFailure = failure }
        if failure.makesEndpointUnusable || failure == lastFailure { return }
        log("error: \(error)")
    }

    private func draw() {
        FileHandle.standardError.write(Data(("\r\u{1B}[K" + line).utf8))
    }

    /// Ends the live line before other output.
    func finishLine() {
        if live { FileHandle.standardError.write(Data("\n".utf8)) }
    }

    /// A line when an endpoint starts resting, is left out, or takes requests again.
    private mutating func logHealthChanges(_ statuses: [EndpointStatus]) {
        for status in statuses {
            let health = switch status.health {
            case .healthy: "healthy"
            case .resting: "resting"
            case .unusable: "unusable"
            }
            let before = endpointHealth.updateValue(health, forKey: status.name) ?? "healthy"
            guard health != before else { continue }
            let name = TextSanitizer.printable(status.name)
            switch status.health {
            case .healthy: log("endpoint \(name): taking requests again")
            case .resting(let left):
                let seconds = Int(left.components.seconds) + (left.components.attoseconds > 0 ? 1 : 0)
                let errors = status.errors == 1 ? "1 error" : "\(status.errors) errors"
                log("endpoint \(name): resting \(seconds) s, its share goes to the others (\(errors) so far; the last: \(TextSanitizer.printable(status.lastFailure ?? "unknown")))")
            case .unusable:
                log("endpoint \(name): left out of the run, the others carry on: \(TextSanitizer.printable(status.lastFailure ?? "unknown"))")
            }
        }
    }

    private func log(_ text: String) {
        if live { FileHandle.standardError.write(Data("\r\u{1B}[K".utf8)) }
        printError(text)
    }
}
