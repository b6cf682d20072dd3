import ArgumentParser
import Foundation
import Pool
import QualityReview
import ReviewScreen
import Terminal
import Workbench

/// `selfinstruct review`: a person's quality review of the pool's generated data, as the
/// paper's Table 2 was made, on a screen of its own; `--summary` prints the table.
struct ReviewCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "review",
        abstract: "Review a sample of accepted tasks with the paper's three questions; --summary prints the table.",
        discussion: """
            The first review of a pool draws a seeded random sample (--sample, 200 by default) \
            of its accepted generated tasks with instances, one random instance each, and \
            stores it in pool.review.jsonl beside pool.jsonl; every later review goes through \
            that same sample, whatever was added to the pool since. Each item asks: does the \
            instruction describe a valid task? is the input appropriate for the instruction? \
            is the output a correct and acceptable response? Keys: y yes, n no, u undo, Tab \
            another question, ←/→ task, ↑/↓ scroll, L the pool's guidelines (pool.guidelines.md), \
            t the table, D settle disagreements between reviewers one by one, q quit. Each \
            answer is on disk before the screen moves on; starting again continues at the \
            first question you have not answered.

            --summary prints the table: per question (and all fields valid) the percent yes \
            with its 95% Wilson interval, over the answers that count (a settled answer where \
            reviewers disagreed; unsettled disagreements left out), each reviewer's own \
            shares, and Cohen's kappa per question between every two reviewers.
            """
    )

    @OptionGroup var options: PoolOptions

    @Option(help: ArgumentHelp("Who is reviewing; your user name by default.", valueName: "name"))
    var reviewer = ProcessInfo.processInfo.environment["USER"] ?? "reviewer"

    @Option(help: ArgumentHelp("How many tasks the first review samples (default \(ReviewSample.defaultSize)).", valueName: "n"))
    var sample: Int?

    @Option(help: ArgumentHelp("The seed the first review samples with (default \(ReviewSample.defaultSeed)).", valueName: "s"))
    var seed: Int?

    @Flag(help: "Print the table instead of reviewing.")
    var summary = false

    @Flag(help: #"With --summary: print JSON, {"sample", "table": {"instruction": {"yes", "answered", "share", "low", "high"}, …, "all_fields"}, "unsettled", "reviewers", "agreement": [{"reviewers", "kappa", …}]}."#)
    var json = false

    func validate() throws {
        if let sample, sample < 1 { throw ValidationError("--sample \(sample): give a number of tasks, at least 1.") }
        if json, !summary { throw ValidationError("--json goes with --summary.") }
        let name = reviewer.trimmingCharacters(in: .whitespaces)
        if name.isEmpty || name.unicodeScalars.contains(where: { TextSanitizer.picture(of: $0) != nil || $0 == "\n" || $0 == "\t" }) {
            throw ValidationError("--reviewer “\(TextSanitizer.singleLine(reviewer))”: give a name without control characters.")
        }
    }

    func run() throws {
        let file = ReviewFile(besidePool: options.pool)
        var records = try file.load()
        for problem in records.problems { printError("warning: \(problem)") }
        if summary {
            guard let drawn = records.sample else {
                printError("error: \(file.path) holds no review yet: selfinstruct review --pool \(options.pool) draws the sample and starts one.")
                throw ExitCode.failure
            }
            let result = ReviewSummary(sample: drawn, book: ReviewBook(itemCount: drawn.items.count, records.answers))
            if json {
                printVisibly(result.json.jsonText)
            } else {
                for line in result.lines { printVisibly(line) }
            }
            return
        }
        let reviewed = try reviewedSample(file, &records)
        let guidelines = GuidelinesFile(poolPath: options.pool)
        var text: String?
        if case .found(let found) = guidelines.read() { text = found.text }
        let screen = try NcursesScreen.forFullScreenCommand()
        let state = ReviewState(reviewer: reviewer, sample: reviewed, records: records, guidelines: text, guidelinesPath: guidelines.url.path)
        let final = ReviewLoop(screen: screen, file: file, state: state).run()
        screen.close()
        print("\(final.completed) of \(reviewed.items.count) items answered by \(reviewer) in \(file.path)")
    }

    /// The sample the file holds, or a new one drawn from the pool and stored; a sample
    /// asked for with other figures than the stored one is refused, not redrawn.
    private func reviewedSample(_ file: ReviewFile, _ records: inout ReviewRecords) throws -> ReviewSample {
        if let existing = records.sample {
            if let sample, sample != existing.requested { try refuse("--sample \(sample)", existing, file) }
            if let seed, seed != existing.seed { try refuse("--seed \(seed)", existing, file) }
            return existing
        }
        let pool = try options.open(.readOnly)
        let drawn = try ReviewSample.draw(from: pool, size: sample ?? ReviewSample.defaultSize, seed: seed ?? ReviewSample.defaultSeed,
                                          time: Date().formatted(.iso8601))
        guard !drawn.items.isEmpty else {
            printError("error: \(options.pool) has no accepted task with instances to review yet: accept some tasks and generate their instances (selfinstruct instances) first.")
            throw ExitCode.failure
        }
        let stored = try file.store(drawn)
        records = try file.load()
        return stored
    }

    private func refuse(_ flag: String, _ existing: ReviewSample, _ file: ReviewFile) throws -> Never {
        printError("error: \(flag): \(file.path) already holds a sample drawn with --sample \(existing.requested) --seed \(existing.seed) (\(existing.items.count) tasks), and a review keeps its sample. Leave the flag out to go on with it, or move the file away to draw another.")
        throw ExitCode.failure
    }
}
