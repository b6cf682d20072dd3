import ArgumentParser
import Evaluation
import Foundation
import LLM
import Settings

/// `selfinstruct eval generate`: responses to the stored tasks from OpenAI-compatible endpoints.
struct EvalGenerateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "generate",
        abstract: "Ask endpoints for their responses to the evaluation's tasks.",
        discussion: """
            Each --endpoint NAME=URL[,model][,api] is a system; its responses go to \
            responses/NAME.jsonl with the endpoint, model, prompt, settings, finish reason and \
            usage. The prompt is upstream's: the instruction, then "\\n\\nInput: INPUT" when \
            the task has an input, then "\\nOutput:" (sent as the one user message for chat); \
            --prompt and --prompt-no-input replace it with templates of your own (Alpaca's \
            prompt_input and prompt_no_input, say), {instruction} and {input} filled in. \
            Each system's tokens and cost (priced with [prices] of ./pool.toml or the user's \
            config file, as generate prices) are \
            printed at the end. Each response is on disk before the next is counted; tasks a system has answered \
            are skipped, so an interrupted run continues where it stopped. A task whose \
            request fails for good is reported and not stored (exit status 1); run again to \
            retry it.
            """
    )

    @Option(name: .customLong("endpoint"), help: ArgumentHelp("A system to ask: NAME=URL[,model][,api] (repeat for several).", valueName: "spec"))
    var endpoints: [String]

    @Option(name: .long, help: ArgumentHelp("API key for every endpoint (else OPENAI_API_KEY).", valueName: "key"))
    var apiKey: String?

    @Option(name: .long, help: ArgumentHelp("max_tokens of each response.", valueName: "n"))
    var maxTokens = 1024

    @Option(name: .long, help: ArgumentHelp("Sampling temperature (0: greedy, as upstream's evaluation).", valueName: "t"))
    var temperature = 0.0

    @Option(name: .long, help: ArgumentHelp("Requests on the wire at once, per endpoint.", valueName: "n"))
    var concurrency = 8

    @Flag(name: .long, help: "Wait for whole answers instead of streaming tokens.")
    var noStream = false

    @Option(name: .customLong("prompt"), help: ArgumentHelp("The prompt for tasks with an input: a file with {instruction} and {input} (one final line break dropped).", valueName: "file"))
    var promptFile: String?

    @Option(name: .customLong("prompt-no-input"), help: ArgumentHelp("The prompt for tasks without an input: a file with {instruction}.", valueName: "file"))
    var promptNoInputFile: String?

    @OptionGroup var folderOption: EvalFolderOption

    func validate() throws {
        guard !endpoints.isEmpty else { throw ValidationError("Name at least one --endpoint NAME=URL[,model][,api].") }
        guard concurrency >= 1, maxTokens >= 1 else { throw ValidationError("--concurrency and --max-tokens must be at least 1.") }
    }

    func run() async throws {
        let environment = ProcessInfo.processInfo.environment
        let systems: [EvaluatedEndpoint]
        do {
            systems = try endpoints.map { try EvaluatedEndpoint(parsing: $0, apiKey: apiKey, environment: environment) }
        } catch {
            printError("error: \(error)")
            throw ExitCode.validationFailure
        }
        let prompt: ResponsePrompt
        do {
            prompt = try readPrompt()
        } catch {
            printError("error: \(error)")
            throw ExitCode.validationFailure
        }
        let folder = try folderOption.open(creating: false)
        // Priced as generate prices: [prices] of ./pool.toml, else of the user's config file
        // (endpoints on this machine cost nothing).
        let prices: PriceTable
        do {
            let local = try SettingsFile.read(ResolvedSettings.poolConfigFile(for: URL(fileURLWithPath: "pool.jsonl")))
            prices = PriceTable(try local.prices ?? SettingsFile.read(ResolvedSettings.userConfigFile()).prices ?? [:])
        } catch {
            printError("error: \(error)")
            throw ExitCode.validationFailure
        }
        let clients = systems.map { endpoint in
            (system: endpoint.system, client: LLMClient(endpoint: endpoint.configuration, limits: RateLimits(maxInFlight: concurrency), prices: prices) { event in
                if case .retrying(let notice) = event { printError("\(endpoint.system): \(notice)") }
            })
        }
        let generator = ResponseGenerator(parameters: SamplingParameters(maxTokens: maxTokens, temperature: temperature), streaming: !noStream, window: concurrency,
                                        prompt: prompt)
        let report: ResponseGenerator.Report
        do {
            report = try await generator.run(clients, folder: folder) { result in
                if case .failure(let failure) = result, failure.wasAsked { printError("error: \(failure)") }
            }
        } catch {
            printError("error: \(folder.path): cannot store a response (\(error)); what was stored before is kept")
            throw ExitCode.failure
        }
        for (endpoint, client) in zip(systems, clients.map(\.client)) {
            if let unasked = report.unaskedLine(for: endpoint.system) { printError("error: \(unasked)") }
            printVisibly(report.accountLine(for: endpoint.system, usage: client.usageTotals))
        }
        if !report.failures.isEmpty { throw ExitCode.failure }
    }

    /// The prompt: upstream's, or the template files given (each without one final line break).
    private func readPrompt() throws -> ResponsePrompt {
        do {
            return try ResponsePrompt(withInputPath: promptFile, withoutInputPath: promptNoInputFile)
        } catch {
            throw ValidationError("\(error)")
        }
    }
}
