import ArgumentParser
import Pool

/// `selfinstruct stats`: counts and histograms of the pool.
struct StatsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "stats",
        abstract: "Counts by status and reason, instances per task, similarity, length and leading-word histograms."
    )

    @OptionGroup var options: PoolOptions

    func run() throws {
        let pool = try options.open(.readOnly)
        printVisibly(PoolStats(pool).text, terminator: "")
    }
}
