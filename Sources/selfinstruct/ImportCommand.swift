import ArgumentParser
import Foundation
import Pool

/// `selfinstruct import FILE`: adds the tasks of an upstream or exported file to the pool.
struct ImportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Add tasks from seed_tasks.jsonl, machine_generated_instructions.jsonl, an Alpaca JSON array, or our exports.",
        discussion: "Tasks whose id is already in the pool are skipped, so importing a file twice adds nothing. Lines that cannot be read are listed with file:line and the command exits with status 1; every other task is still imported."
    )

    @OptionGroup var options: PoolOptions

    @Argument(help: ArgumentHelp("The file to import.", valueName: "file"))
    var file: String

    func run() throws {
        let batch = try UpstreamFormats.read(contentsOf: URL(fileURLWithPath: file))
        let pool = try options.open(.readWrite)
        let report = try pool.importRecords(batch)
        try pool.close()
        print(report)
        if report.problems.contains(where: { $0.kind == .unusableRecord }) { throw ExitCode.failure }
    }
}
