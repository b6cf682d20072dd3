import DatasetCard
import DurableFiles
import Engine
import Foundation
import LLM
import Pool
import QualityReview
import ReviewScreen
import Settings
import VerbNoun

/// Performs the reducer's backend commands, one at a time and in order, and turns each
/// result into an event. Screen commands (theme, $EDITOR) belong to the loop and give nil.
public struct EffectRunner: Sendable {
    /// The backend commands go to.
    public let backend: any PoolCuration
    /// The backend's generation control, when it generates.
    public let generation: (any GenerationControl)?
    /// The folder `~` stands for in an export path.
    public let homeDirectory: String?
    /// The pool's config file, where remembered settings go (`pool.toml` beside `pool.jsonl`).
    public let configFile: URL
    /// Where the verb–noun parser comes from (spaCy in the project's venv).
    public let verbNounSource: VerbNounAnalyzer.Source
    /// The settings in force, for a report's account of how the data was made.
    public let settings: ResolvedSettings?
    /// The evaluation the Eval view rates, once `:eval` opened one.
    let evaluations: EvaluationShelf

    /// A runner over `backend`; pause and finish go to its generation control, if it has one.
    public init(
        backend: any PoolCuration, homeDirectory: String? = OutputTarget.homeDirectory,
        verbNounSource: VerbNounAnalyzer.Source = .spacy(SpacyEnvironment()), settings: ResolvedSettings? = nil
    ) {
        self.settings = settings
        self.backend = backend
        generation = backend as? any GenerationControl
        self.homeDirectory = homeDirectory
        configFile = ResolvedSettings.poolConfigFile(for: URL(fileURLWithPath: backend.poolPath))
        self.verbNounSource = verbNounSource
        evaluations = EvaluationShelf(homeDirectory: homeDirectory)
    }

    /// Parses the verb–noun pairs of `entries`' instructions, cached beside the pool, and
    /// counts the chart. Blocking for as long as spaCy installs and parses: the loop runs it
    /// on a thread of its own; `progress` receives each step as an event.
    public func analyzeVerbs(_ entries: [PoolEntry], progress: (WorkbenchEvent) -> Void) -> WorkbenchEvent {
        let analyzer = VerbNounAnalyzer(cache: VerbNounCache(besidePool: backend.poolPath), source: verbNounSource)
        do {
            let analysis = try analyzer.analyze(entries.map(\.instruction)) { progress(.verbNouns(.progress($0))) }
            return .verbNouns(.finished(VerbNounResult(analysis, entries: entries)))
        } catch {
            return .verbNouns(.failed("verb–noun analysis failed: \(error)"))
        }
    }

    /// Asks the systems `request` names for their responses, off the worker (the loop runs
    /// it concurrently: it takes as long as the endpoints do); `progress` receives each step.
    public func generateResponses(_ request: EvaluationRequest, progress: @Sendable (WorkbenchEvent) -> Void) async -> WorkbenchEvent {
        .evaluation(await evaluations.generate(request, prices: settings?.prices ?? PriceTable([:])) { progress(.evaluation(.generating($0))) })
    }

    /// Performs `command`; returns the event reporting its outcome, nil for screen commands
    /// and quit (which shuts the backend down).
    public func perform(_ command: WorkbenchCommand) async -> WorkbenchEvent? {
        do {
            switch command {
            case .loadRecord(let id):
                do {
                    return .recordLoaded(try await backend.record(id))
                } catch {
                    return .recordUnavailable(id, Self.describe(error, of: command))
                }
            case .decide(let ids, let status, let why):
                let verb = switch status {
                case .accepted: why.note?.hasPrefix("rescued") == true ? "rescued" : "accepted"
                case .rejected: "rejected"
                case .pending: "reopened"
                case .seed: "made a seed of"
                }
                let entries = try await backend.decide(ids, status: status, why: why)
                let what = entries.count == 1 ? entries[0].id : "\(entries.count) records"
                return .recordsChanged(entries, note: "\(verb) \(what)")
            case .edit(let id, let change):
                let entry = try await backend.edit(id, change)
                let what = switch change {
                case .instruction: "the instruction of"
                case .instances: "the instances of"
                case .isClassification(let flag): "is-classification \(flag.map { $0 ? "yes" : "no" } ?? "unknown") for"
                case .instanceStatus(let index, let status): "instance \(index + 1) (\(status?.rawValue ?? "cleared")) of"
                }
                return .recordsChanged([entry], note: "saved \(what) \(id)")
            case .reviseInstruction(let id, let text, let acceptingAnyway):
                let revised = try await backend.reviseInstruction(id, to: text, acceptingAnyway: acceptingAnyway)
                return .recordsChanged([revised.entry], note: Self.describe(revised))
            case .undo:
                do {
                    return .historyStepped(try await backend.undoLastAction().map(HistoryOutcome.undone) ?? .nothingToUndo)
                } catch let error as PoolError where error.isHistoryBlocked {
                    return .historyStepped(.blocked(error.description))
                }
            case .redo:
                do {
                    return .historyStepped(try await backend.redoLastAction().map(HistoryOutcome.redone) ?? .nothingToRedo)
                } catch let error as PoolError where error.isHistoryBlocked {
                    return .historyStepped(.blocked(error.description))
                }
            case .judge(let reviewed):
                return .judged(JudgedText(reviewed: reviewed, verdict: await backend.verdict(on: reviewed)))
            case .rescore(let text, let excluded):
                return .rescored(text: text, await backend.rescore(text, excluding: excluded, k: 10))
            case .setPaused(let paused):
                guard let generation else {
                    return .failed("no generation runs in this session; start the workbench without --no-generate to generate")
                }
                try await generation.setPaused(paused)
                return .succeeded(paused ? "pausing: the request in flight finishes" : "resumed")
            case .runStages(let request):
                guard let generation else {
                    return .failed("no generation runs in this session, so no stage can ask the model; start the workbench without --no-generate")
                }
                try await generation.runStages(request)
                return nil
            case .export(let format, let path, let overwriting):
                switch Self.target(path, overwriting: overwriting, home: homeDirectory) {
                case .success(let target):
                    return .exported(try await backend.export(format: format, to: target.path), path: target.path)
                case .failure(let refusal) where refusal.reason == .existingFile:
                    return .exportWouldOverwrite(format, path: refusal.path)
                case .failure(let refusal):
                    return .failed("cannot export: \(refusal)")
                }
            case .writeReport(let path, let options, let verbNoun, let overwriting):
                let folder = URL(fileURLWithPath: OutputTarget.expandingHome(in: path, home: homeDirectory))
                let existing = DatasetReport.existingFiles(in: folder, format: options.format)
                if !overwriting, !existing.isEmpty {
                    return .reportWouldOverwrite(path: folder.path, options, verbNoun: verbNoun, existing: existing)
                }
                let written = try await backend.writeReport(to: folder, options: options, settings: settings, verbNoun: verbNoun)
                return .reported(written, path: folder.path)
            case .setThreshold(let threshold):
                try await backend.setSimilarityThreshold(threshold)
                return .succeeded("similarity threshold \(threshold) for new candidates")
            case .remember(let settings):
                try SettingsFileEditor.remember(settings, in: configFile)
                return .succeeded("remembered \(settings.map(\.description).joined(separator: ", ")) in \(configFile.path)")
            case .tallyPool(let entries, let defects, let scoringSeeds):
                return .poolTallied(PoolTally(entries, defects: defects), scoringSeeds ? SeedSimilarity(entries) : nil)
            case .summarizeInstances(let entries):
                return .instancesSummarized(try PoolFile.summarizingInstances(of: entries, poolAt: backend.poolPath))
            case .analyzeVerbs(let entries):
                return analyzeVerbs(entries) { _ in }
            case .readGuidelines(let atStart):
                return .guidelinesRead(GuidelinesFile(poolPath: backend.poolPath).read(), atStart: atStart)
            case .markGuidelinesSeen(let text):
                try GuidelinesFile(poolPath: backend.poolPath).markSeen(text)
                return nil
            case .openReview(let reviewer, let candidates):
                return .review(await openReview(reviewer: reviewer ?? Self.userName, candidates))
            case .storeReview(var answer, let change):
                answer.time = Date().formatted(.iso8601)
                do {
                    try ReviewFile(besidePool: backend.poolPath).append(answer)
                    return .review(.screen(.stored(answer, change)))
                } catch {
                    return .review(.screen(.failed("the answer was not saved: \(error)")))
                }
            case .openEvaluation(let request, let size):
                return .evaluation(evaluations.open(request, size: size))
            case .generateResponses(let request):
                return await generateResponses(request) { _ in }
            case .storeRating(let write):
                return .evaluation(evaluations.store(write))
            case .summarizeEvaluation:
                return .evaluation(evaluations.summarize())
            case .finishRound:
                await generation?.finishRound()
                return nil
            case .quit:
                await backend.shutDown()
                return nil
            case .applyTheme, .openEditor:
                return nil
            }
        } catch {
            return .failed(Self.describe(error, of: command))
        }
    }

    /// The user's name, the reviewer when none is named.
    static var userName: String { ProcessInfo.processInfo.environment["USER"] ?? "reviewer" }

    /// The review beside the pool as `reviewer`: the sample the review file holds, else one
    /// drawn from `candidates` with the default size and seed (their records read from the
    /// backend) and stored.
    func openReview(reviewer: String, _ candidates: [ReviewSample.Candidate]) async -> ReviewReport {
        let file = ReviewFile(besidePool: backend.poolPath)
        do {
            var records = try file.load()
            if records.sample == nil {
                let choices = ReviewSample.choose(from: candidates, size: ReviewSample.defaultSize, seed: ReviewSample.defaultSeed)
                var chosen: [(ReviewSample.Choice, PoolRecord)] = []
                for choice in choices { chosen.append((choice, try await backend.record(choice.recordID))) }
                let drawn = ReviewSample(seed: ReviewSample.defaultSeed, requested: ReviewSample.defaultSize, eligible: candidates.count,
                                         chosen: chosen, time: Date().formatted(.iso8601))
                guard !drawn.items.isEmpty else {
                    return .unavailable("No accepted task has instances yet, so there is nothing to review: accept tasks and press I for their instances; the review opens here once there are some (:review NAME to review as someone else).")
                }
                _ = try file.store(drawn)
                records = try file.load()
            }
            guard let sample = records.sample else { return .unavailable("\(file.path) holds no sample") }
            return .opened(ReviewState(reviewer: reviewer, sample: sample, records: records))
        } catch {
            return .unavailable("The review could not open: \(error)")
        }
    }

    /// What saving a new instruction did, as the status line says it.
    static func describe(_ revised: RevisedInstruction) -> String {
        let id = revised.entry.id
        switch revised.outcome {
        case .kept: return "saved the instruction of \(id): \(revised.verdict)"
        case .rejected(let reason): return "saved \(id), now rejected: \(reason) (R accepts it anyway)"
        case .acceptedAnyway(let reason): return "saved \(id), accepted anyway over \(reason)"
        case .reopened: return "saved \(id): it passes every filter now, so it is pending again"
        }
    }

    /// The export target `path` names, or why it cannot be written as asked.
    private static func target(_ path: String, overwriting: Bool, home: String?) -> Result<OutputTarget, OutputTarget.Refusal> {
        Result { () throws(OutputTarget.Refusal) in try OutputTarget(path, overwriting: overwriting, home: home) }
    }

    private static func describe(_ error: any Error, of command: WorkbenchCommand) -> String {
        let action = switch command {
        case .loadRecord(let id): "reading \(id)"
        case .decide(let ids, _, _): ids.count == 1 ? "deciding \(ids[0])" : "deciding \(ids.count) records"
        case .edit(let id, _), .reviseInstruction(let id, _, _): "saving the edit of \(id)"
        case .undo: "undoing"
        case .redo: "redoing"
        case .setPaused(let paused): paused ? "pausing" : "resuming"
        case .export(_, let path, _): "exporting to \(path)"
        case .writeReport(let path, _, _, _): "writing the report into \(path)"
        case .setThreshold: "setting the threshold"
        case .markGuidelinesSeen: "remembering that the guidelines were shown"
        case .runStages: "asking for the stages"
        case .remember: "remembering the settings for the pool"
        case .openReview: "opening the review"
        case .storeReview: "saving the review answer"
        case .rescore, .judge, .tallyPool, .summarizeInstances, .analyzeVerbs, .readGuidelines, .finishRound, .quit,
             .applyTheme, .openEditor, .openEvaluation, .generateResponses, .storeRating, .summarizeEvaluation: "working"
        }
        return "\(action) failed: \(error)"
    }
}
