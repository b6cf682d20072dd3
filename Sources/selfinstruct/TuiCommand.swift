import ArgumentParser
import BundledSeeds
import Engine
import Foundation
import Pool
import Settings
import Terminal
import Workbench

/// `selfinstruct tui` (also `selfinstruct` alone): the curation workbench on a pool, with
/// generation against the configured endpoint (the local model by default).
struct TuiCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tui",
        abstract: "Open the curation workbench on the pool (created from the bundled seed tasks when missing) and generate while you curate.",
        discussion: "Generation runs in supervised mode unless --mode auto: candidates that pass the filters wait as pending, and rounds pause once --max-pending are waiting. With no endpoint configured, the local model is started if nothing answers. Endpoint flags and --theme, like :threshold and :theme in the session, are offered to be remembered in the pool's pool.toml (y/n)."
    )

    @OptionGroup var options: PoolOptions
    @OptionGroup var endpoint: EndpointOptions
    @OptionGroup var generation: GenerationOptions
    @OptionGroup var runOptions: RunOptions
    @OptionGroup var budget: BudgetOptions
    @OptionGroup var batch: BatchOptions

    @Option(help: ArgumentHelp("Colour theme: dark, light, high-contrast, mono, or a file name in the user's theme folder (else theme in [workbench] of the config files). NO_COLOR selects mono.", valueName: "name"))
    var theme: String?

    @Flag(name: .long, help: "Curate the pool only: no endpoint, no generation.")
    var noGenerate = false

    /// The settings in force: these flags over the environment, the config files and the
    /// defaults, as `selfinstruct config` reports them.
    func settings() throws -> ResolvedSettings {
        try CommandSettings.resolve(options, defaultMode: SettingsConsumer.tui.defaultMode) { layer in
            endpoint.apply(to: &layer)
            generation.apply(to: &layer)
            runOptions.apply(to: &layer)
            budget.apply(to: &layer)
            layer.theme = theme
        }
    }

    /// The endpoint and theme flags whose values the pool's config file does not hold yet:
    /// the workbench asks once whether to remember them there.
    func unsavedFlags() throws -> [RememberedSetting] {
        let poolConfig: SettingsLayer
        do {
            poolConfig = try SettingsFile.read(ResolvedSettings.poolConfigFile(for: options.url))
        } catch {
            throw ValidationError(error.description)
        }
        return (endpoint.rememberable + (theme.map { [RememberedSetting.theme($0)] } ?? [])).filter { !$0.isSet(in: poolConfig) }
    }

    /// Opens the pool (through the engine, unless --no-generate), starts generation, and runs
    /// the workbench on a thread of its own: its loop sleeps in poll(2), which must not hold
    /// one of the few threads Swift concurrency runs the backend on.
    func run() async throws {
        let poolName = (options.pool as NSString).lastPathComponent
        let backend: any PoolCuration
        var state = WorkbenchState(size: Size(width: 80, height: 24), poolName: poolName)
        // The settings in force (recipe and threshold too, which judge candidates and edits).
        let settings = try settings()
        state.similarityThreshold = settings.recipe.similarityThreshold
        state.rejectReasons = settings.rejectReasons
        state.defects = settings.defectCheck
        state.budget = settings.budget
        let unsaved = try unsavedFlags()
        if !unsaved.isEmpty { state.confirmation = .remembering(unsaved) }
        if noGenerate {
            let poolBackend = try PoolCurationBackend(
                poolAt: options.url, seedTasksIfNew: try generation.seedTasks(), recipe: settings.recipe, readOnlyIfUnwritable: true)
            for problem in poolBackend.openingProblems { state.note("pool: \(problem)", isError: true) }
            if let reason = poolBackend.readOnlyReason {
                state.readOnlyReason = reason
                state.note("opened read-only (browse, search, stats, export): \(reason)", isError: true)
            }
            backend = poolBackend
        } else {
            var configuration = try EngineSession.configuration(settings, endpoint)
            configuration.batch = batch.mode
            if let warning = batch.warningOfOpenBatches(pool: options.url) { state.note(warning, isError: true) }
            let engine = try settings.openEngine(poolURL: options.url, seedTasksIfNew: try generation.seedTasks(), configuration: configuration)
            for problem in await engine.poolProblems { state.note("pool: \(problem)", isError: true) }
            let engineBackend = EngineCurationBackend(
                engine: engine, poolPath: options.url.path,
                costKnown: (settings.endpoints?.map(\.configuration) ?? [settings.endpoint]).contains {
                    !$0.isLocal && settings.prices.price(for: $0.model) != nil
                })
            state.endpoint = engineBackend.endpointDescription
            state.note("mode: \(settings.mode == .auto ? "auto (the filters decide)" : "supervised (candidates wait for you)")")
            let startLocalModel: EngineCurationBackend.Readiness = { report in try await LocalModel.ensureRunning(report: report) }
            await engineBackend.start(readiness: settings.usesDefaultEndpoint ? startLocalModel : nil)
            backend = engineBackend
        }
        let theme = settings.theme, initial = state
        try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
            let thread = Thread {
                do {
                    try Self.runWorkbench(backend: backend, state: initial, theme: theme, settings: settings)
                    continuation.resume()
                } catch {
                    continuation.resume(throwing: error)
                }
            }
            thread.name = "workbench"
            thread.start()
        }
    }

    private static func runWorkbench(backend: any PoolCuration, state initial: WorkbenchState, theme: String?, settings: ResolvedSettings) throws {
        let screen: NcursesScreen
        do {
            screen = try NcursesScreen()
        } catch {
            let finished = DispatchSemaphore(value: 0)
            Task.detached {
                await backend.shutDown()
                finished.signal()
            }
            finished.wait()
            throw ValidationError(error.description)
        }
        let catalog = ThemeCatalog()
        var state = initial
        state.size = screen.size
        do {
            screen.apply(try catalog.startupTheme(requested: theme, colorDepth: screen.colorDepth))
        } catch {
            state.note("theme: \(error); using \(screen.theme.name)", isError: true)
        }
        state.themeName = screen.theme.name
        screen.receivesInterruptKeys = true
        let loop = WorkbenchLoop(screen: screen, backend: backend, state: state, themes: catalog, settings: settings)
        let final = loop.run()
        screen.close()
        for line in final.log where line.isError { printError("error: \(line.text)") }
    }
}
