import ArgumentParser
import DurableFiles
import Foundation
import Pool

extension ExportFormat: ExpressibleByArgument {}

/// `selfinstruct export --format F`: writes the pool as fine-tuning data or upstream files.
struct ExportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Write the pool's tasks as fine-tuning data or in an upstream format.",
        discussion: "-o expands ~ and refuses a folder; an existing file is replaced only with --force. Exit status 2 for such a target, nothing written."
    )

    @OptionGroup var options: PoolOptions

    @Option(help: ArgumentHelp("One of: \(ExportFormat.allCases.map(\.rawValue).joined(separator: ", ")).", valueName: "format"))
    var format: ExportFormat

    @Option(name: .shortAndLong, help: ArgumentHelp("Write here instead of stdout (~ is your home folder).", valueName: "file"))
    var output: String?

    @Flag(name: .long, help: "Replace the -o file if it exists (else that is an error).")
    var force = false

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
        let target = try output.flatMap(checkedTarget)
        let pool = try options.open(.readOnly)
        let exportOptions = ExportOptions(statuses: try status.map(RecordStatus.parseList), maxInstancesPerTask: maxInstances, seed: seed)
        let file = try OutputFile(path: target?.path)
        let summary = try FineTuningExport.export(pool, format: format, options: exportOptions) { try file.write($0) }
        try file.finish()
        printError(summary.report(to: target?.path))
    }

    /// The `-o` file, checked before the pool is read; nil for `-` (standard output). A
    /// folder, or an existing file without `--force`, is bad input: exit status 2.
    private func checkedTarget(_ path: String) throws -> OutputTarget? {
        guard path != "-" else { return nil }
        do {
            return try OutputTarget(path, overwriting: force)
        } catch {
            let advice = error.reason == .existingFile ? "; pass --force to replace it, or choose another name" : ""
            printError("error: \(error)\(advice)")
            throw ExitCode(HeadlessFailure.Status.badInput.rawValue)
        }
    }
}
