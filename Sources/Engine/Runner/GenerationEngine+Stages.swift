/// Classification and instance stages asked for together, on the tasks a selection takes.
public struct StageRequest: Sendable, Hashable {
    /// The stages, in the order they run (classification before instances).
    public var stages: [Stage]
    /// The tasks they take.
    public var selection: StageSelection

    /// A request for `stages` on the tasks `selection` takes.
    public init(stages: [Stage], selection: StageSelection = StageSelection()) {
        self.stages = stages
        self.selection = selection
    }

    /// Stage 2 alone.
    public static func classification(_ selection: StageSelection = StageSelection()) -> StageRequest {
        StageRequest(stages: [.classification], selection: selection)
    }

    /// Stage 3, with stage 2 first for the tasks not yet classified (as `selfinstruct
    /// instances` runs them).
    public static func instances(_ selection: StageSelection = StageSelection()) -> StageRequest {
        StageRequest(stages: [.classification, .instances], selection: selection)
    }
}

/// What `GenerationEngine.runStages(_:)` did with a request.
public enum StageRun: Sendable, Hashable {
    /// A run in progress took the request: it runs before the run's next round (at once if
    /// the run waits for review; once resumed if paused).
    case handedToRun
    /// The stages ran as a run of their own; what each came to, in order.
    case finished([StageSummary])
}

extension GenerationEngine {
    /// Stage 2: asks, for every accepted instruction `selection` covers that is not yet
    /// classified, whether it is a classification task, and records the answer with its
    /// provenance. A task whose request fails stays unclassified (upstream wrote "" and so
    /// "not classification"), so the next run asks again. Does nothing while a run goes on.
    public func classify(_ selection: StageSelection = StageSelection()) async throws -> StageSummary {
        try await asRunOfItsOwn { try await classifyTasks(selection) } ?? StageSummary()
    }

    /// Stage 3: generates instances for the accepted, classified instructions `selection`
    /// takes that have none and have not been answered before (with
    /// `retryWithoutInstances`, also those an earlier answer left without any; with `tasks`,
    /// those tasks whatever they have): output-first for classification tasks, input-first
    /// otherwise. The kept instances (at most `maxInstances`) go into the record, with the
    /// call in its provenance and the reasons in `instancesWhy`: why the task has none
    /// (nothing parsed, conflicting outputs, all dropped) and why each dropped instance went.
    ///
    /// Tasks not yet classified are skipped (counted in `skipped`): run `classify()` first.
    /// Does nothing while a run goes on.
    public func generateInstances(_ selection: StageSelection = StageSelection()) async throws -> StageSummary {
        try await asRunOfItsOwn { try await generateInstancesForTasks(selection) } ?? StageSummary()
    }

    /// Runs `request`'s stages now when the engine is idle; while a run goes on, hands them
    /// to it instead and returns at once. Either way the stages report on `events` as a
    /// round does (streamed text, retries, `taskFailed`, `stageFinished`) and pause, stop
    /// and halt as a round does.
    /// - Throws: `CancellationError`, `EngineError.halted` or `EngineError.pool`, as `run` does.
    public func runStages(_ request: StageRequest) async throws -> StageRun {
        if let summaries = try await asRunOfItsOwn({ try await perform(request) }) {
            return .finished(summaries)
        }
        requestedStages.append(request)
        wakeWaiters()
        return .handedToRun
    }

    /// Runs a request's stages in order, within the run in progress.
    func perform(_ request: StageRequest) async throws -> [StageSummary] {
        var summaries: [StageSummary] = []
        for stage in request.stages where !shouldStop {
            switch stage {
            case .classification: summaries.append(try await classifyTasks(request.selection))
            case .instances: summaries.append(try await generateInstancesForTasks(request.selection))
            case .instructions: break
            }
        }
        return summaries
    }
}
