import Foundation
import Pool
import Terminal

/// a, x, e, E and u on whatever the view on screen has selected: a record or an instance.
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

    /// ] and [: the next or previous pending record in the view.
    static func jumpToPending(forward: Bool, _ state: inout WorkbenchState) -> [WorkbenchCommand] {
        let before = state.selection
        let commands = state.send(.nextPending(forward: forward), to: state.current)
        if state.selection == before { state.say("no other pending record in this view") }
        return commands
    }

    static func undo(_ state: inout WorkbenchState) -> [WorkbenchCommand] {
        if let id = state.undoStack.popLast() { return [.undo(id)] }
        // After a restart: walk back through the pool's history, newest change first.
        let candidate = state.pool.entries
            .filter { $0.revision > 1 && $0.status != .seed && !state.undoneFromHistory.contains($0.id) }
            .max { $0.line < $1.line }
        guard let candidate else {
            state.say("nothing to undo")
            return []
        }
        state.undoneFromHistory.insert(candidate.id)
        return [.undo(candidate.id)]
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
        if key == .control("n") { return compareEdit(&state) }
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
            let commands = save(text, target: edit.target, recordID: edit.recordID, &state)
            // A question about the save keeps the editor open behind it: n goes on editing.
            if state.confirmation == nil { state.edit = nil } else { state.edit = edit }
            return commands
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
            // The text's verdict is known while editing: a save it would turn into a
            // rejection is asked about first.
            if entry.status != .seed, let scored = state.edit, scored.scoredText == trimmed,
               let rejection = state.context.verdict(
                   on: ReviewedText(text: trimmed, nearest: scored.neighbours.first, threshold: state.similarityThreshold))?.rejection {
                state.confirmation = Confirmation(
                    question: "this text fails \(rejection): save it rejected (y), accept it anyway (a), or go on editing (n)?",
                    commands: [save],
                    alternative: .acceptAnyway([.reviseInstruction(recordID, text: trimmed, acceptingAnyway: true)]))
                return []
            }
            return [save]
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
