import ArgumentParser
import DatasetCard
import DurableFiles
import Foundation
import Pool
import Settings

/// `selfinstruct report -o DIR`: a dataset card in the Hugging Face layout with its figures
/// as SVG and the data beside it, for handing the dataset on.
struct ReportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "Write a dataset card (README.md, Hugging Face layout) with its figures as SVG and the data, into a folder.",
        discussion: """
            DIR gets README.md (front matter with the licence left for you to fill in; how the data was made; Table 1; the \
            verb–noun chart; lengths; similarity to the seeds; the quality review with its intervals and agreement; defect \
            counts), lengths.svg, seed-similarity.svg, verb-noun.svg and the data (data.jsonl, or data.json for alpaca). The \
            verb–noun analysis parses with spaCy (cached beside the pool; --no-verbs leaves it out). Files already in DIR are \
            replaced only with --force: exit status 2, nothing written.
            """
    )

    @OptionGroup var options: PoolOptions

    @Option(name: .shortAndLong, help: ArgumentHelp("The folder to write (~ is your home folder; made if missing).", valueName: "dir"))
    var output: String

    @Option(help: ArgumentHelp("Format of the data file: \(ExportFormat.allCases.map(\.rawValue).joined(separator: ", ")).", valueName: "format"))
    var format: ExportFormat = .instances

    @Option(name: .customLong("language"), help: ArgumentHelp("An ISO 639-1 code of the data's language, for the card (repeat for several).", valueName: "code"))
    var languages: [String] = ["en"]

    @Option(help: ArgumentHelp("The dataset's name, the card's title (default: the pool's folder name).", valueName: "name"))
    var name: String?

    @Flag(help: "Leave the verb–noun analysis out (it needs spaCy).")
    var noVerbs = false

    @Flag(help: "Replace files already in the folder.")
    var force = false

    func run() throws {
        let folder = URL(fileURLWithPath: OutputTarget.expandingHome(in: output, home: OutputTarget.homeDirectory))
        try refuseExistingFiles(in: folder)
        let pool = try options.open(.readOnly)
        let settings: ResolvedSettings?
        do {
            settings = try CommandSettings.resolve(options) { _ in }
        } catch {
            printError("warning: the card says nothing of prices or the endpoint, and defect flags use the default keywords: \(error)")
            settings = nil
        }
        let written = try DatasetReport.write(
            pool: pool, poolURL: options.url, to: folder,
            options: .init(format: format, languages: languages, name: name), settings: settings,
            verbNoun: noVerbs ? nil : VerbNounCounts.summary(of: pool, besidePool: options.pool)
        )
        printError("wrote \(written.files.joined(separator: ", ")) in \(folder.path): \(written.export.examples) examples of \(written.export.tasks) tasks")
        if let note = written.export.leftOutNote { printError(note) }
    }

    /// A folder of ours to fill, or exit status 2 naming what is in the way.
    private func refuseExistingFiles(in folder: URL) throws {
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: folder.path, isDirectory: &isFolder) else { return }
        guard isFolder.boolValue else {
            printError("error: \(folder.path) is a file; report writes a folder")
            throw ExitCode(HeadlessFailure.Status.badInput.rawValue)
        }
        guard !force else { return }
        let existing = DatasetReport.existingFiles(in: folder, format: format)
        guard existing.isEmpty else {
            printError("error: \(folder.path) already holds \(existing.joined(separator: ", ")); pass --force to replace them, or choose another folder")
            throw ExitCode(HeadlessFailure.Status.badInput.rawValue)
        }
    }
}
