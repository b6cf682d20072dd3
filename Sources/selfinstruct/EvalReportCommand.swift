import ArgumentParser
import DurableFiles
import Evaluation
import Foundation

/// `selfinstruct eval report`: the evaluation as Markdown, an SVG chart and a CSV.
struct EvalReportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "Write report.md, ratings.svg (the paper's Figure 6: stacked A–D bars per system), systems.csv and pairwise.csv.",
        discussion: "Each file appears whole or not at all; existing files of those names in the output folder are replaced."
    )

    @OptionGroup var folderOption: EvalFolderOption

    @Option(name: .shortAndLong, help: ArgumentHelp("The folder to write the report into (made if missing).", valueName: "dir"))
    var output: String

    func run() throws {
        let summary = EvaluationSummary(try folderOption.open(creating: false))
        do {
            try FileManager.default.createDirectory(atPath: output, withIntermediateDirectories: true)
            for file in EvaluationReport.files(summary) {
                try AtomicFileWriter.write(to: output + "/" + file.name) { try $0.write(file.text) }
                printVisibly("wrote \(output)/\(file.name)")
            }
        } catch {
            printError("error: \(output): cannot write the report (\(error))")
            throw ExitCode.failure
        }
    }
}
