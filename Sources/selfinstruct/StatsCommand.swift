import ArgumentParser
import DatasetCard
import Engine
import LLM
import Pool
import QualityReview
import VerbNoun
import Settings

/// `selfinstruct stats`: counts, the paper's data-quality figures, defect flags, and what
/// the pool has cost; `--json` gives every figure as one JSON document.
struct StatsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "stats",
        abstract: "Counts, acceptance by endpoint and model, Table 1, length and similarity histograms (to the nearest record and to the nearest seed), defect flags, and spending.",
        discussion: """
            Spending is read from the pool's spending ledger (pool.spending.jsonl beside pool.jsonl) and priced with [prices] from the config files; \
            the budget left is against [budget]. Defect flags use [quality] cannot_do_keywords. With --json, one JSON document on standard output \
            (its keys are listed in the README).
            """
    )

    @OptionGroup var options: PoolOptions

    @Flag(help: "Print every figure as one JSON document.")
    var json = false

    @Flag(help: "Add the verb–noun counts (the paper's Figure 2; parses with spaCy what the cache beside the pool lacks).")
    var verbs = false

    func run() throws {
        let pool = try options.open(.readOnly)
        try pool.summarizeInstances()
        let settings = resolvedSettings()
        let stats = PoolStats(pool, defects: settings?.defectCheck ?? DefectCheck())
        let seedSimilarity = SeedSimilarity(pool.entries)
        let accepted = pool.entries.reduce(0) { $0 + ($1.status == .accepted ? 1 : 0) }
        let totals = try SpendingLedger(forPool: options.url).totals()
        let spending = Spending(totals, prices: settings?.prices ?? PriceTable())
        if json {
            let review = try DatasetReport.review(besidePool: options.url)
            let verbNoun = verbs ? VerbNounCounts.summary(of: pool, besidePool: options.pool) : nil
            print(StatsDocument(stats: stats, seedSimilarity: seedSimilarity, spending: spending, verbNoun: verbNoun, review: review)
                .json.jsonText)
        } else {
            printVisibly(stats.text, terminator: "")
            print("")
            print(PoolStats.chartLines("ROUGE-L F to the most similar seed (\(seedSimilarity.scoredCount) non-seed records"
                + (seedSimilarity.mean.map { String(format: ", mean %.3f", $0) } ?? "") + ")", seedSimilarity.bins).joined(separator: "\n"))
            print("")
            print(spending.report(budget: settings?.budget ?? Budget(), acceptedInstructions: accepted), terminator: "")
        }
        if totals.unreadableLines > 0 {
            printError("warning: \(totals.unreadableLines) lines of the spending ledger could not be read and count for nothing")
        }
    }

    /// The settings from the config files; none (with a warning) when they cannot be
    /// resolved, since the counts do not need them: spending is then unpriced and defect
    /// flags use the default keywords.
    private func resolvedSettings() -> ResolvedSettings? {
        do {
            return try CommandSettings.resolve(options) { _ in }
        } catch {
            printError("warning: spending is shown unpriced and defect flags use the default keywords: \(error)")
            return nil
        }
    }
}
