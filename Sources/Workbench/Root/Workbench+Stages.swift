import Engine

extension Workbench {
    /// I, `:instances`, `:classify`, and the Instances view's r and F: asks for stages 2 and 3
    /// on the accepted tasks `request` takes, saying when they will run.
    static func askForStages(_ request: StageRequest, _ context: inout WorkbenchContext) -> [WorkbenchCommand] {
        guard context.readOnlyReason == nil else {
            context.say("the pool is open read-only, so no stage can write to it (the Log view says why)", isError: true)
            return []
        }
        let counts = context.pool.pipeline
        guard counts.tasks > 0 else {
            context.say("no accepted task yet: stages 2 and 3 ask about accepted tasks (a accepts a candidate)")
            return []
        }
        let throughInstances = request.stages.contains(.instances)
        if request.selection.tasks == nil {
            let lacking = !throughInstances ? counts.tasks - counts.classified
                : request.selection.retryWithoutInstances ? counts.tasks - counts.withInstances
                : counts.tasks - counts.withInstances - counts.withoutInstances
            guard lacking > 0 else {
                context.say(!throughInstances ? "every accepted task is classified already (c flips one in the Instances view)"
                            : request.selection.retryWithoutInstances ? "every accepted task has instances"
                            : "every accepted task has had its instances asked for; F (:instances retry) asks again for those left without")
                return []
            }
        }
        let what = throughInstances ? "classification and instances" : "classification"
        let tasks: String
        if let chosen = request.selection.tasks {
            tasks = chosen.count == 1 ? chosen.first! : "\(chosen.count) tasks"
        } else if request.selection.retryWithoutInstances {
            tasks = "every accepted task without instances, again"
        } else {
            tasks = "the accepted tasks that lack them"
        }
        let when = switch context.generation.phase {
        case .paused: "; paused: space lets them run"
        case .generating: "; they run after the round in progress"
        case .stopping: "; generation is stopping, so they may not run: ask again once it has"
        case .idle, .waitingForReview: ""
        }
        context.say("asking for \(what) of \(tasks)\(when)")
        return [.runStages(request)]
    }
}
