import DatasetCard
import Pool

/// `:report DIR [FORMAT]`: the dataset card with the verb–noun chart of the pool as it is.
/// When the analysis has not run, or records changed since, it runs first and the report is
/// written when it ends (without the chart if it failed, and the card says so).
extension Workbench {
    /// The commands for `:report` into `path` in `format`.
    static func report(path: String, format: ExportFormat, _ state: inout WorkbenchState) -> [WorkbenchCommand] {
        let options = DatasetReport.Options(format: format, threshold: state.similarityThreshold)
        let verbNouns = state.context.verbNouns
        if let result = verbNouns.result, !verbNouns.isStale {
            state.say("writing the report into \(path)")
            return [.writeReport(path: path, options, verbNoun: result.summary, overwriting: false)]
        }
        state.context.reportAfterVerbNouns = (path, options)
        state.say("the report waits for the verb–noun analysis (Stats shows it)")
        return state.context.analyzeVerbs()
    }

    /// The report waiting for the verb–noun analysis, now that it finished or failed.
    static func reportAfterVerbNouns(_ report: VerbNounReport, _ state: inout WorkbenchState) -> [WorkbenchCommand] {
        guard let (path, options) = state.context.reportAfterVerbNouns else { return [] }
        switch report {
        case .progress: return []
        case .finished(let result):
            state.context.reportAfterVerbNouns = nil
            return [.writeReport(path: path, options, verbNoun: result.summary, overwriting: false)]
        case .failed:
            state.context.reportAfterVerbNouns = nil
            return [.writeReport(path: path, options, verbNoun: nil, overwriting: false)]
        }
    }

    /// What the person is told when a report was written, or asked when it would replace files.
    static func reported(_ event: WorkbenchEvent, _ state: inout WorkbenchState) {
        switch event {
        case .reported(let written, let path):
            var text = "report in \(path): \(written.files.joined(separator: ", ")) (\(written.export.examples) examples of \(written.export.tasks) tasks)"
            if let note = written.export.leftOutNote(remedy: "press I (or run selfinstruct instances)") { text += "; " + note }
            state.say(text)
            state.appendLog(text)
        case .reportWouldOverwrite(let path, let options, let verbNoun, let existing):
            state.confirmation = Confirmation(
                question: "replace \(existing.joined(separator: ", ")) in \(path)? (y/n)",
                commands: [.writeReport(path: path, options, verbNoun: verbNoun, overwriting: true)])
        default:
            break
        }
    }
}
