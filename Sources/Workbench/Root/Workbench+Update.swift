import Foundation
import Pool
import Terminal

/// The workbench's logic: `update` turns an event into a new state and the commands to run.
/// Pure: no I/O, no clocks; the loop and the tests feed it events.
public enum Workbench {
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
                edit.editor.visibleWidth = Layout.editorWidth(state)
                state.edit = edit
            }
            commands = []
        case .curation(let curation, let time):
            state.now = max(state.now, time)
            commands = handleCuration(curation, &state)
        case .entriesLoaded(let entries):
            state.replaceEntries(entries)
            state.live.candidates = entries.filter { $0.status == .pending }.map(CandidateSummary.init(entry:))
            state.appendLog("opened \(state.poolName): \(entries.count) records, \(state.counts[.pending] ?? 0) pending")
            markDerivedStale(&state)
            commands = [.tallyPool(entries)]
        case .recordLoaded(let record):
            if record.id == state.selectedRecordID { state.detail = record }
            commands = []
        case .recordsChanged(let entries, let note):
            applyChanged(entries, &state)
            state.message = StatusMessage(text: note, isError: false)
            state.appendLog(note)
            commands = entries.contains { $0.id == state.detail?.id } ? state.detail.map { [.loadRecord($0.id)] } ?? [] : []
        case .rescored(let text, let neighbours):
            if var edit = state.edit, edit.editor.text == text {
                edit.neighbours = neighbours
                edit.scoredText = text
                state.edit = edit
            }
            commands = []
        case .poolTallied(let tally):
            state.tallied(tally)
            state.statsStale = true
            commands = []
        case .exported(let summary, let path):
            let text = "\(summary) to \(path)"
            state.message = StatusMessage(text: text, isError: false)
            state.appendLog(text)
            commands = []
        case .editorFinished(let request, let text):
            commands = finishExternalEdit(request, text: text, &state)
        case .themeApplied(let name):
            state.themeName = name
            state.message = StatusMessage(text: "theme \(name)", isError: false)
            commands = []
        case .failed(let text):
            state.message = StatusMessage(text: text, isError: true)
            state.appendLog(text, isError: true)
            commands = []
        case .succeeded(let text):
            state.message = StatusMessage(text: text, isError: false)
            state.appendLog(text)
            commands = []
        }
        commands += refreshDerived(&state)
        if state.selectedRecordID != before || (state.detail == nil && state.selectedRecordID != nil && !commands.contains(where: isLoad)) {
            commands += syncDetail(&state)
        }
        return commands
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

    // MARK: Keys

    private static func handleKey(_ key: Key, _ state: inout WorkbenchState) -> [WorkbenchCommand] {
        if key == .resize { return [] }
        state.message = nil
        if let confirmation = state.confirmation {
            state.confirmation = nil
            if confirmation.alternative == .finishRoundThenQuit && (key == .character("f") || key == .character("F")) {
                state.quitsWhenGenerationEnds = true
                state.message = StatusMessage(text: "finishing the round in progress, then quitting (q, y quits at once)", isError: false)
                return [.finishRound]
            }
            guard key == .character("y") || key == .character("Y") else {
                state.message = StatusMessage(text: "cancelled", isError: false)
                return []
            }
            if confirmation.commands.contains(.quit) { state.hasQuit = true }
            return confirmation.commands
        }
        if state.prompt != nil { return handlePromptKey(key, &state) }
        if state.edit != nil { return handleEditKey(key, &state) }
        if state.showsHelp {
            state.showsHelp = false
            return []
        }
        let page = max(1, state.size.height - 6)
        switch key {
        case .character("q"), .control("c"):
            return quit(&state)
        case .character(let digit) where digit.wholeNumberValue.map { (1...6).contains($0) } == true:
            state.view = WorkbenchView(rawValue: digit.wholeNumberValue!)!
            state.focus = .list
            return []
        case .tab, .backTab:
            state.focus = state.focus == .list ? .detail : .list
            return []
        case .character("?"):
            state.showsHelp = true
            return []
        case .character(":"):
            state.prompt = PromptLine(kind: .command, editor: LineEditor(visibleWidth: max(1, state.size.width - 2)))
            return []
        case .character("/"):
            state.prompt = PromptLine(kind: .search, editor: LineEditor(visibleWidth: max(1, state.size.width - 2)))
            return []
        case .character("n"): return find(state.search, forward: true, &state)
        case .character("N"): return find(state.search, forward: false, &state)
        case .character("j"), .down: moveSelection(by: 1, &state)
        case .character("k"), .up: moveSelection(by: -1, &state)
        case .pageDown, .control("f"): moveSelection(by: page, &state)
        case .pageUp, .control("b"): moveSelection(by: -page, &state)
        case .character("g"), .home: moveSelection(by: -Int.max / 2, &state)
        case .character("G"), .end: moveSelection(by: Int.max / 2, &state)
        case .character("a"): return decideSelected(accept: true, &state)
        case .character("x"): return decideSelected(accept: false, &state)
        case .character("e"): return startInlineEdit(&state)
        case .character("E"): return startExternalEdit(&state)
        case .character("u"): return undo(&state)
        case .character(" "):
            return [.setPaused(state.generation.phase != .paused)]
        case .enter:
            openInstances(&state)
        case .character("s") where state.view == .pool:
            let all = PoolSort.allCases
            state.browser.sort = all[(all.firstIndex(of: state.browser.sort)! + 1) % all.count]
            refreshPoolRows(&state)
        case .character("f") where state.view == .pool:
            let cycle: [RecordStatus?] = [nil, .pending, .accepted, .rejected, .seed]
            let index = cycle.firstIndex(of: state.browser.filter.status) ?? 0
            state.browser.filter.status = cycle[(index + 1) % cycle.count]
            refreshPoolRows(&state)
        case .character("A") where state.view == .pool: askBulk(accept: true, &state)
        case .character("X") where state.view == .pool: askBulk(accept: false, &state)
        case .escape:
            state.search = nil
        default:
            break
        }
        return []
    }

    private static func quit(_ state: inout WorkbenchState) -> [WorkbenchCommand] {
        if state.generation.isRunning {
            state.confirmation = Confirmation(
                question: "generation is running: quit now (y), after this round (f), or stay (n)?",
                commands: [.quit], alternative: .finishRoundThenQuit)
            return []
        }
        state.hasQuit = true
        return [.quit]
    }

    private static func handlePromptKey(_ key: Key, _ state: inout WorkbenchState) -> [WorkbenchCommand] {
        guard var prompt = state.prompt else { return [] }
        switch prompt.editor.handle(key) {
        case .editing:
            state.prompt = prompt
            return []
        case .cancelled:
            state.prompt = nil
            return []
        case .committed(let text):
            state.prompt = nil
            switch prompt.kind {
            case .search:
                guard !text.isEmpty else { return [] }
                state.search = text
                return find(text, forward: true, &state)
            case .command:
                guard !text.trimmingCharacters(in: .whitespaces).isEmpty else { return [] }
                do {
                    return run(try ColonCommand.parse(text), &state)
                } catch {
                    state.message = StatusMessage(text: error.description, isError: true)
                    return []
                }
            }
        }
    }

    private static func run(_ command: ColonCommand, _ state: inout WorkbenchState) -> [WorkbenchCommand] {
        switch command {
        case .export(let format, let path): return [.export(format, path: path)]
        case .threshold(let value):
            state.similarityThreshold = value
            return [.setThreshold(value)]
        case .theme(let name): return [.applyTheme(name)]
        case .filter(let filter):
            state.view = .pool
            state.browser.filter = filter
            state.browser.cursor = ListCursor()
            refreshPoolRows(&state)
            return []
        case .sort(let sort):
            state.view = .pool
            state.browser.sort = sort
            refreshPoolRows(&state)
            return []
        case .pause(let paused): return [.setPaused(paused)]
        case .quit: return quit(&state)
        }
    }

    // MARK: Selection

    private static func moveSelection(by offset: Int, _ state: inout WorkbenchState) {
        switch (state.view, state.focus) {
        case (.live, _): state.live.cursor.move(by: offset, count: state.live.candidates.count)
        case (.pool, _): state.browser.cursor.move(by: offset, count: state.browser.rows.count)
        case (.rejections, .list):
            state.rejections.groupCursor.move(by: offset, count: state.rejections.groups.count)
            state.rejections.itemCursor = ListCursor()
        case (.rejections, .detail):
            state.rejections.itemCursor.move(by: offset, count: state.rejections.selectedRows.count)
        case (.instances, .list):
            state.instances.taskCursor.move(by: offset, count: state.instances.rows.count)
            state.instances.instanceCursor = ListCursor()
        case (.instances, .detail):
            state.instances.instanceCursor.move(by: offset, count: state.detail?.instances.count ?? 0)
        case (.log, _): state.logCursor.move(by: offset, count: state.log.count)
        case (.stats, _): break
        }
    }

    /// The texts of the list searched by `/`, n and N in the current view.
    private static func searchableTexts(_ state: WorkbenchState) -> [String] {
        switch state.view {
        case .live: state.live.candidates.map(\.instruction)
        case .pool: state.browser.rows.map { state.entries[$0].instruction }
        case .rejections: state.rejections.selectedRows.map { state.entries[$0].instruction }
        case .instances: state.instances.rows.map { state.entries[$0].instruction }
        case .log: state.log.map(\.text)
        case .stats: []
        }
    }

    private static func find(_ query: String?, forward: Bool, _ state: inout WorkbenchState) -> [WorkbenchCommand] {
        guard let query, !query.isEmpty else {
            state.message = StatusMessage(text: "no search yet; / starts one", isError: false)
            return []
        }
        if state.view == .rejections { state.focus = .detail }
        if state.view == .instances { state.focus = .list }
        let texts = searchableTexts(state)
        guard !texts.isEmpty else { return [] }
        let current = currentSelection(state)
        for step in 1...texts.count {
            let index = ((forward ? current + step : current - step) % texts.count + texts.count) % texts.count
            if texts[index].range(of: query, options: [.caseInsensitive, .diacriticInsensitive]) != nil {
                moveSelection(by: index - current, &state)
                state.message = StatusMessage(text: "/\(query): row \(index + 1) of \(texts.count)", isError: false)
                return []
            }
        }
        state.message = StatusMessage(text: "/\(query): no match", isError: true)
        return []
    }

    private static func currentSelection(_ state: WorkbenchState) -> Int {
        switch state.view {
        case .live: state.live.cursor.selection
        case .pool: state.browser.cursor.selection
        case .rejections: state.rejections.itemCursor.selection
        case .instances: state.instances.taskCursor.selection
        case .log: state.logCursor.selection
        case .stats: 0
        }
    }

    private static func openInstances(_ state: inout WorkbenchState) {
        guard state.view != .instances, let id = state.selectedRecordID, let position = state.positionByID[id] else { return }
        refreshInstanceRows(&state)
        guard let row = state.instances.rows.firstIndex(of: position) else {
            state.message = StatusMessage(text: "\(id) has no instances yet", isError: false)
            return
        }
        state.view = .instances
        state.focus = .detail
        state.instances.taskCursor.selection = row
        state.instances.instanceCursor = ListCursor()
    }

    // MARK: Decisions

    private static func decideSelected(accept: Bool, _ state: inout WorkbenchState) -> [WorkbenchCommand] {
        guard let id = state.selectedRecordID, let entry = state.entry(id) else { return [] }
        if state.view == .instances && state.focus == .detail {
            guard let record = state.detail, record.id == id, record.instances.indices.contains(state.instances.instanceCursor.selection) else {
                return []
            }
            let index = state.instances.instanceCursor.selection
            state.undoStack.append(id)
            state.instances.instanceCursor.move(by: 1, count: record.instances.count)
            return [.edit(id, .instanceStatus(index: index, accept ? .accepted : .rejected))]
        }
        if entry.status == .seed {
            state.message = StatusMessage(text: "\(id) is a seed task, written by a person; edit it with e instead", isError: false)
            return []
        }
        let status: RecordStatus = accept ? .accepted : .rejected
        guard entry.status != status else {
            state.message = StatusMessage(text: "\(id) is already \(status.rawValue)", isError: false)
            return []
        }
        let why: StatusReason
        if accept, entry.status == .rejected, let original = entry.why, original.kind != .human {
            why = .human(note: "rescued: overrides \(original)")
        } else {
            why = .human()
        }
        state.undoStack.append(id)
        if state.view == .live { state.live.cursor.move(by: 1, count: state.live.candidates.count) }
        return [.decide([id], status, why)]
    }

    private static func askBulk(accept: Bool, _ state: inout WorkbenchState) {
        let status: RecordStatus = accept ? .accepted : .rejected
        let ids = state.browser.rows.map { state.entries[$0] }.filter { $0.status != .seed && $0.status != status }.map(\.id)
        guard !ids.isEmpty else {
            state.message = StatusMessage(text: "no record matching \(state.browser.filter) would change", isError: false)
            return
        }
        let verb = accept ? "accept" : "reject"
        state.confirmation = Confirmation(
            question: "\(verb) \(ids.count) records matching \(state.browser.filter)? (y/n)",
            commands: [.decide(ids, status, .human(note: "bulk \(verb) of filter \(state.browser.filter)"))])
        state.undoStack += ids
    }

    private static func undo(_ state: inout WorkbenchState) -> [WorkbenchCommand] {
        if let id = state.undoStack.popLast() { return [.undo(id)] }
        // After a restart: walk back through the pool's history, newest change first.
        let candidate = state.entries
            .filter { $0.revision > 1 && $0.status != .seed && !state.undoneFromHistory.contains($0.id) }
            .max { $0.line < $1.line }
        guard let candidate else {
            state.message = StatusMessage(text: "nothing to undo", isError: false)
            return []
        }
        state.undoneFromHistory.insert(candidate.id)
        return [.undo(candidate.id)]
    }

    // MARK: Editing

    private static func startInlineEdit(_ state: inout WorkbenchState) -> [WorkbenchCommand] {
        guard let id = state.selectedRecordID, let entry = state.entry(id) else { return [] }
        if state.view == .instances && state.focus == .detail {
            guard let record = state.detail, record.id == id, record.instances.indices.contains(state.instances.instanceCursor.selection) else {
                return []
            }
            let index = state.instances.instanceCursor.selection
            state.edit = InlineEdit(
                recordID: id, target: .instanceOutput(index),
                editor: LineEditor(text: record.instances[index].output, visibleWidth: Layout.editorWidth(state)))
            return []
        }
        state.edit = InlineEdit(recordID: id, target: .instruction, editor: LineEditor(text: entry.instruction, visibleWidth: Layout.editorWidth(state)))
        state.focus = .detail
        return [.rescore(state.edit!.editor.text, excluding: id)]
    }

    private static func handleEditKey(_ key: Key, _ state: inout WorkbenchState) -> [WorkbenchCommand] {
        guard var edit = state.edit else { return [] }
        let before = edit.editor.text
        switch edit.editor.handle(key) {
        case .editing:
            state.edit = edit
            guard edit.target == .instruction, edit.editor.text != before else { return [] }
            return [.rescore(edit.editor.text, excluding: edit.recordID)]
        case .cancelled:
            state.edit = nil
            state.message = StatusMessage(text: "edit cancelled", isError: false)
            return []
        case .committed(let text):
            state.edit = nil
            return save(text, target: edit.target, recordID: edit.recordID, &state)
        }
    }

    private static func save(_ text: String, target: EditTarget, recordID: String, _ state: inout WorkbenchState) -> [WorkbenchCommand] {
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        switch target {
        case .instruction:
            guard let entry = state.entry(recordID), trimmed != entry.instruction else { return [] }
            guard !trimmed.isEmpty else {
                state.message = StatusMessage(text: "an instruction cannot be empty; the edit was not saved", isError: true)
                return []
            }
            state.undoStack.append(recordID)
            return [.edit(recordID, .instruction(trimmed))]
        case .instanceOutput(let index):
            guard var instances = state.detail.flatMap({ $0.id == recordID ? $0.instances : nil }), instances.indices.contains(index) else {
                state.message = StatusMessage(text: "the record changed while editing; the edit was not saved", isError: true)
                return []
            }
            guard instances[index].output != text else { return [] }
            instances[index].output = text
            state.undoStack.append(recordID)
            return [.edit(recordID, .instances(instances))]
        }
    }

    private static func startExternalEdit(_ state: inout WorkbenchState) -> [WorkbenchCommand] {
        guard let id = state.selectedRecordID, let entry = state.entry(id) else { return [] }
        if state.view == .instances && state.focus == .detail {
            guard let record = state.detail, record.id == id, record.instances.indices.contains(state.instances.instanceCursor.selection) else {
                return []
            }
            let index = state.instances.instanceCursor.selection
            return [.openEditor(EditorRequest(recordID: id, target: .instanceOutput(index), text: record.instances[index].output))]
        }
        return [.openEditor(EditorRequest(recordID: id, target: .instruction, text: entry.instruction))]
    }

    private static func finishExternalEdit(_ request: EditorRequest, text: String?, _ state: inout WorkbenchState) -> [WorkbenchCommand] {
        guard let text else {
            state.message = StatusMessage(text: "the editor failed or quit with an error; nothing changed", isError: true)
            return []
        }
        let cleaned = request.target == .instruction ? text.trimmingCharacters(in: .whitespacesAndNewlines) : text
        guard cleaned != request.text else {
            state.message = StatusMessage(text: "unchanged", isError: false)
            return []
        }
        return save(cleaned, target: request.target, recordID: request.recordID, &state)
    }

    // MARK: Backend reports

    private static func handleCuration(_ event: CurationEvent, _ state: inout WorkbenchState) -> [WorkbenchCommand] {
        switch event {
        case .phase(let phase):
            state.generation.phase = phase
            state.appendLog("generation: \(phase.rawValue)")
            if state.quitsWhenGenerationEnds && phase == .idle {
                state.hasQuit = true
                return [.quit]
            }
        case .roundStarted(let round, let requests):
            state.live.round = RoundProgress(number: round, requests: requests)
            state.appendLog("round \(round) started: \(requests) requests")
        case .roundFinished(_, let summary):
            state.appendLog(summary)
        case .streamed(let request, let delta):
            var text = state.live.stream?.request == request ? state.live.stream!.text + delta : delta
            if text.count > LiveState.streamTail { text = String(text.suffix(LiveState.streamTail)) }
            state.live.stream = StreamTail(request: request, text: text)
            state.generation.streamedPieces += 1
            sampleRate(&state, streamed: true)
        case .requestFinished:
            break
        case .inFlight(let count):
            state.generation.inFlight = count
        case .candidate(let summary):
            if let index = state.live.candidates.firstIndex(where: { ($0.recordID != nil && $0.recordID == summary.recordID) || $0.key == summary.key }) {
                state.live.candidates[index] = summary
            } else {
                state.live.candidates.append(summary)
                trimCandidates(&state)
            }
        case .recordsChanged(let entries):
            applyChanged(entries, &state)
            if entries.contains(where: { $0.id == state.detail?.id }), let id = state.detail?.id { return [.loadRecord(id)] }
        case .usage(let promptTokens, let completionTokens, let cost):
            state.generation.promptTokens = promptTokens
            state.generation.completionTokens = completionTokens
            state.generation.cost = cost
            sampleRate(&state, streamed: false)
        case .health(let health):
            // A retry's countdown ticks in the status bar only, not in the log.
            func cause(_ health: EndpointHealth) -> Substring { health.description.prefix { $0 != "," } }
            if cause(health) != cause(state.generation.health) {
                state.appendLog(health.description, isError: { if case .unhealthy = health { true } else { false } }())
            }
            state.generation.health = health
        case .log(let text, let isError):
            state.appendLog(text, isError: isError)
        }
        return []
    }

    /// Adds a point to a token-rate window (the last 10 s): reported completion tokens, or
    /// streamed pieces; the rate shown is the higher of the two (an endpoint that reports no
    /// usage while streaming still shows its rate).
    private static func sampleRate(_ state: inout WorkbenchState, streamed: Bool) {
        func rate(_ samples: inout [RateSample], adding tokens: Int) -> Double {
            samples.append(RateSample(time: state.now, tokens: tokens))
            samples.removeAll { state.now - $0.time > 10 }
            guard let first = samples.first, let last = samples.last, last.time > first.time else { return 0 }
            return Double(last.tokens - first.tokens) / (last.time - first.time)
        }
        var generation = state.generation
        if streamed {
            generation.streamedRate = rate(&generation.streamSamples, adding: generation.streamedPieces)
        } else {
            generation.reportedRate = rate(&generation.samples, adding: generation.completionTokens)
        }
        generation.tokensPerSecond = max(generation.reportedRate, generation.streamedRate)
        state.generation = generation
    }

    /// Keeps the Live view's list within `LiveState.candidateLimit` over a long session by
    /// dropping the oldest decided candidates (pending ones stay until decided), so the
    /// selection stays on the same candidate.
    private static func trimCandidates(_ state: inout WorkbenchState) {
        let excess = state.live.candidates.count - LiveState.candidateLimit
        guard excess > 0 else { return }
        var dropped = 0, droppedBeforeCursor = 0
        var kept: [CandidateSummary] = []
        kept.reserveCapacity(state.live.candidates.count)
        for (index, candidate) in state.live.candidates.enumerated() {
            if dropped < excess && candidate.status != .pending && index != state.live.cursor.selection {
                dropped += 1
                if index < state.live.cursor.selection { droppedBeforeCursor += 1 }
            } else {
                kept.append(candidate)
            }
        }
        state.live.candidates = kept
        state.live.cursor.selection -= droppedBeforeCursor
    }

    /// Puts changed records in place and keeps the Live view's candidates in step.
    private static func applyChanged(_ entries: [PoolEntry], _ state: inout WorkbenchState) {
        for entry in entries {
            state.upsert(entry)
            if let index = state.live.candidates.firstIndex(where: { $0.recordID == entry.id }) {
                var candidate = state.live.candidates[index]
                candidate.instruction = entry.instruction
                candidate.status = entry.status
                candidate.reason = entry.why?.description
                candidate.bestScore = entry.nearestSimilarity ?? candidate.bestScore
                state.live.candidates[index] = candidate
            }
        }
        markDerivedStale(&state)
    }

    // MARK: Derived lists

    private static func markDerivedStale(_ state: inout WorkbenchState) {
        state.viewsWithFreshLists.removeAll()
        state.statsStale = true
    }

    /// Recomputes the current view's derived lists when the pool changed; on the Stats view,
    /// reads the statistics off the tally (kept up to date as records change).
    private static func refreshDerived(_ state: inout WorkbenchState) -> [WorkbenchCommand] {
        state.live.cursor.clamp(count: state.live.candidates.count)
        if state.view == .stats && state.statsStale, let tally = state.tally {
            state.stats = tally.stats
            state.statsStale = false
        }
        guard !state.viewsWithFreshLists.contains(state.view) else { return [] }
        switch state.view {
        case .pool: refreshPoolRows(&state)
        case .rejections: refreshRejections(&state)
        case .instances: refreshInstanceRows(&state)
        case .stats, .live, .log: return []
        }
        state.viewsWithFreshLists.insert(state.view)
        return []
    }

    private static func refreshPoolRows(_ state: inout WorkbenchState) {
        let filter = state.browser.filter
        var rows = filter.isEmpty ? Array(state.entries.indices) : state.entries.indices.filter { filter.matches(state.entries[$0]) }
        let entries = state.entries
        switch state.browser.sort {
        case .pool: break
        case .similarity: rows.sort { (entries[$0].nearestSimilarity ?? -1, -$0) > (entries[$1].nearestSimilarity ?? -1, -$1) }
        case .length: rows.sort { (entries[$0].instruction.utf8.count, -$0) > (entries[$1].instruction.utf8.count, -$1) }
        case .round: rows.sort { (entries[$0].round ?? -1, -$0) > (entries[$1].round ?? -1, -$1) }
        }
        state.browser.rows = rows
        state.browser.cursor.clamp(count: rows.count)
    }

    private static func refreshRejections(_ state: inout WorkbenchState) {
        var byReason: [String: [Int]] = [:]
        for (position, entry) in state.entries.enumerated() where entry.status == .rejected {
            byReason[entry.why?.kind.rawValue ?? "unknown", default: []].append(position)
        }
        let selected = state.rejections.selectedGroup?.reason
        state.rejections.groups = byReason.map { RejectionsState.Group(reason: $0.key, rows: $0.value) }
            .sorted { $0.rows.count != $1.rows.count ? $0.rows.count > $1.rows.count : $0.reason < $1.reason }
        if let selected, let index = state.rejections.groups.firstIndex(where: { $0.reason == selected }) {
            state.rejections.groupCursor.selection = index
        }
        state.rejections.groupCursor.clamp(count: state.rejections.groups.count)
        state.rejections.itemCursor.clamp(count: state.rejections.selectedRows.count)
    }

    private static func refreshInstanceRows(_ state: inout WorkbenchState) {
        state.instances.rows = state.entries.indices.filter {
            let entry = state.entries[$0]
            return entry.instanceCount > 0 && (entry.status == .accepted || entry.status == .seed)
        }
        state.instances.taskCursor.clamp(count: state.instances.rows.count)
    }
}

extension CandidateSummary {
    /// A pending pool record as a Live candidate.
    init(entry: PoolEntry) {
        self.init(
            key: entry.id, recordID: entry.id, round: entry.round, instruction: entry.instruction, status: entry.status,
            bestScore: entry.nearestSimilarity, reason: entry.why?.description)
    }
}

extension RejectionsState {
    /// The selected group, if any.
    public var selectedGroup: Group? {
        groups.indices.contains(groupCursor.selection) ? groups[groupCursor.selection] : nil
    }

    /// The selected group's rows (positions in the pool's entries).
    public var selectedRows: [Int] { selectedGroup?.rows ?? [] }
}

extension WorkbenchState {
    /// The record the current view has selected: the one a, x, e, E and Enter act on.
    public var selectedRecordID: String? {
        switch view {
        case .live:
            let candidates = live.candidates
            // A candidate of the round in progress has a record id before its record is on disk.
            guard candidates.indices.contains(live.cursor.selection), let id = candidates[live.cursor.selection].recordID,
                  positionByID[id] != nil else { return nil }
            return id
        case .pool:
            return browser.rows.indices.contains(browser.cursor.selection) ? entries[browser.rows[browser.cursor.selection]].id : nil
        case .rejections:
            let rows = rejections.selectedRows
            return rows.indices.contains(rejections.itemCursor.selection) ? entries[rows[rejections.itemCursor.selection]].id : nil
        case .instances:
            let rows = instances.rows
            return rows.indices.contains(instances.taskCursor.selection) ? entries[rows[instances.taskCursor.selection]].id : nil
        case .stats, .log:
            return nil
        }
    }
}
