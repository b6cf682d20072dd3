import Pool
import VerbNoun

/// The verb–noun analysis as the workbench knows it: whether one runs and what it says, and
/// the latest result (pairs for `:filter verb=`, counts for the Stats chart).
public struct VerbNounState: Sendable {
    /// Where the analysis is.
    public enum Phase: Sendable, Hashable {
        /// Not asked for yet.
        case idle
        /// Running; the text says what it does now (installing spaCy, parsing 500 of 2000).
        case running(String)
        /// Finished; `result` holds it.
        case finished
        /// Failed; the text says why and what to do.
        case failed(String)
    }

    /// Where the analysis is.
    public internal(set) var phase = Phase.idle
    /// The latest result, kept while a new analysis runs.
    public internal(set) var result: VerbNounResult?
    /// Whether records changed since `result` was counted.
    public internal(set) var isStale = false

    /// Whether an analysis is running.
    public var isRunning: Bool {
        if case .running = phase { return true }
        return false
    }
}

/// A finished analysis: every record's pair, and the chart's counts over the seed and
/// accepted records.
public struct VerbNounResult: Sendable {
    /// Each instruction text's pair.
    public let pairs: [String: VerbNounPair]
    /// The paper's Figure 2 over the seed and accepted records.
    public let summary: VerbNounSummary
    /// How many texts were parsed (the rest came from the cache).
    public let parsedCount: Int

    /// The result of `analysis` over `entries`.
    public init(_ analysis: VerbNounAnalysis, entries: [PoolEntry]) {
        pairs = analysis.pairs
        summary = VerbNounSummary(
            texts: entries.filter { $0.status == .seed || $0.status == .accepted }.map(\.instruction),
            pairs: analysis.pairs)
        parsedCount = analysis.parsedCount
    }
}

extension WorkbenchContext {
    /// Asks for an analysis of the pool as it is, unless one runs already; the first in a
    /// session installs spaCy (about 20 s) and parses what the cache lacks.
    mutating func analyzeVerbs() -> [WorkbenchCommand] {
        guard !verbNouns.isRunning else { return [] }
        verbNouns.phase = .running("starting the verb–noun analysis")
        return [.analyzeVerbs(pool.entries)]
    }

    /// Takes in a progress report, a result or a failure of the analysis.
    mutating func verbNounsReported(_ report: VerbNounReport) {
        switch report {
        case .progress(.preparing(let text)):
            verbNouns.phase = .running(text)
        case .progress(.parsing(let done, let total)):
            verbNouns.phase = .running("parsing verbs and nouns: \(done) of \(total) new instructions")
        case .finished(let result):
            verbNouns.result = result
            verbNouns.phase = .finished
            verbNouns.isStale = false
            appendLog("verb–noun analysis: \(result.summary.structuredCount) of \(result.summary.instructionCount) seed and accepted instructions have the structure; \(result.parsedCount) texts parsed")
        case .failed(let text):
            verbNouns.phase = .failed(text)
            say(text, isError: true)
            appendLog(text, isError: true)
        }
    }
}

/// What the analysis running off the screen's thread reports.
public enum VerbNounReport: Sendable {
    /// It is installing or parsing.
    case progress(VerbNounProgress)
    /// It finished.
    case finished(VerbNounResult)
    /// It failed; the text says why.
    case failed(String)
}
