import ArgumentParser
import Engine
import LLM
import Pool
import Settings

/// `selfinstruct stats`: counts and histograms of the pool, and what it has cost.
struct StatsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "stats",
        abstract: "Counts by status and reason, acceptance by endpoint and model, instances per task, similarity, length and leading-word histograms, and spending.",
        discussion: "Spending is read from the pool's spending ledger (pool.spending.jsonl beside pool.jsonl) and priced with [prices] from the config files; the budget left is against [budget]."
    )

    @OptionGroup var options: PoolOptions

    @Flag(name: .long, help: "Print the counts, acceptance by endpoint and model, and spending as one JSON object.")
    var json = false

    func run() throws {
        let pool = try options.open(.readOnly)
        let stats = PoolStats(pool)
        let totals = try SpendingLedger(forPool: options.url).totals()
        let (prices, budget) = pricesAndBudget()
        if json {
            print(Self.json(stats, spending: Spending(totals, prices: prices)).jsonText)
        } else {
            printVisibly(stats.text, terminator: "")
            let accepted = pool.entries.reduce(0) { $0 + ($1.status == .accepted ? 1 : 0) }
            print("")
            print(Spending(totals, prices: prices).report(budget: budget, acceptedInstructions: accepted), terminator: "")
        }
        if totals.unreadableLines > 0 {
            printError("warning: \(totals.unreadableLines) lines of the spending ledger could not be read and count for nothing")
        }
    }

    /// The price table and budget from the config files; none (with a warning) when the
    /// settings cannot be resolved, since the counts above do not need them.
    private func pricesAndBudget() -> (PriceTable, Budget) {
        do {
            let settings = try CommandSettings.resolve(options) { _ in }
            return (settings.prices, settings.budget)
        } catch {
            printError("warning: spending is shown unpriced: \(error)")
            return (PriceTable(), Budget())
        }
    }
}
