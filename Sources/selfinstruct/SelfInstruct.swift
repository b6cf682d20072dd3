import ArgumentParser
import Foundation

/// The `selfinstruct` command: the curation workbench and the headless subcommands.
@main
struct SelfInstruct: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "selfinstruct",
        abstract: "Build instruction-tuning data with the Self-Instruct method, with a person in the loop.",
        version: "0.1.0",
        subcommands: [
            TuiCommand.self,
            RougeCommand.self,
            DedupCommand.self,
            NeighborsCommand.self,
            ImportCommand.self,
            ExportCommand.self,
            CheckCommand.self,
            StatsCommand.self,
            VerbsCommand.self,
            ReportCommand.self,
            ReviewCommand.self,
            GenerateCommand.self,
            ClassifyCommand.self,
            InstancesCommand.self,
            BatchesCommand.self,
            ConfigCommand.self,
            EvalCommand.self,
        ],
        defaultSubcommand: TuiCommand.self
    )

    /// ArgumentParser's entry point, except that the headless runs (`generate`, `classify`,
    /// `instances`) exit with `HeadlessFailure`'s statuses and print the reason once, with
    /// no usage text: a bad flag value is bad input (2), not a usage error (64).
    static func main() async {
        let headless = CommandLine.arguments.dropFirst().first.map(HeadlessFailure.commands.contains) ?? false
        do {
            var command = try parseAsRoot()
            if var command = command as? AsyncParsableCommand {
                try await command.run()
            } else {
                try command.run()
            }
        } catch let failure as HeadlessFailure {
            fail(failure)
        } catch {
            if headless, exitCode(for: error) == .validationFailure {
                fail(HeadlessFailure(.badInput, message(for: error)))
            }
            exit(withError: error)
        }
    }

    private static func fail(_ failure: HeadlessFailure) -> Never {
        printError("error: \(failure)")
        Foundation.exit(failure.status.rawValue)
    }
}
