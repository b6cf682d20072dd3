import Engine
import Foundation
import Pool
import Terminal

extension Workbench {
    /// A key: answers an open question, goes to an open line, review overlay or editor, or
    /// is one of the keys that work everywhere; any other key goes to the view on screen.
    static func handleKey(_ key: Key, _ state: inout WorkbenchState) -> [WorkbenchCommand] {
        if key == .resize { return [] }
        // On the "terminal too small" notice nothing else shows, so only quitting works.
        guard state.size.contains(.workbenchMinimum) else {
            guard key == .character("q") || key == .control("c") else { return [] }
            state.hasQuit = true
            return [.quit]
        }
        state.message = nil
        if let confirmation = state.confirmation { return answer(confirmation, with: key, &state) }
        if let picker = state.reasonPicker { return answer(picker, with: key, &state) }
        if state.prompt != nil { return handlePromptKey(key, &state) }
        if let overlay = state.overlay { return handleOverlayKey(key, overlay, &state) }
        if state.edit != nil { return handleEditKey(key, &state) }
        if state.showsHelp {
            scrollHelp(key, &state)
            return []
        }
        if state.capturesKeys {
            guard key == .control("c") else { return state.send(.key(key), to: state.current) }
            return quit(&state)
        }
        if state.currentClaims(key) { return state.send(.key(key), to: state.current) }
        if state.readOnlyReason != nil, changingKeys.contains(key) {
            state.say("the pool is open read-only, so it cannot change: browse, search, stats and :export work (the Log view says why)", isError: true)
            return []
        }
        let page = max(1, state.size.height - 6)
        switch key {
        case .character("q"), .control("c"):
            return quit(&state)
        case .character(let digit) where digit.wholeNumberValue.map { (1...ComponentRegistry.components.count).contains($0) } == true:
            show(WorkbenchView.allCases[digit.wholeNumberValue! - 1], &state)
        case .tab, .backTab:
            state.focus = state.focus == .list ? .detail : .list
        case .character("?"):
            state.showsHelp = true
            state.helpScroll = 0
        case .character(":"):
            state.prompt = PromptLine(kind: .command, editor: LineEditor(visibleWidth: max(1, state.size.width - 2)))
        case .character("/"):
            state.prompt = PromptLine(kind: .search, editor: LineEditor(visibleWidth: max(1, state.size.width - 2)))
        case .character("n"): return find(state.search, forward: true, &state)
        case .character("N"): return find(state.search, forward: false, &state)
        case .character("j"), .down: return state.send(.move(by: 1), to: state.current)
        case .character("k"), .up: return state.send(.move(by: -1), to: state.current)
        case .pageDown, .control("f"): return state.send(.move(by: page), to: state.current)
        case .pageUp, .control("b"): return state.send(.move(by: -page), to: state.current)
        case .character("g"), .home: return state.send(.move(by: -Int.max / 2), to: state.current)
        case .character("G"), .end: return state.send(.move(by: Int.max / 2), to: state.current)
        case .character("a"): return decideSelected(accept: true, &state)
        case .character("x"): return decideSelected(accept: false, &state)
        case .character("R"): return rescueSelected(&state)
        case .character("r"): return askRejectionReason(&state)
        case .character("]"): return jumpToPending(forward: true, &state)
        case .character("["): return jumpToPending(forward: false, &state)
        case .character("e"): return startInlineEdit(&state)
        case .character("E"): return startExternalEdit(&state)
        case .character("I"): return askForStages(.instances(), &state.context)
        case .character("u"): return [.undo]
        case .control("r"): return [.redo]
        case .character("d"): return compareSelected(&state)
        case .character("h"): return showHistory(&state)
        case .character("L"): return [.readGuidelines(atStart: false)]
        case .character(" "):
            return [.setPaused(!state.generation.canResume)]
        case .enter:
            return reveal(&state)
        case .escape:
            state.search = nil
        default:
            return state.send(.key(key), to: state.current)
        }
        return []
    }

    /// A key while the help shows: the moving keys scroll it, any other closes it.
    private static func scrollHelp(_ key: Key, _ state: inout WorkbenchState) {
        let page = HelpOverlay.visibleRows(state.size, keys: state.currentKeys)
        let offset: Int
        switch key {
        case .character("j"), .down: offset = 1
        case .character("k"), .up: offset = -1
        case .pageDown, .control("f"): offset = page
        case .pageUp, .control("b"): offset = -page
        case .character("g"), .home: offset = -Int.max / 2
        case .character("G"), .end: offset = Int.max / 2
        default:
            state.showsHelp = false
            return
        }
        state.helpScroll = min(max(0, state.helpScroll + offset), HelpOverlay.maxScroll(state.size, keys: state.currentKeys))
    }

    /// The keys that change the pool.
    private static let changingKeys: Set<Key> = [
        .character("a"), .character("x"), .character("R"), .character("r"), .character("e"), .character("E"), .character("u"), .control("r"),
        .character("I"), .character("c"), .character("t"), .character("F"), .character("i"),
    ]

    private static func answer(_ confirmation: Confirmation, with key: Key, _ state: inout WorkbenchState) -> [WorkbenchCommand] {
        state.confirmation = nil
        switch (confirmation.alternative, key) {
        case (.finishRoundThenQuit?, .character("f")), (.finishRoundThenQuit?, .character("F")):
            state.quitsWhenGenerationEnds = true
            state.say("finishing the round in progress, then quitting (q, y quits at once)")
            return [.finishRound]
        case (.acceptAnyway(let commands)?, .character("a")), (.acceptAnyway(let commands)?, .character("A")):
            state.edit = nil
            return commands
        case (_, .character("y")), (_, .character("Y")):
            state.edit = nil
            if confirmation.commands.contains(.quit) { state.hasQuit = true }
            if confirmation.commands.isEmpty { state.say("discarded") }
            return confirmation.commands
        default:
            state.say(state.edit == nil ? confirmation.declined ?? "cancelled" : "still editing: Enter saves, Esc cancels")
            return []
        }
    }

    static func quit(_ state: inout WorkbenchState) -> [WorkbenchCommand] {
        if state.generation.isRunning {
            state.confirmation = Confirmation(
                question: "generation is running: quit now (y), after this round (f), or stay (n)?",
                commands: [.quit], alternative: .finishRoundThenQuit)
            return []
        }
        state.hasQuit = true
        return [.quit]
    }

    /// Enter: opens the selected record in the first other view that can show it (its
    /// instances).
    private static func reveal(_ state: inout WorkbenchState) -> [WorkbenchCommand] {
        guard let id = state.selectedRecordID else { return [] }
        let current = state.current
        for index in state.components.indices where index != current {
            if state.reveal(id, in: index) {
                state.view = state.components[index].viewOfType
                state.focus = .detail
                return []
            }
            if state.message != nil { break }
        }
        return []
    }

    private static func find(_ query: String?, forward: Bool, _ state: inout WorkbenchState) -> [WorkbenchCommand] {
        guard let query, !query.isEmpty else {
            state.say("no search yet; / starts one")
            return []
        }
        return state.send(.find(query, forward: forward), to: state.current)
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
            case .rejectionNote(let id):
                let note = text.trimmingCharacters(in: .whitespacesAndNewlines)
                guard !note.isEmpty else {
                    state.say("no note, so nothing was rejected; r asks again")
                    return []
                }
                return reject(id, why: .human(note: note), &state)
            case .command:
                guard !text.trimmingCharacters(in: .whitespaces).isEmpty else { return [] }
                do {
                    return run(try ColonCommand.parse(text), &state)
                } catch {
                    state.say(error.description, isError: true)
                    return []
                }
            }
        }
    }

    private static func run(_ command: ColonCommand, _ state: inout WorkbenchState) -> [WorkbenchCommand] {
        switch command {
        case .export(let format, let path): return [.export(format, path: path, overwriting: false)]
        case .report(let path, let format): return report(path: path, format: format, &state)
        case .threshold(let value?):
            state.similarityThreshold = value
            state.confirmation = .remembering([.threshold(value)])
            return [.setThreshold(value)]
        case .threshold(nil):
            state.say("near-duplicate threshold \(state.similarityThreshold) for new candidates; :threshold F changes it")
            return []
        case .theme(let name): return [.applyTheme(name)]
        case .filter, .sort, .evaluation:
            show(command.view!, &state)
            return state.send(.command(command), to: state.current)
        case .pause(let paused): return [.setPaused(paused)]
        case .guidelines: return [.readGuidelines(atStart: false)]
        case .stages(let request): return askForStages(request, &state.context)
        case .review(let reviewer):
            show(ReviewView.view, &state)
            return state.update(ReviewView.self) { view, context in view.open(reviewer: reviewer, context) }
        case .quit: return quit(&state)
        }
    }
}
