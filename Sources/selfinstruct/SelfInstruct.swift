import ArgumentParser

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
            GenerateCommand.self,
            ClassifyCommand.self,
            InstancesCommand.self,
            ConfigCommand.self,
        ],
        defaultSubcommand: TuiCommand.self
    )
}
