import DurableFiles
import Evaluation
import Foundation
import LLM
import RatingScreen
import Terminal

/// The evaluation the Eval view rates, open on the effect runner's side: `:eval` opens it
/// (afresh each time, so responses generated meanwhile show), each rating is appended to it
/// durably, and its figures are counted there, off the screen's thread.
final class EvaluationShelf: @unchecked Sendable {
    private let lock = NSLock()
    private var folder: EvaluationFolder?
    private let homeDirectory: String?
    private let environment: [String: String]

    /// A shelf expanding `~` to `homeDirectory`, the default rater read from `environment`'s USER.
    init(homeDirectory: String?, environment: [String: String] = ProcessInfo.processInfo.environment) {
        self.homeDirectory = homeDirectory
        self.environment = environment
    }

    /// Opens the evaluation `request` names, with a rating screen of `size` for it, or writes
    /// its report when that is what it asks for.
    func open(_ request: EvaluationRequest, size: Size) -> EvaluationEvent {
        let path = expand(request.path)
        let user = environment["USER"].flatMap { name in (try? EvaluationFolder.check(name, kind: "rater")).map { name } }
        let rater = request.rater ?? user ?? "rater"
        do {
            var imported: String?
            if !request.imports.isEmpty {
                switch importFiles(request.imports.map(expand), into: path) {
                case .success(let summary): imported = summary
                case .failure(let failure): return .unavailable(failure.message)
                }
            }
            let opened = try EvaluationFolder(path: path, creating: false)
            let session: (any RatingSession)?
            var note: String?
            if let report = request.report.map(expand) {
                let summary = EvaluationSummary(opened)
                do {
                    try FileManager.default.createDirectory(atPath: report, withIntermediateDirectories: true)
                    for file in EvaluationReport.files(summary) {
                        try AtomicFileWriter.write(to: report + "/" + file.name) { try $0.write(file.text) }
                    }
                } catch {
                    return .unavailable("\(report): cannot write the report (\(error))")
                }
                session = nil
                note = "wrote \(EvaluationReport.files(summary).map(\.name).joined(separator: ", ")) to \(report)"
            } else if let pair = request.pair {
                let missing = [pair.first, pair.second].filter { opened.responses[$0] == nil }
                guard missing.isEmpty else {
                    return .unavailable("\(path) has no responses from \(missing.map { "“\($0)”" }.joined(separator: " or ")); its systems are \(opened.systems.joined(separator: ", "))")
                }
                session = PairwiseState(folder: opened, pair: pair, rater: rater, size: size)
            } else {
                session = RatingState(folder: opened, rater: rater, size: size, disagreementsOnly: request.disagreements)
            }
            lock.withLock { folder = opened }
            note = [imported, note].compactMap { $0 }.joined(separator: "; ").nilIfEmpty
            return .opened(EvaluationOpening(request: request, path: path, summary: EvaluationSummary(opened), session: session,
                                             problems: opened.problems.map(\.description), note: note))
        } catch {
            return .unavailable("\(error)")
        }
    }

    /// Imports `files` into the evaluation at `path` (made if missing) as `eval import` does;
    /// what was added, or why nothing could be. Lines that could not be read are named with
    /// file:line in the outcome and every other line is imported.
    private func importFiles(_ files: [String], into path: String) -> Result<String, ImportFailure> {
        var batch = EvaluationImport()
        for file in files { batch.read(file: file) }
        do {
            let outcome = try batch.store(in: try EvaluationFolder(path: path, creating: true))
            var text = "imported \(outcome.tasksAdded) tasks"
            for (system, count) in outcome.responsesAdded.sorted(by: { $0.key < $1.key }) { text += ", \(count) responses of \(system)" }
            if let problem = outcome.problems.first {
                let count = outcome.problems.count
                text += "; \(count) line\(count == 1 ? "" : "s") left out, the first \(problem)"
            }
            return .success(text)
        } catch {
            return .failure(ImportFailure(message: "\(path): cannot import (\(error))"))
        }
    }

    /// `path` with a leading `~` standing for the home folder.
    private func expand(_ path: String) -> String {
        guard path == "~" || path.hasPrefix("~/"), let homeDirectory else { return path }
        return homeDirectory + path.dropFirst()
    }

    /// Asks the systems `request.generate` names for their responses to the tasks of the
    /// evaluation `request` names (after importing `request.imports`), as `eval generate` asks
    /// them: upstream's prompt (or the request's template files), greedy, up to 1,024 tokens,
    /// streamed, 8 at a time per system, the key from OPENAI_API_KEY, priced with `prices`. Each response is on disk before
    /// `progress` hears of it; tasks a system answered before are skipped.
    func generate(
        _ request: EvaluationRequest, prices: PriceTable, progress: @Sendable (ResponseProgress) -> Void
    ) async -> EvaluationEvent {
        let path = expand(request.path)
        var lines: [String] = []
        func outcome(_ errors: [String], failed: Bool, folderReady: Bool) -> EvaluationEvent {
            .generated(ResponseGenerationOutcome(
                request: request, path: path, lines: lines, errors: errors, hadFailures: failed || !errors.isEmpty, folderReady: folderReady))
        }
        if !request.imports.isEmpty {
            switch importFiles(request.imports.map(expand), into: path) {
            case .success(let summary): lines.append(summary)
            case .failure(let failure): return outcome([failure.message], failed: true, folderReady: false)
            }
        }
        let folder: EvaluationFolder
        let systems: [EvaluatedEndpoint]
        let prompt: ResponsePrompt
        do {
            folder = try EvaluationFolder(path: path, creating: false)
            systems = try request.generate.map { try EvaluatedEndpoint(parsing: $0, apiKey: nil, environment: environment) }
            prompt = try ResponsePrompt(
                withInputPath: request.promptFile.map(expand), withoutInputPath: request.promptNoInputFile.map(expand))
        } catch {
            return outcome(["\(error)"], failed: true, folderReady: false)
        }
        guard !folder.tasks.isEmpty else {
            return outcome(["\(path) has no tasks to answer: add some with --import FILE"], failed: true, folderReady: false)
        }
        let clients = systems.map { (system: $0.system, client: LLMClient(endpoint: $0.configuration, limits: RateLimits(maxInFlight: 8), prices: prices)) }
        let taskIDs = Set(folder.tasks.map(\.id))
        var counts = ResponseProgress(path: path, systems: systems.map { endpoint in
            var system = ResponseProgress.System(name: endpoint.system, tasks: folder.tasks.count)
            system.answeredBefore = (folder.responses[endpoint.system] ?? [:]).keys.filter { taskIDs.contains($0) }.count
            return system
        })
        progress(counts)
        let report: ResponseGenerator.Report
        do {
            report = try await ResponseGenerator(prompt: prompt).run(clients, folder: folder) { result in
                counts.failure = nil
                switch result {
                case .success(let response):
                    if let index = counts.systems.firstIndex(where: { $0.name == response.system }) { counts.systems[index].stored += 1 }
                case .failure(let failure):
                    if let index = counts.systems.firstIndex(where: { $0.name == failure.system }) { counts.systems[index].failed += 1 }
                    if failure.wasAsked { counts.failure = failure.description }
                }
                progress(counts)
            }
        } catch {
            return outcome(["\(path): cannot store a response (\(error)); what was stored before is kept"], failed: true, folderReady: true)
        }
        var errors: [String] = []
        for (system, client) in clients {
            if let unasked = report.unaskedLine(for: system) { errors.append(unasked) }
            lines.append(report.accountLine(for: system, usage: client.usageTotals))
        }
        return outcome(errors, failed: !report.failures.isEmpty, folderReady: true)
    }

    /// Stores `write`'s record, stamped with the time now, in the open evaluation.
    func store(_ write: RatingWrite) -> EvaluationEvent {
        lock.withLock {
            guard let folder else { return .notWritten(write, "not saved: no evaluation is open; :eval opens one") }
            do {
                try folder.add(write.record.stamped(Date().formatted(.iso8601)))
                return .written(write)
            } catch {
                return .notWritten(write, "not saved: \(error)")
            }
        }
    }

    /// The figures of the open evaluation.
    func summarize() -> EvaluationEvent {
        lock.withLock {
            guard let folder else { return .unavailable("no evaluation is open; :eval opens one") }
            return .summarized(path: folder.path, EvaluationSummary(folder))
        }
    }
}

/// Why `:eval --import` imported nothing.
private struct ImportFailure: Error {
    var message: String
}

extension String {
    /// nil for the empty string.
    fileprivate var nilIfEmpty: String? { isEmpty ? nil : self }
}
