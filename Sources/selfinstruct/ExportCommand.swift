import ArgumentParser
import Foundation
import Pool

extension ExportFormat: ExpressibleByArgument {}

/// `selfinstruct export --format F`: writes the pool as fine-tuning data or upstream files.
struct ExportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Write the pool's tasks as fine-tuning data or in an upstream format."
    )

    @OptionGroup var options: PoolOptions

    @Option(help: ArgumentHelp("One of: \(ExportFormat.allCases.map(\.rawValue).joined(separator: ", ")).", valueName: "format"))
    var format: ExportFormat

    @Option(name: .shortAndLong, help: ArgumentHelp("Write here instead of stdout.", valueName: "file"))
    var output: String?

    @Option(help: ArgumentHelp("Statuses to export: a comma-separated list of seed, pending, accepted, rejected, or 'all'. Default: seed,accepted (accepted for upstream).", valueName: "list"))
    var status: String?

    @Option(help: ArgumentHelp("At most this many instances per task, sampled with --seed.", valueName: "k"))
    var maxInstances: Int?

    @Option(help: "Seed for instance sampling, template choice and shuffling.")
    var seed: UInt64 = 123

    func validate() throws {
        if let maxInstances, maxInstances < 1 { throw ValidationError("--max-instances must be at least 1, not \(maxInstances)") }
        if let status { _ = try RecordStatus.parseList(status) }
    }

    func run() throws {
        let pool = try options.open(.readOnly)
        let exportOptions = ExportOptions(statuses: try status.map(RecordStatus.parseList), maxInstancesPerTask: maxInstances, seed: seed)
        let file = try OutputFile(path: output)
        let summary = try FineTuningExport.export(pool, format: format, options: exportOptions) { try file.write($0) }
        try file.finish()
        printError(summary.description + (output.map { " to \($0)" } ?? ""))
    }
}
