import ArgumentParser
import Engine
import Foundation
import LLM
import Pool

/// How a generation run decides.
enum ModeChoice: String, ExpressibleByArgument, CaseIterable {
    case auto, supervised
}

/// Which upstream pipeline a run follows.
enum RecipeChoice: String, ExpressibleByArgument, CaseIterable {
    case selfInstruct = "self-instruct"
    case alpaca

    var recipe: Recipe { self == .alpaca ? .alpaca() : .selfInstruct() }
}

/// `selfinstruct generate`: instruction rounds against the pool, headless.
struct GenerateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "generate",
        abstract: "Generate instructions in rounds; every candidate is recorded in the pool with its reason and neighbours.",
        discussion: "Stops after --rounds N (1 by default) or once the pool holds --target N generated instructions. Killed at any point, a run continues from the pool next time."
    )

    @OptionGroup var poolOptions: PoolOptions
    @OptionGroup var endpoint: EndpointOptions
    @OptionGroup var generation: GenerationOptions

    @Option(name: .long, help: ArgumentHelp("Rounds to run.", valueName: "n"))
    var rounds: Int?

    @Option(name: .long, help: ArgumentHelp("Run until the pool holds this many generated instructions.", valueName: "n"))
    var target: Int?

    @Option(name: .long, help: "auto (the filters decide) or supervised (passing candidates wait as pending).")
    var mode: ModeChoice = .auto

    @Option(name: .long, help: ArgumentHelp("Supervised: stop generating once this many candidates are pending.", valueName: "n"))
    var maxPending: Int = 20

    @Option(name: .long, help: "self-instruct (the paper) or alpaca.")
    var recipe: RecipeChoice = .selfInstruct

    @Option(name: .long, help: ArgumentHelp("Prompts per round, each its own request.", valueName: "n"))
    var promptsPerRound: Int = 5

    func validate() throws {
        if rounds != nil && target != nil { throw ValidationError("pass --rounds or --target, not both") }
        if let rounds, rounds < 1 { throw ValidationError("--rounds must be at least 1, not \(rounds)") }
        if let target, target < 1 { throw ValidationError("--target must be at least 1, not \(target)") }
        guard promptsPerRound >= 1 else { throw ValidationError("--prompts-per-round must be at least 1, not \(promptsPerRound)") }
        guard maxPending >= 1 else { throw ValidationError("--max-pending must be at least 1, not \(maxPending)") }
    }

    func run() async throws {
        let goal: RunGoal = target.map { .target($0) } ?? .rounds(rounds ?? 1)
        let configuration = EngineConfiguration(
            recipe: recipe.recipe, mode: mode == .auto ? .auto : .supervised(maxPending: maxPending),
            promptsPerRound: promptsPerRound, seed: generation.seed, templates: try generation.promptTemplates(),
            streamTokens: !endpoint.noStream, maxTokensCap: endpoint.maxTokens)
        let engine = try await EngineSession.open(poolOptions, endpoint, generation, configuration)
        let startingCount = await engine.withPool { $0.entries.filter { $0.status != .seed && $0.status != .rejected }.count }
        let consumer = Task {
            var progress = GenerationProgress(goal: goal, startingCount: startingCount)
            for await event in engine.events {
                progress.handle(event)
                if case .stateChanged(.waitingForReview) = event {
                    progress.finishLine()
                    printError("\(await engine.pendingCount) candidates are pending (--max-pending \(maxPending)): decide them, then run generate again")
                    await engine.stop()
                }
            }
            progress.finishLine()
            return progress
        }
        do {
            try await engine.run(goal)
        } catch {
            try? await engine.close()
            _ = await consumer.value
            throw error
        }
        try await engine.close()
        let progress = await consumer.value
        print(progress.line)
        if progress.roundsFinished > 0 && progress.accepted + progress.pending + progress.rejectedByReason.values.reduce(0, +) == 0 && progress.errors > 0 {
            throw ValidationError("no request succeeded; see the errors above")
        }
    }
}

/// `selfinstruct classify`: stage 2 over accepted instructions lacking it.
struct ClassifyCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "classify",
        abstract: "Ask the model whether each accepted instruction is a classification task; record the answers.")

    @OptionGroup var poolOptions: PoolOptions
    @OptionGroup var endpoint: EndpointOptions
    @OptionGroup var generation: GenerationOptions

    func run() async throws {
        try await EngineSession.runStage(poolOptions, endpoint, generation, stages: [.classification])
    }
}

/// `selfinstruct instances`: stage 3 (after stage 2 where it is missing).
struct InstancesCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "instances",
        abstract: "Generate input/output instances for accepted instructions that have none (classifying them first where needed).")

    @OptionGroup var poolOptions: PoolOptions
    @OptionGroup var endpoint: EndpointOptions
    @OptionGroup var generation: GenerationOptions

    @Option(name: .long, help: ArgumentHelp("Instances kept per task.", valueName: "n"))
    var maxInstances: Int = 5

    func validate() throws {
        guard maxInstances >= 1 else { throw ValidationError("--max-instances must be at least 1, not \(maxInstances)") }
    }

    func run() async throws {
        try await EngineSession.runStage(poolOptions, endpoint, generation, stages: [.classification, .instances], maxInstances: maxInstances)
    }
}

/// Opening an engine from the command line, and running the stages headless.
enum EngineSession {
    static func open(_ pool: PoolOptions, _ endpoint: EndpointOptions, _ generation: GenerationOptions,
                     _ configuration: EngineConfiguration) async throws -> GenerationEngine {
        let resolved = try await endpoint.resolve()
        let engine = try GenerationEngine(
            poolURL: pool.url, seedTasksIfNew: try generation.seedTasks(), endpoint: resolved,
            configuration: configuration, limits: RateLimits(maxInFlight: endpoint.maxInFlight))
        for problem in await engine.poolProblems { printError("warning: \(problem)") }
        printError("\(resolved) · pool \(pool.pool)")
        return engine
    }

    static func runStage(_ pool: PoolOptions, _ endpoint: EndpointOptions, _ generation: GenerationOptions,
                         stages: [Stage], maxInstances: Int = 5) async throws {
        let configuration = EngineConfiguration(
            seed: generation.seed, templates: try generation.promptTemplates(), streamTokens: !endpoint.noStream,
            maxTokensCap: endpoint.maxTokens, maxInstances: maxInstances, stageBatchSize: endpoint.maxInFlight)
        let engine = try await open(pool, endpoint, generation, configuration)
        let consumer = Task {
            var progress = GenerationProgress(goal: .untilStopped, startingCount: 0)
            for await event in engine.events { progress.handle(event) }
            progress.finishLine()
        }
        var failed = 0
        do {
            for stage in stages {
                let summary = stage == .classification ? try await engine.classify() : try await engine.generateInstances()
                failed += summary.failed
                print("\(stage.rawValue): \(summary.asked) asked, \(summary.updated) updated, \(summary.failed) failed"
                      + (summary.skipped > 0 ? ", \(summary.skipped) skipped (not classified)" : ""))
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
