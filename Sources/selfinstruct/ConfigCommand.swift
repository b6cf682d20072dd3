import ArgumentParser
import Settings

/// `selfinstruct config`: the settings a generation command would use, each with its source.
struct ConfigCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "config",
        abstract: "Print the resolved settings the workbench (or, with --for generate, generate) uses and where each comes from (flag, env, pool, user, default).",
        discussion: "Config files: the pool's (pool.toml beside pool.jsonl) over the user's (${XDG_CONFIG_HOME:-~/.config}/selfinstruct/config.toml). The API key is shown as <redacted>."
    )

    @OptionGroup var poolOptions: PoolOptions
    @OptionGroup var endpoint: EndpointOptions
    @OptionGroup var generation: GenerationOptions
    @OptionGroup var runOptions: RunOptions
    @OptionGroup var budget: BudgetOptions

    @Option(name: .customLong("for"), help: "The command whose settings to show: tui (the default; supervised unless set) or generate (auto unless set).")
    var consumer: SettingsConsumer = .tui

    /// The settings `consumer` would use with these flags.
    func settings() throws -> ResolvedSettings {
        try CommandSettings.resolve(poolOptions, defaultMode: consumer.defaultMode) { layer in
            endpoint.apply(to: &layer)
            generation.apply(to: &layer)
            runOptions.apply(to: &layer)
            budget.apply(to: &layer)
        }
    }

    func run() throws {
        print(try settings().report, terminator: "")
    }
}
