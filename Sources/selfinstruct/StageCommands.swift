import ArgumentParser
import Engine
import Foundation
import Settings

/// `selfinstruct classify`: stage 2 over accepted instructions lacking it.
struct ClassifyCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "classify",
        abstract: "Ask the model whether each accepted instruction is a classification task; record the answers.",
        discussion: "Prints what the answers came to, e.g. `classification: 21 asked, 21 classified (4 classification, 17 not), 0 failed`. \(HeadlessFailure.statusHelp)")

    @OptionGroup var poolOptions: PoolOptions
    @OptionGroup var endpoint: EndpointOptions
    @OptionGroup var generation: GenerationOptions
    @OptionGroup var budget: BudgetOptions
    @OptionGroup var batch: BatchOptions

    @Option(name: .long, help: ArgumentHelp("Only the first n accepted instructions, in pool order (upstream's --num_instructions).", valueName: "n"))
    var numInstructions: Int?

    func validate() throws {
        if let numInstructions, numInstructions < 1 { throw ValidationError("--num-instructions must be at least 1, not \(numInstructions)") }
    }

    func run() async throws {
        try await HeadlessFailure.reporting {
            try await EngineSession.runStages(poolOptions, endpoint, generation, budget, batch, stages: [.classification],
                                              selection: StageSelection(firstInstructions: numInstructions))
        }
    }
}

/// `selfinstruct instances`: stage 3 (after stage 2 where it is missing).
struct InstancesCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "instances",
        abstract: "Generate input/output instances for accepted instructions that have none (classifying them first where needed).",
        discussion: """
            Prints what the answers came to, e.g. `instances: 21 asked, 0 with instances (21 none-parsed), 0 failed`. \
            A task whose request failed is asked again by the next run; one whose answer held no usable instance \
            (none-parsed, all-dropped, conflicting-outputs) only with --retry. \(HeadlessFailure.statusHelp)
            """)

    @OptionGroup var poolOptions: PoolOptions
    @OptionGroup var endpoint: EndpointOptions
    @OptionGroup var generation: GenerationOptions
    @OptionGroup var budget: BudgetOptions
    @OptionGroup var batch: BatchOptions

    @Option(name: .long, help: ArgumentHelp("Instances kept per task.", valueName: "n"))
    var maxInstances: Int = 5

    @Option(name: .long, help: ArgumentHelp("Only the first n accepted instructions, in pool order (upstream's --num_instructions).", valueName: "n"))
    var numInstructions: Int?

    @Flag(name: .long, help: "Only classification tasks get instances (upstream's --classification_tasks_only).")
    var classificationTasksOnly = false

    @Flag(name: .long, help: "Only non-classification tasks get instances (upstream's --generation_tasks_only).")
    var generationTasksOnly = false

    @Flag(name: .long, help: "Also ask again for tasks an earlier answer left without instances (none-parsed, all-dropped, conflicting-outputs).")
    var retry = false

    func validate() throws {
        guard maxInstances >= 1 else { throw ValidationError("--max-instances must be at least 1, not \(maxInstances)") }
        if let numInstructions, numInstructions < 1 { throw ValidationError("--num-instructions must be at least 1, not \(numInstructions)") }
        if classificationTasksOnly && generationTasksOnly {
            throw ValidationError("pass --classification-tasks-only or --generation-tasks-only, not both")
        }
    }

    func run() async throws {
        let kind: StageSelection.TaskKind = classificationTasksOnly ? .classificationOnly : generationTasksOnly ? .generationOnly : .all
        try await HeadlessFailure.reporting {
            try await EngineSession.runStages(
                poolOptions, endpoint, generation, budget, batch, stages: [.classification, .instances],
                selection: StageSelection(firstInstructions: numInstructions, taskKind: kind, retryWithoutInstances: retry),
                maxInstances: maxInstances)
        }
    }
}

extension EngineSession {
    /// Runs `stages` in order over the tasks `selection` takes, printing one report line per
    /// stage. Exits with status 1 when a request failed for good.
    /// With --batch, each stage's tasks go as one batch (up to the Batch API's 50,000 requests).
    static func runStages(_ pool: PoolOptions, _ endpoint: EndpointOptions, _ generation: GenerationOptions, _ budget: BudgetOptions,
                          _ batch: BatchOptions, stages: [Stage], selection: StageSelection, maxInstances: Int = 5) async throws {
        let settings = try CommandSettings.resolve(pool) { layer in
            endpoint.apply(to: &layer)
            generation.apply(to: &layer)
            budget.apply(to: &layer)
        }
        var configuration = EngineConfiguration(
            seed: settings.seed, templates: try GenerationOptions.promptTemplates(settings.templates), streamTokens: !endpoint.noStream,
            maxTokensCap: endpoint.maxTokens, maxInstances: maxInstances,
            stageBatchSize: batch.batch ? 50_000 : settings.rateLimits.maxInFlight, budget: settings.budget)
        configuration.batch = batch.mode
        if let warning = batch.warningOfOpenBatches(pool: pool.url) { printError(warning) }
        let engine = try await open(pool, settings, generation, configuration)
        let consumer = Task {
            var progress = GenerationProgress(goal: .untilStopped, startingCount: 0)
            for await event in engine.events { progress.handle(event) }
            progress.finishLine()
        }
        var failed = 0
        do {
            for stage in stages {
                let summary = stage == .classification ? try await engine.classify(selection) : try await engine.generateInstances(selection)
                failed += summary.failed
                print(summary.report(stage))
                if stage == .instances, summary.withoutInstancesCount > 0, !selection.retryWithoutInstances {
                    let tasks = summary.withoutInstancesCount == 1 ? "1 task" : "\(summary.withoutInstancesCount) tasks"
                    printError("\(tasks) got no usable instances; `selfinstruct instances --retry` asks again")
                }
            }
        } catch {
            try? await engine.close()
            await consumer.value
            throw error
        }
        try await engine.close()
        await consumer.value
        if failed > 0 { throw ExitCode.failure }
    }
}
