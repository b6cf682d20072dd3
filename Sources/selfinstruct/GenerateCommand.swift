import ArgumentParser
import Engine
import Foundation
import LLM
import Pool
import Settings

extension ModeChoice: ExpressibleByArgument {}
extension RecipeChoice: ExpressibleByArgument {}
extension InstructionNormalization: ExpressibleByArgument {}

/// The flags of a generation run that the config files can also set (`[generation]`).
struct RunOptions: ParsableArguments {
    @Option(name: .long, help: "auto (the filters decide; generate's default) or supervised (passing candidates wait as pending; the workbench's default).")
    var mode: ModeChoice?

    @Option(name: .long, help: ArgumentHelp("Supervised: stop generating once this many candidates are pending (20 by default).", valueName: "n"))
    var maxPending: Int?

    @Option(name: .long, help: "self-instruct (the paper; the default) or alpaca.")
    var recipe: RecipeChoice?

    @Option(name: .long, help: "How instructions are cased: first-letter (upper-case the first letter only; the default) or upstream (Self-Instruct's str.capitalize(), which lower-cases the rest).")
    var normalize: InstructionNormalization?

    @Option(name: .long, help: ArgumentHelp("Prompts per round, each its own request (5 by default).", valueName: "n"))
    var promptsPerRound: Int?

    @Flag(name: .long, help: "Self-instruct recipe: show and compare with the classification seeds only, and ask for classification tasks (upstream's --use_clf_seed_tasks_only; else classification_seeds_only in [generation]).")
    var classificationSeedsOnly = false

    func validate() throws {
        if let promptsPerRound, promptsPerRound < 1 { throw ValidationError("--prompts-per-round must be at least 1, not \(promptsPerRound)") }
        if let maxPending, maxPending < 1 { throw ValidationError("--max-pending must be at least 1, not \(maxPending)") }
    }

    /// What these flags say, for `ResolvedSettings`.
    func apply(to layer: inout SettingsLayer) {
        layer.mode = mode
        layer.maxPending = maxPending
        layer.recipe = recipe
        layer.normalize = normalize
        layer.promptsPerRound = promptsPerRound
        if classificationSeedsOnly { layer.classificationSeedsOnly = true }
    }
}

/// `selfinstruct generate`: instruction rounds against the pool, headless.
struct GenerateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "generate",
        abstract: "Generate instructions in rounds; every candidate is recorded in the pool with its reason and neighbours.",
        discussion: "Stops after --rounds N (1 by default) or once the pool holds --target N generated instructions, before a request could pass the budget ([budget] in the config, --max-cost and friends), or when the endpoint cannot be used: at once on 401, 403, 404, a 400 on the request or an answer that is not an OpenAI-compatible API's, and after 3 rounds whose every request failed. Killed at any point, a run continues from the pool next time. \(HeadlessFailure.statusHelp)"
    )

    @OptionGroup var poolOptions: PoolOptions
    @OptionGroup var endpoint: EndpointOptions
    @OptionGroup var generation: GenerationOptions

    @Option(name: .long, help: ArgumentHelp("Rounds to run.", valueName: "n"))
    var rounds: Int?

    @Option(name: .long, help: ArgumentHelp("Run until the pool holds this many generated instructions.", valueName: "n"))
    var target: Int?

    @OptionGroup var runOptions: RunOptions
    @OptionGroup var budget: BudgetOptions
    @OptionGroup var batch: BatchOptions

    func validate() throws {
        if rounds != nil && target != nil { throw ValidationError("pass --rounds or --target, not both") }
        if let rounds, rounds < 1 { throw ValidationError("--rounds must be at least 1, not \(rounds)") }
        if let target, target < 1 { throw ValidationError("--target must be at least 1, not \(target)") }
    }

    func run() async throws {
        try await HeadlessFailure.reporting { try await generate() }
    }

    private func generate() async throws {
        let goal: RunGoal = target.map { .target($0) } ?? .rounds(rounds ?? 1)
        let settings = try CommandSettings.resolve(poolOptions) { layer in
            endpoint.apply(to: &layer)
            generation.apply(to: &layer)
            runOptions.apply(to: &layer)
            budget.apply(to: &layer)
        }
        var configuration = try EngineSession.configuration(settings, endpoint)
        configuration.batch = batch.mode
        if let warning = batch.warningOfOpenBatches(pool: poolOptions.url) { printError(warning) }
        let engine = try await EngineSession.open(poolOptions, settings, generation, configuration)
        let startingCount = await engine.withPool { $0.entries.filter { $0.status != .seed && $0.status != .rejected }.count }
        let consumer = Task {
            var progress = GenerationProgress(goal: goal, startingCount: startingCount)
            for await event in engine.events {
                progress.handle(event)
                switch event {
                case .stateChanged(.waitingForReview):
                    progress.finishLine()
                    let limit = if case .supervised(let maxPending) = settings.mode { maxPending } else { 0 }
                    printError("\(await engine.pendingCount) candidates are pending (max_pending \(limit)): decide them, then run generate again")
                    await engine.stop()
                case .error(let error) where error.isPoolFailure:
                    // The engine holds the round and waits for a resume no one will give here.
                    await engine.stop()
                default:
                    break
                }
            }
            progress.finishLine()
            return progress
        }
        do {
            try await engine.run(goal)
        } catch {
            try? await engine.close()
            let progress = await consumer.value
            if (error as? EngineError)?.haltReason?.budgetOverrun != nil { print(progress.line) }
            throw error
        }
        try await engine.close()
        let progress = await consumer.value
        print(progress.line)
        if progress.roundsFinished > 0 && progress.accepted + progress.pending + progress.rejectedByReason.values.reduce(0, +) == 0,
           let failure = progress.lastFailure {
            throw HeadlessFailure(.endpointUnusable, "no request succeeded; the last failure: \(failure)")
        }
    }
}

/// Opening an engine from the command line, and running the stages headless.
enum EngineSession {
    /// The engine configuration of an instruction run with `settings` and `endpoint`'s flags.
    static func configuration(_ settings: ResolvedSettings, _ endpoint: EndpointOptions) throws -> EngineConfiguration {
        EngineConfiguration(
            recipe: settings.recipe, mode: settings.mode, promptsPerRound: settings.promptsPerRound, seed: settings.seed,
            templates: try GenerationOptions.promptTemplates(settings.templates),
            streamTokens: !endpoint.noStream, maxTokensCap: endpoint.maxTokens, budget: settings.budget)
    }

    static func open(_ pool: PoolOptions, _ settings: ResolvedSettings, _ generation: GenerationOptions,
                     _ configuration: EngineConfiguration) async throws -> GenerationEngine {
        try await CommandSettings.ensureEndpoint(settings)
        let engine = try settings.openEngine(poolURL: pool.url, seedTasksIfNew: try generation.seedTasks(), configuration: configuration)
        for problem in await engine.poolProblems { printError("warning: \(problem)") }
        printError("\(settings.endpointSummary) · pool \(pool.pool)")
        return engine
    }
}
