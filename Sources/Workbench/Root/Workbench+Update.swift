import Foundation
import Pool
import Terminal

/// The workbench's logic: `update` turns an event into a new state and the commands to run.
/// Pure: no I/O, no clocks; the loop and the tests feed it events.
///
/// The root routes: keys that work everywhere (views, panes, search, decisions, quit) are
/// handled here, the rest go to the component on screen; pool changes and generation
/// reports go to every component.
public enum Workbench {
    /// Applies `event` as it arrived, `time` seconds into the session: the loop stamps every
    /// event (keys included) so each log line it adds carries the time it happened.
    public static func update(_ state: inout WorkbenchState, _ event: WorkbenchEvent, at time: Double) -> [WorkbenchCommand] {
        state.now = max(state.now, time)
        return update(&state, event)
    }

    /// Applies `event` to `state` and returns the work to do (decisions, loads, edits...).
    public static func update(_ state: inout WorkbenchState, _ event: WorkbenchEvent) -> [WorkbenchCommand] {
        let before = state.selectedRecordID
        var commands: [WorkbenchCommand]
        switch event {
        case .key(let key):
            commands = handleKey(key, &state)
        case .resized(let size):
            state.size = size
            if var edit = state.edit {
                edit.editor.width = Layout.editorWidth(state.size)
                edit.editor.height = Layout.editorRows(for: edit.target, state.size)
                state.edit = edit
            }
            commands = []
        case .curation(let curation, let time):
            state.now = max(state.now, time)
            commands = handleCuration(curation, &state)
        case .entriesLoaded(let entries):
            state.context.pool.replace(with: entries)
            state.appendLog("opened \(state.poolName): \(entries.count) records, \(state.counts[.pending] ?? 0) pending")
            commands = state.broadcast(.poolLoaded) + [.tallyPool(entries, state.context.pool.defects, scoringSeeds: true), .readGuidelines(atStart: true)]
        case .recordLoaded(let record):
            if record.id == state.selectedRecordID { state.detail = record }
            commands = []
        case .recordUnavailable(let id, let message):
            state.unavailableDetail = id
            state.say(message, isError: true)
            state.appendLog(message, isError: true)
            commands = []
        case .recordsChanged(let entries, let note):
            state.progress.note(entries.map(\.id), at: state.now)
            commands = applyChanged(entries, &state)
            state.say(note)
            state.appendLog(note)
        case .historyStepped(let outcome):
            commands = report(outcome, &state)
        case .rescored(let text, let neighbours):
            if var edit = state.edit, edit.editor.text == text {
                edit.neighbours = neighbours
                edit.scoredText = text
                state.edit = edit
            }
            commands = []
        case .judged(let judged):
            state.context.keep(judged, shown: [state.reviewedByView, state.reviewedEdit])
            commands = []
            if var edit = state.edit, edit.savesWhenJudged, judged.reviewed == state.reviewedEdit {
                edit.savesWhenJudged = false
                state.edit = edit
                commands = handleEditKey(.enter, &state)  // the save Enter asked for
            }
        case .poolTallied(let tally, let seeds):
            state.context.pool.tallied(tally, seeds)
            commands = state.broadcast(.poolChanged([])) + recountIfSeedsChanged(&state) + recountWithSummaries(&state)
        case .instancesSummarized(let entries):
            state.context.pool.keepSummaries(entries)
            commands = recountWithSummaries(&state)
        case .verbNouns(let report):
            state.context.verbNounsReported(report)
            if case .finished = report { commands = state.broadcast(.poolChanged([])) } else { commands = [] }
            commands += reportAfterVerbNouns(report, &state)
        case .reported, .reportWouldOverwrite:
            reported(event, &state)
            commands = []
        case .exported(let summary, let path):
            let text = summary.report(to: path, remedy: "press I (or run selfinstruct instances)")
            state.say(text)
            state.appendLog(text)
            commands = []
        case .exportWouldOverwrite(let format, let path):
            state.confirmation = Confirmation(
                question: "overwrite \(path)? (y/n)", commands: [.export(format, path: path, overwriting: true)])
            commands = []
        case .editorFinished(let request, let text):
            commands = finishExternalEdit(request, text: text, &state)
        case .themeApplied(let name):
            state.themeName = name
            state.say("theme \(name)")
            state.confirmation = .remembering([.theme(name)])
            commands = []
        case .guidelinesRead(let reading, let atStart):
            commands = showGuidelines(reading, atStart: atStart, &state)
        case .review(let report):
            commands = state.update(ReviewView.self) { view, _ in view.receive(report) }
        case .evaluation(let report):
            commands = state.broadcast(.evaluation(report))
        case .failed(let text):
            state.say(text, isError: true)
            state.appendLog(text, isError: true)
            commands = []
        case .succeeded(let text):
            state.say(text)
            state.appendLog(text)
            commands = []
        }
        commands += state.send(.refresh, to: state.current)
        // After quitting nothing more is asked of the backend: it is closing the pool.
        guard !state.hasQuit else { return commands.filter { $0 == .quit } }
        let selected = state.selectedRecordID
        if selected != before { state.unavailableDetail = nil }
        if selected != before || (state.detail == nil && selected != nil && selected != state.unavailableDetail && !commands.contains(where: isLoad)) {
            commands += syncDetail(&state)
        }
        return commands + syncVerdict(&state)
    }

    private static func isLoad(_ command: WorkbenchCommand) -> Bool {
        if case .loadRecord = command { return true }
        return false
    }

    /// Asks for the selected record's full revision when the selection moved to another one.
    private static func syncDetail(_ state: inout WorkbenchState) -> [WorkbenchCommand] {
        guard let id = state.selectedRecordID else {
            state.detail = nil
            return []
        }
        if state.detail?.id == id { return [] }
        state.detail = nil
        return [.loadRecord(id)]
    }

    /// Asks for the filters' verdict on what the screen shows when that changed.
    private static func syncVerdict(_ state: inout WorkbenchState) -> [WorkbenchCommand] {
        guard let reviewed = state.reviewed, state.context.verdict(on: reviewed) == nil, !state.judging.contains(reviewed) else { return [] }
        state.judging.append(reviewed)
        return [.judge(reviewed)]
    }

    /// Puts changed records in the mirror, tells every view, and reloads the record shown
    /// in full if it is one of them.
    static func applyChanged(_ entries: [PoolEntry], _ state: inout WorkbenchState) -> [WorkbenchCommand] {
        for entry in entries { state.context.pool.upsert(entry) }
        if state.context.verbNouns.result != nil { state.context.verbNouns.isStale = true }
        var commands = state.broadcast(.poolChanged(entries)) + recountIfSeedsChanged(&state)
        if let id = state.detail?.id, entries.contains(where: { $0.id == id }) { commands.append(.loadRecord(id)) }
        return commands
    }

    /// A count afresh when a change rewrote the seeds, since every similarity to the seeds
    /// changes with them (scored off the screen's thread, as at load).
    static func recountIfSeedsChanged(_ state: inout WorkbenchState) -> [WorkbenchCommand] {
        guard state.context.pool.needsRecount else { return [] }
        return [.tallyPool(state.context.pool.startRecount(), state.context.pool.defects, scoringSeeds: true)]
    }

    /// A count afresh once the instances' summaries have been taken in, so that Table 1, the
    /// defect flags and the instance lengths count every record (the similarities to the
    /// seeds stay as scored); it waits while another count runs.
    static func recountWithSummaries(_ state: inout WorkbenchState) -> [WorkbenchCommand] {
        guard let entries = state.context.pool.startRecountWithSummaries() else { return [] }
        return [.tallyPool(entries, state.context.pool.defects, scoringSeeds: false)]
    }

    /// Shows `view` with the list pane focused.
    static func show(_ view: WorkbenchView, _ state: inout WorkbenchState) {
        state.view = view
        state.focus = .list
    }
}
