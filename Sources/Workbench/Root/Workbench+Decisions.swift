import Foundation
import Pool
import Terminal

/// a, x, e and E on whatever the view on screen has selected (a record or an instance), and
/// what u and Ctrl-R came to.
extension Workbench {
    static func decideSelected(accept: Bool, _ state: inout WorkbenchState) -> [WorkbenchCommand] {
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
        let why: StatusReason
        if accept, entry.status == .rejected, let original = entry.why, original.kind != .human {
            why = .human(note: "rescued: overrides \(original)")
        } else {
            why = .human()
        }
        return [.decide([id], status, why)] + state.send(.decided(selection), to: state.current)
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
        let width = Layout.editorWidth(state.size)
        if case .instance(let id, let index) = selection {
            guard let record = state.detail, record.id == id, record.instances.indices.contains(index) else { return [] }
            state.edit = InlineEdit(recordID: id, target: .instanceOutput(index), editor: LineEditor(text: record.instances[index].output, visibleWidth: width))
            return []
        }
        state.edit = InlineEdit(recordID: entry.id, target: .instruction, editor: LineEditor(text: entry.instruction, visibleWidth: width))
        state.focus = .detail
        return [.rescore(entry.instruction, excluding: entry.id)]
    }

    static func handleEditKey(_ key: Key, _ state: inout WorkbenchState) -> [WorkbenchCommand] {
        guard var edit = state.edit else { return [] }
        let before = edit.editor.text
        switch edit.editor.handle(key) {
        case .editing:
            state.edit = edit
            guard edit.target == .instruction, edit.editor.text != before else { return [] }
            return [.rescore(edit.editor.text, excluding: edit.recordID)]
        case .cancelled:
            state.edit = nil
            state.say("edit cancelled")
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
                state.say("an instruction cannot be empty; the edit was not saved", isError: true)
                return []
            }
            return [.edit(recordID, .instruction(trimmed))]
        case .instanceOutput(let index):
            guard var instances = state.detail.flatMap({ $0.id == recordID ? $0.instances : nil }), instances.indices.contains(index) else {
                state.say("the record changed while editing; the edit was not saved", isError: true)
                return []
            }
            guard instances[index].output != text else { return [] }
            instances[index].output = text
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
