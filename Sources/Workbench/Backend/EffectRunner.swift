import DurableFiles
import Engine
import Foundation
import Pool
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

    /// A runner over `backend`; pause and finish go to its generation control, if it has one.
    public init(
        backend: any PoolCuration, homeDirectory: String? = OutputTarget.homeDirectory,
        verbNounSource: VerbNounAnalyzer.Source = .spacy(SpacyEnvironment())
    ) {
        self.backend = backend
        generation = backend as? any GenerationControl
        self.homeDirectory = homeDirectory
        configFile = ResolvedSettings.poolConfigFile(for: URL(fileURLWithPath: backend.poolPath))
        self.verbNounSource = verbNounSource
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
        case .setThreshold: "setting the threshold"
        case .markGuidelinesSeen: "remembering that the guidelines were shown"
        case .runStages: "asking for the stages"
        case .remember: "remembering the settings for the pool"
        case .rescore, .judge, .tallyPool, .summarizeInstances, .analyzeVerbs, .readGuidelines, .finishRound, .quit, .applyTheme, .openEditor: "working"
        }
        return "\(action) failed: \(error)"
    }
}
