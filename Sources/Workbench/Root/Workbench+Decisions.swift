import Foundation
import Pool
import Terminal

/// a, x, e and E on whatever the view on screen has selected (a record or an instance), and
/// what u and Ctrl-R came to.
extension Workbench {
    /// a, x: accepts or rejects the selection. Accepting a record the filters rejected is a
    /// rescue and asks first (R rescues without asking).
    static func decideSelected(accept: Bool, rescuing: Bool = false, _ state: inout WorkbenchState) -> [WorkbenchCommand] {
        guard let selection = state.selection, let entry = state.entry(selection.recordID) else { return [] }
        let id = entry.id
        if case .instance(_, let index) = selection {
            guard let record = state.detail, record.id == id, record.instances.indices.contains(index) else { return [] }
            return [.edit(id, .instanceStatus(index: index, accept ? .accepted : .rejected))] + state.send(.decided(selection), to: state.current)
        }
        if entry.status == .seed {
            state.say("\(id) is a seed task, written by a person; edit it with e instead")
            return []
        }
        let status: RecordStatus = accept ? .accepted : .rejected
        guard entry.status != status else {
            state.say("\(id) is already \(status.rawValue)")
            return []
        }
        guard accept, entry.status == .rejected, let original = entry.why, original.kind.isFilter else {
            return [.decide([id], status, .human())] + state.send(.decided(selection), to: state.current)
        }
        let rescue = WorkbenchCommand.decide([id], .accepted, .human(note: "rescued: overrides \(original)"))
        if rescuing { return [rescue] + state.send(.decided(selection), to: state.current) }
        state.confirmation = Confirmation(
            question: "\(id) was rejected by the filters (\(original)): accept it anyway? (y/n; R rescues without asking)",
            commands: [rescue])
        return []
    }

    /// R: accepts a record the filters rejected, without asking.
    static func rescueSelected(_ state: inout WorkbenchState) -> [WorkbenchCommand] {
        guard let selection = state.selection, case .record = selection, let entry = state.entry(selection.recordID) else { return [] }
        guard entry.status == .rejected, entry.why?.kind.isFilter == true else {
            state.say("R rescues records the filters rejected; \(entry.id) is \(entry.status.rawValue)\(entry.why.map { " (\($0))" } ?? "")")
            return []
        }
        return decideSelected(accept: true, rescuing: true, &state)
    }

    /// r: asks why the selected record is rejected (the pool's reasons on number keys, or a
    /// note), then rejects it with that reason.
    static func askRejectionReason(_ state: inout WorkbenchState) -> [WorkbenchCommand] {
        guard let selection = state.selection, case .record(let id) = selection, let entry = state.entry(id) else {
            state.say("r rejects a record with a reason; select a record first")
            return []
        }
        guard entry.status != .seed else {
            state.say("\(id) is a seed task, written by a person; edit it with e instead")
            return []
        }
        state.reasonPicker = ReasonPicker(recordID: id, reasons: state.rejectReasons)
        return []
    }

    /// A key answering the `r` question.
    static func answer(_ picker: ReasonPicker, with key: Key, _ state: inout WorkbenchState) -> [WorkbenchCommand] {
        state.reasonPicker = nil
        switch key {
        case .character("n"), .character("N"):
            state.prompt = PromptLine(kind: .rejectionNote(recordID: picker.recordID), editor: LineEditor(visibleWidth: max(1, state.size.width - 2)))
            return []
        case .character(let digit):
            if let number = digit.wholeNumberValue, (1...min(9, picker.reasons.count)).contains(number) {
                return reject(picker.recordID, why: .human(reason: picker.reasons[number - 1]), &state)
            }
        default:
            break
        }
        state.say("cancelled: \(picker.recordID) was not rejected")
        return []
    }

    /// Rejects `id` for `why` (a person's reason) and moves on to the next pending record.
    static func reject(_ id: String, why: StatusReason, _ state: inout WorkbenchState) -> [WorkbenchCommand] {
        let moves = state.selection?.recordID == id ? state.send(.decided(.record(id)), to: state.current) : []
        return [.decide([id], .rejected, why)] + moves
    }

    /// ] and [: the next or previous pending record in the view.
    static func jumpToPending(forward: Bool, _ state: inout WorkbenchState) -> [WorkbenchCommand] {
        let before = state.selection
        let commands = state.send(.nextPending(forward: forward), to: state.current)
        if state.selection == before { state.say("no other pending record in this view") }
        return commands
    }

    /// Shows what an undo or a redo did. Finding nothing to do is said in the status line
    /// only; a refusal is logged too, but not as a failure (it is not printed on exit).
    static func report(_ outcome: HistoryOutcome, _ state: inout WorkbenchState) -> [WorkbenchCommand] {
        switch outcome {
        case .undone(let step):
            return show(step, as: "undone: \(step.name)", &state)
        case .redone(let step):
            return show(step, as: "redone: \(step.name)", &state)
        case .nothingToUndo:
            state.say("nothing to undo")
        case .nothingToRedo:
            state.say("nothing to redo")
        case .blocked(let refusal):
            state.say(refusal, isError: true)
            state.appendLog(refusal)
        }
        return []
    }

    private static func show(_ step: ActionStep, as text: String, _ state: inout WorkbenchState) -> [WorkbenchCommand] {
        let commands = applyChanged(step.entries, &state)
        state.say(text)
        state.appendLog(text)
        return commands
    }

    // MARK: Editing

    static func startInlineEdit(_ state: inout WorkbenchState) -> [WorkbenchCommand] {
        guard let selection = state.selection, let entry = state.entry(selection.recordID) else { return [] }
        if case .instance(let id, let index) = selection {
            guard let record = state.detail, record.id == id, record.instances.indices.contains(index) else { return [] }
            state.edit = InlineEdit(recordID: id, target: .instanceOutput(index), editor: Layout.editor(for: .instanceOutput(index), text: record.instances[index].output, state.size))
            return []
        }
        state.edit = InlineEdit(recordID: entry.id, target: .instruction, editor: Layout.editor(for: .instruction, text: entry.instruction, state.size))
        state.focus = .detail
        return [.rescore(entry.instruction, excluding: entry.id)]
    }

    static func handleEditKey(_ key: Key, _ state: inout WorkbenchState) -> [WorkbenchCommand] {
        guard var edit = state.edit else { return [] }
        if key == .control("n") { return compareEdit(&state) }
        let before = edit.editor.text
        switch edit.editor.handle(key) {
        case .editing:
            edit.savesWhenJudged = false
            state.edit = edit
            guard edit.target == .instruction, edit.editor.text != before else { return [] }
            return [.rescore(edit.editor.text, excluding: edit.recordID)]
        case .cancelled:
            guard edit.editor.text == originalText(of: edit, state) else {
                state.confirmation = Confirmation(question: "discard your changes to \(edit.recordID)? (y/n)", commands: [])
                return []
            }
            state.edit = nil
            state.say("edit cancelled")
            return []
        case .committed(let text):
            state.edit = edit
            let commands = save(text, target: edit.target, recordID: edit.recordID, &state)
            // A question about the save keeps the editor open behind it (n goes on editing),
            // and so does a save waiting for the text's verdict.
            if state.confirmation == nil && state.edit?.savesWhenJudged != true { state.edit = nil }
            return commands
        }
    }

    /// The text an edit started from, as the pool has it now.
    private static func originalText(of edit: InlineEdit, _ state: WorkbenchState) -> String? {
        switch edit.target {
        case .instruction: return state.entry(edit.recordID)?.instruction
        case .instanceOutput(let index), .instanceInput(let index):
            guard let record = state.detail, record.id == edit.recordID, record.instances.indices.contains(index) else { return nil }
            return edit.target == .instanceInput(index) ? record.instances[index].input : record.instances[index].output
        }
    }

    private static func save(_ text: String, target: EditTarget, recordID: String, _ state: inout WorkbenchState) -> [WorkbenchCommand] {
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        switch target {
        case .instruction:
            guard let entry = state.entry(recordID), trimmed != entry.instruction else { return [] }
            guard !trimmed.isEmpty else {
                state.say("an instruction cannot be empty; the edit was not saved", isError: true)
                return []
            }
            let save = WorkbenchCommand.reviseInstruction(recordID, text: trimmed, acceptingAnyway: false)
            // An inline edit's verdict is known as it is typed: a save it would turn into a
            // rejection is asked about first. (After $EDITOR the backend judges, and says so.)
            guard entry.status != .seed, var edit = state.edit, edit.recordID == recordID else { return [save] }
            guard let reviewed = state.reviewedEdit, let verdict = state.context.verdict(on: reviewed) else {
                edit.savesWhenJudged = true
                state.edit = edit
                state.say("checking the text against the filters before saving…")
                return []
            }
            guard let rejection = verdict.rejection else { return [save] }
            state.confirmation = Confirmation(
                question: "this text fails \(rejection): save it rejected (y), accept it anyway (a), or go on editing (n)?",
                commands: [save],
                alternative: .acceptAnyway([.reviseInstruction(recordID, text: trimmed, acceptingAnyway: true)]))
            return []
        case .instanceOutput(let index), .instanceInput(let index):
            guard var instances = state.detail.flatMap({ $0.id == recordID ? $0.instances : nil }), instances.indices.contains(index) else {
                state.say("the record changed while editing; the edit was not saved", isError: true)
                return []
            }
            let before = instances[index]
            if target == .instanceInput(index) {
                instances[index].input = text
            } else {
                instances[index].output = text
            }
            guard instances[index] != before else { return [] }
            return [.edit(recordID, .instances(instances))]
        }
    }

    static func startExternalEdit(_ state: inout WorkbenchState) -> [WorkbenchCommand] {
        guard let selection = state.selection, let entry = state.entry(selection.recordID) else { return [] }
        if case .instance(let id, let index) = selection {
            guard let record = state.detail, record.id == id, record.instances.indices.contains(index) else { return [] }
            return [.openEditor(EditorRequest(recordID: id, target: .instanceOutput(index), text: record.instances[index].output))]
        }
        return [.openEditor(EditorRequest(recordID: entry.id, target: .instruction, text: entry.instruction))]
    }

    static func finishExternalEdit(_ request: EditorRequest, text: String?, _ state: inout WorkbenchState) -> [WorkbenchCommand] {
        guard let text else {
            state.say("the editor failed or quit with an error; nothing changed", isError: true)
            return []
        }
        let cleaned = request.target == .instruction ? text.trimmingCharacters(in: .whitespacesAndNewlines) : text
        guard cleaned != request.text else {
            state.say("unchanged")
            return []
        }
        return save(cleaned, target: request.target, recordID: request.recordID, &state)
    }
}
