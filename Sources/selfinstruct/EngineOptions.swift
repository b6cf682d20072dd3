import ArgumentParser
import BundledSeeds
import Engine
import Foundation
import LLM

extension EndpointConfiguration.API: ExpressibleByArgument {}

/// The model endpoint flags every command that calls the model takes.
struct EndpointOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("OpenAI-compatible base URL (else OPENAI_BASE_URL, else the local model).", valueName: "url"))
    var baseURL: String?

    @Option(name: .long, help: ArgumentHelp("API key (else OPENAI_API_KEY). Never written to the pool or the log.", valueName: "key"))
    var apiKey: String?

    @Option(name: .long, help: ArgumentHelp("Model name (else OPENAI_MODEL; the local model's by default).", valueName: "name"))
    var model: String?

    @Option(name: .long, help: "completions (base models, the paper's setting) or chat.")
    var api: EndpointConfiguration.API = .completions

    @Option(name: .long, help: ArgumentHelp("Requests on the wire at once.", valueName: "n"))
    var maxInFlight: Int = 8

    @Option(name: .long, help: ArgumentHelp("Cap every request's max_tokens (for short test runs on a slow model).", valueName: "n"))
    var maxTokens: Int?

    @Flag(name: .long, help: "Wait for whole answers instead of streaming tokens.")
    var noStream = false

    func validate() throws {
        guard maxInFlight >= 1 else { throw ValidationError("--max-in-flight must be at least 1, not \(maxInFlight)") }
        if let maxTokens, maxTokens < 1 { throw ValidationError("--max-tokens must be at least 1, not \(maxTokens)") }
    }

    /// The endpoint; when it is the default local model and nothing answers, starts it.
    func resolve() async throws -> EndpointConfiguration {
        let environment = ProcessInfo.processInfo.environment
        let endpoint = try EndpointConfiguration.resolve(baseURL: baseURL, apiKey: apiKey, model: model, api: api)
        if baseURL == nil && environment["OPENAI_BASE_URL"] == nil && endpoint.baseURL == EndpointConfiguration.localModelURL {
            try await LocalModel.ensureRunning()
        }
        return endpoint
    }
}

/// The flags that decide how the engine asks and judges, shared by generate and the stages.
struct GenerationOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("Random seed: the same seed and model answers give the same pool.", valueName: "s"))
    var seed: UInt64 = 42

    @Option(name: .long, help: ArgumentHelp("A folder of template files overriding the built-in wording.", valueName: "dir"))
    var templates: String?

    @Option(name: .long, help: ArgumentHelp("Seed tasks (seed_tasks.jsonl format) for a new pool; the bundled ones by default.", valueName: "file"))
    var seeds: String?

    func promptTemplates() throws -> PromptTemplates {
        guard let templates else { return .builtIn }
        do {
            return try PromptTemplates.loading(overridesIn: URL(fileURLWithPath: templates))
        } catch {
            throw ValidationError(error.description)
        }
    }

    func seedTasks() throws -> String {
        guard let seeds else { return BundledSeeds.jsonLines }
        do {
            return try String(contentsOfFile: seeds, encoding: .utf8)
        } catch {
            throw ValidationError("cannot read the seed tasks \(seeds): \(error.localizedDescription); pass a readable seed_tasks.jsonl file")
        }
    }
}
