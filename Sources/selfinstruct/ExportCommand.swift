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
        let sink = try OutputSink(path: output)
        let summary = try FineTuningExport.export(pool, format: format, options: exportOptions) { try sink.write($0) }
        try sink.finish()
        StandardError.print(summary.description + (output.map { " to \($0)" } ?? ""))
    }
}

/// Buffered output to a file (written beside it, then renamed into place) or stdout.
final class OutputSink {
    private let path: String?
    private let handle: FileHandle
    private var buffer = Data()

    init(path: String?) throws {
        self.path = path
        if let path {
            let temporary = path + ".partial"
            guard FileManager.default.createFile(atPath: temporary, contents: nil), let handle = FileHandle(forWritingAtPath: temporary) else {
                throw ValidationError("cannot create \(temporary); check that the folder exists and is writable")
            }
            self.handle = handle
        } else {
            handle = FileHandle.standardOutput
        }
    }

    func write(_ text: String) throws {
        buffer.append(contentsOf: text.utf8)
        if buffer.count >= 1 << 20 { try flush() }
    }

    func finish() throws {
        try flush()
        guard let path else { return }
        try handle.synchronize()
        try handle.close()
        guard rename(path + ".partial", path) == 0 else {
            throw ValidationError("cannot rename \(path).partial to \(path): \(String(cString: strerror(errno)))")
        }
    }

    private func flush() throws {
        try handle.write(contentsOf: buffer)
        buffer.removeAll(keepingCapacity: true)
    }
}
