import Pool

extension Workbench {
    /// A report from generation: the figures the header and status bar show and the stages'
    /// progress are kept here; every view hears it too (the Live view lists the candidates).
    static func handleCuration(_ event: CurationEvent, _ state: inout WorkbenchState) -> [WorkbenchCommand] {
        var commands: [WorkbenchCommand] = []
        switch event {
        case .phase(let phase):
            state.generation.phase = phase
            state.appendLog("generation: \(phase.rawValue)")
            if state.quitsWhenGenerationEnds && phase == .idle {
                state.hasQuit = true
                commands.append(.quit)
            }
        case .roundStarted(let round, let requests):
            state.appendLog("round \(round) started: \(requests) requests")
        case .roundFinished(_, let summary):
            state.appendLog(summary)
        case .streamed:
            state.generation.streamedPieces += 1
            state.generation.sampleRate(at: state.now, streamed: true)
        case .requestFinished, .candidate:
            break
        case .inFlight(let count):
            state.generation.inFlight = count
        case .endpoints(let statuses):
            state.generation.endpoints = statuses
        case .recordsChanged(let entries):
            commands += applyChanged(entries, &state)
        case .usage(let promptTokens, let completionTokens, let cost, let estimated):
            state.generation.promptTokens = promptTokens
            state.generation.completionTokens = completionTokens
            state.generation.cost = cost
            state.generation.tokensEstimated = estimated
            state.generation.sampleRate(at: state.now, streamed: false)
        case .health(let reported):
            let health = reported.reported(at: state.now)
            // A retry's countdown ticks in the status bar only, not in the log.
            if !health.hasSameCause(as: state.generation.health) {
                state.appendLog(health.description(at: state.now), isError: health.isFailing)
            }
            state.generation.health = health
        case .log(let text, let isError):
            state.appendLog(text, isError: isError)
        case .tick, .stageStarted, .stageFinished, .taskAnswered, .taskFailed:
            break
        }
        if let line = state.context.stages.receive(event) {
            state.appendLog(line)
            state.say(line)
        }
        return commands + state.broadcast(.curation(event))
    }
}
