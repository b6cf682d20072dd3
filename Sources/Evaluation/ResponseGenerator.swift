import Foundation
import JSONLines
import LLM

/// Asks systems for their responses to the stored tasks and stores each one durably as it
/// arrives, with its provenance. Tasks a system has answered already are skipped, so a run
/// that was interrupted continues where it stopped. A request that fails for good is
/// reported, never stored: the next run asks again. Once an endpoint proves unusable (a
/// refused key, an unknown model, nothing answering after the client's retries), its
/// remaining tasks are reported without being sent.
public struct ResponseGenerator {
    /// The sampling settings of every request (upstream's evaluation decoded greedily).
    public var parameters: SamplingParameters
    /// Stream answers token by token (the client's default way) rather than wait for them whole.
    public var streaming: Bool
    /// The prompt each task is asked with.
    public var prompt: ResponsePrompt

    /// A task a system could not answer, and why.
    public struct Failure: Error, Sendable, CustomStringConvertible {
        /// The system asked.
        public var system: String
        /// The task it was asked.
        public var taskID: String
        /// What went wrong, as the client words it.
        public var reason: String
        /// False for a task not sent because its endpoint had proved unusable.
        public var wasAsked = true
        /// True when no request to this endpoint can succeed (see `LLMError.makesEndpointUnusable`;
        /// a connection refused after every retry counts too).
        var endpointUnusable = false

        public var description: String { "\(system): task \(taskID): \(reason)" }
    }

    /// What a run did.
    public struct Report: Sendable {
        /// Responses stored by this run, by system.
        public var stored: [String: Int] = [:]
        /// Tasks skipped because the system had answered them before, by system.
        public var skipped: [String: Int] = [:]
        /// Requests that failed for good.
        public var failures: [Failure] = []

        /// Why `system`'s tasks were left unasked ("N more tasks not asked: …"), if some were.
        public func unaskedLine(for system: String) -> String? {
            let unasked = failures.filter { $0.system == system && !$0.wasAsked }
            return unasked.first.map { "\(system): \(unasked.count) more tasks \($0.reason)" }
        }

        /// `system`'s account: stored, answered before, failed; tokens and cost from `usage`.
        public func accountLine(for system: String, usage: UsageTotals) -> String {
            let failed = failures.filter { $0.system == system }.count
            let uncounted = usage.requestsWithoutUsage > 0 ? " (\(usage.requestsWithoutUsage) answers came without token counts)" : ""
            return "\(system): \(stored[system] ?? 0) stored, \(skipped[system] ?? 0) answered before, \(failed) failed; "
                + "\(usage.promptTokens) prompt + \(usage.completionTokens) completion tokens, " + String(format: "$%.4f", usage.cost) + uncounted
        }
    }

    /// A generator with these settings; `window` caps the requests started and not yet
    /// answered per system (the client's in-flight limit applies besides).
    public init(parameters: SamplingParameters = SamplingParameters(maxTokens: 1024, temperature: 0),
                streaming: Bool = true, window: Int = 8, prompt: ResponsePrompt = .upstream) {
        self.parameters = parameters
        self.streaming = streaming
        self.prompt = prompt
        self.window = max(1, window)
    }

    /// Requests started and not yet answered, per system. Tasks are started only as earlier
    /// ones finish, so an endpoint found unusable is not sent the rest.
    public var window: Int

    /// Asks each system, through its client, for the tasks of `folder` it has not answered,
    /// the systems' tasks interleaved; `onResult` hears each outcome once it is stored.
    public func run(
        _ systems: [(system: String, client: LLMClient)], folder: EvaluationFolder,
        onResult: (Result<SystemResponse, Failure>) -> Void = { _ in }
    ) async throws -> Report {
        var report = Report()
        var queues: [[(system: String, client: LLMClient, task: EvaluationTask)]] = []
        for (system, client) in systems {
            let answered = folder.responses[system] ?? [:]
            report.skipped[system] = answered.count
            queues.append(folder.tasks.filter { answered[$0.id] == nil }.map { (system, client, $0) })
        }
        let longest = queues.map(\.count).max() ?? 0
        var jobs = (0..<longest).flatMap { index in queues.compactMap { index < $0.count ? $0[index] : nil } }.makeIterator()
        var unusable: [String: String] = [:]
        let parameters = parameters, streaming = streaming, prompt = prompt
        try await withThrowingTaskGroup(of: Result<SystemResponse, Failure>.self) { group in
            /// Starts the next job, or reports it unasked when its endpoint is unusable.
            func startNext() -> Bool {
                guard let job = jobs.next() else { return false }
                if let reason = unusable[job.system] {
                    let failure = Failure(system: job.system, taskID: job.task.id, reason: "not asked: the endpoint is unusable (\(reason))",
                                          wasAsked: false)
                    group.addTask { .failure(failure) }
                } else {
                    group.addTask {
                        await Self.ask(job.client, system: job.system, task: job.task, prompt: prompt.text(for: job.task),
                                       parameters: parameters, streaming: streaming)
                    }
                }
                return true
            }
            var started = 0
            while started < window * max(1, systems.count), startNext() { started += 1 }
            for try await result in group {
                switch result {
                case .success(let response):
                    try folder.add(responses: [response])
                    report.stored[response.system, default: 0] += 1
                case .failure(let failure):
                    if failure.endpointUnusable, unusable[failure.system] == nil { unusable[failure.system] = failure.reason }
                    report.failures.append(failure)
                }
                onResult(result)
                _ = startNext()
            }
        }
        return report
    }

    private static func ask(
        _ client: LLMClient, system: String, task: EvaluationTask, prompt text: String, parameters: SamplingParameters, streaming: Bool
    ) async -> Result<SystemResponse, Failure> {
        let prompt: Prompt = client.endpoint.api == .chat ? .chat([ChatMessage(.user, text)]) : .completion(text)
        do {
            var answer = "", finish = FinishReason.unspecified, usage: Usage?, model = client.endpoint.model
            if streaming {
                for try await event in client.stream(prompt, parameters: parameters) {
                    switch event {
                    case .text(let piece): answer += piece
                    case .finished(let reason): finish = reason
                    case .usage(let total): usage = total
                    }
                }
            } else {
                let completion = try await client.complete(prompt, parameters: parameters)
                guard let choice = completion.choices.first else {
                    return .failure(Failure(system: system, taskID: task.id, reason: "the endpoint answered without any choices"))
                }
                (answer, finish, usage, model) = (choice.text, choice.finishReason, completion.usage, completion.model)
            }
            let provenance = JSONValue.object([
                "endpoint": .string(client.endpoint.description),
                "model": .string(model),
                "prompt": .string(text),
                "max_tokens": parameters.maxTokens.map { .number($0) } ?? .null,
                "temperature": parameters.temperature.map { .number($0) } ?? .null,
                "finish_reason": .string(finish.rawValue),
                "usage": usage.map { .object(["prompt_tokens": .number($0.promptTokens), "completion_tokens": .number($0.completionTokens)]) } ?? .null,
                "time": .string(Date().formatted(.iso8601)),
            ])
            return .success(SystemResponse(taskID: task.id, system: system, text: answer, provenance: provenance))
        } catch {
            // A refused connection that outlasted the client's retries will not pass for the
            // next task either: nothing listens there.
            let unusable = (error as? LLMError).map { $0.makesEndpointUnusable || $0.code == .connectionFailed } ?? false
            return .failure(Failure(system: system, taskID: task.id, reason: "\(error)", endpointUnusable: unusable))
        }
    }
}
