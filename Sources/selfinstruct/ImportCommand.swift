import ArgumentParser
import Engine
import Foundation
import Pool

/// `selfinstruct import FILE`: adds the tasks of an upstream or exported file to the pool.
struct ImportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Add tasks from seed_tasks.jsonl, machine_generated_instructions.jsonl (and upstream's stage 2 and 3 files), an Alpaca JSON array, or our exports.",
        discussion: """
            Tasks whose id is already in the pool are skipped, so importing a file twice adds nothing. Upstream's \
            stage files complete the tasks of an earlier one, matched by instruction as upstream joins them: \
            is_clf_or_not_*.jsonl sets is_classification ("Yes", "yes" or "YES" after stripping means classification), \
            and machine_generated_instances.jsonl adds raw_instances, parsed into instances as upstream's \
            prepare_for_finetuning.py does (the last one dropped only when finish_reason is "length"; at most \
            --max-instances kept) once the task's classification is known, whichever file comes first. \
            Lines that cannot be read are listed with file:line and the command exits with status 1; every other \
            task is still imported.
            """
    )

    @OptionGroup var options: PoolOptions

    @Option(name: .long, help: ArgumentHelp("Instances kept per task parsed from raw_instances (upstream keeps 5).", valueName: "n"))
    var maxInstances: Int = 5

    @Option(name: .long, help: ArgumentHelp("Random seed for choosing which instances to keep when there are more (42 by default).", valueName: "s"))
    var seed: UInt64 = 42

    @Argument(help: ArgumentHelp("The file to import.", valueName: "file"))
    var file: String

    func validate() throws {
        guard maxInstances >= 1 else { throw ValidationError("--max-instances must be at least 1, not \(maxInstances)") }
    }

    func run() throws {
        let batch = try UpstreamFormats.read(contentsOf: URL(fileURLWithPath: file))
        let pool = try options.open(.readWrite)
        let configuration = EngineConfiguration(seed: seed, maxInstances: maxInstances)
        let report = try pool.importRecords(batch) { record in
            guard record.instances.isEmpty, record.instancesWhy == nil else { return }
            GenerationEngine.applyInstanceSelection(to: &record, configuration: configuration)
        }
        try pool.close()
        print(report)
        if report.problems.contains(where: { $0.kind == .unusableRecord }) { throw ExitCode.failure }
    }
}
