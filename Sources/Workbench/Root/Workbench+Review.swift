import Foundation
import Pool
import Terminal

/// d, h and L (Ctrl-N in an edit, `:guidelines`): the review overlays, and the keys while
/// one shows.
extension Workbench {
    /// d: the selected record and its stored neighbours, side by side.
    static func compareSelected(_ state: inout WorkbenchState) -> [WorkbenchCommand] {
        guard let record = loadedSelection("d compares", &state) else { return [] }
        let neighbours = PaneDrawing.storedNeighbours(record)
        guard !neighbours.isEmpty else {
            state.say("\(record.id) has no neighbours stored: it was not scored against the pool")
            return []
        }
        state.overlay = .comparison(NeighbourComparison(recordID: record.id, text: record.instruction, isEdit: false, neighbours: neighbours))
        return []
    }

    /// Ctrl-N in an inline edit: the edited text and its live neighbours, side by side.
    static func compareEdit(_ state: inout WorkbenchState) -> [WorkbenchCommand] {
        guard let edit = state.edit, edit.target == .instruction else {
            state.say("Ctrl-N compares an edited instruction with its neighbours; an instance's output has none")
            return []
        }
        guard edit.scoredText == edit.editor.text else {
            state.say("still re-scoring the edit; Ctrl-N again in a moment")
            return []
        }
        guard !edit.neighbours.isEmpty else {
            state.say("no neighbours: the pool has nothing to compare with")
            return []
        }
        state.overlay = .comparison(NeighbourComparison(recordID: edit.recordID, text: edit.editor.text, isEdit: true, neighbours: edit.neighbours))
        return []
    }

    /// h: the selected record's edit history.
    static func showHistory(_ state: inout WorkbenchState) -> [WorkbenchCommand] {
        guard let record = loadedSelection("h shows the history of", &state) else { return [] }
        state.overlay = .history(EditHistoryPage.make(record, timeZone: state.timeZone))
        return []
    }

    /// The selected record in full, or nil having said why there is none (`action` names the
    /// key's work: "d compares").
    private static func loadedSelection(_ action: String, _ state: inout WorkbenchState) -> PoolRecord? {
        guard let id = state.selectedRecordID else {
            state.say("\(action) the selected record; this view has none selected")
            return nil
        }
        guard let record = state.detail, record.id == id else {
            state.say("\(id) is still loading; press the key again in a moment")
            return nil
        }
        return record
    }

    /// The guidelines were read: shown when asked for, or at start when this text was not
    /// shown before (and then remembered as shown); a missing file is only an answer when
    /// asked for, saying where it was looked for.
    static func showGuidelines(_ reading: GuidelinesReading, atStart: Bool, _ state: inout WorkbenchState) -> [WorkbenchCommand] {
        switch reading {
        case .found(let guidelines):
            // At start, something the person already opened comes first.
            let busy = state.overlay != nil || state.edit != nil || state.prompt != nil || state.confirmation != nil
            if atStart && (guidelines.seenBefore || busy) { return [] }
            let name = URL(fileURLWithPath: guidelines.path).lastPathComponent
            let lines = TextSanitizer.multiline(guidelines.text).split(separator: "\n", omittingEmptySubsequences: false)
            let paragraphs = lines.map { $0.isEmpty ? [] : [StyledSpan(String($0))] }
            let when = atStart ? " · shown once: I shows them again" : ""
            state.overlay = .guidelines(ScrolledPage(title: "Guidelines · \(name) · j/k scroll · Esc closes\(when)", paragraphs: paragraphs))
            return guidelines.seenBefore ? [] : [.markGuidelinesSeen(guidelines.text)]
        case .missing(let path):
            if !atStart { state.say("no guidelines for this pool: looked for \(path) (write them there in Markdown)") }
            return []
        case .unreadable(let path, let reason):
            let text = "the guidelines at \(path) could not be read: \(reason)"
            state.say(text, isError: true)
            state.appendLog(text, isError: true)
            return []
        }
    }

    /// A key while a review overlay shows: its own keys, Esc, q or its key again to close.
    static func handleOverlayKey(_ key: Key, _ overlay: ReviewOverlay, _ state: inout WorkbenchState) -> [WorkbenchCommand] {
        if key == .control("c") { return quit(&state) }
        switch overlay {
        case .comparison(var comparison):
            switch key {
            case .character("J"), .character("K"):
                let forward = key == .character("J")
                if comparison.step(by: forward ? 1 : -1) {
                    state.overlay = .comparison(comparison)
                } else {
                    state.say(forward ? "that is the last of \(comparison.neighbours.count) neighbours" : "that is the nearest neighbour")
                }
            case .escape, .character("q"), .character("d"), .control("n"):
                state.overlay = nil
            default:
                state.say("J / K: next / previous neighbour · Esc closes")
            }
        case .history(var page):
            if scroll(&page, key, closingKey: "h", &state) { state.overlay = .history(page) }
        case .guidelines(var page):
            if scroll(&page, key, closingKey: "L", &state) { state.overlay = .guidelines(page) }
        }
        return []
    }

    /// Scrolls a page overlay by `key`, or closes it; returns whether it is still open.
    private static func scroll(_ page: inout ScrolledPage, _ key: Key, closingKey: Character, _ state: inout WorkbenchState) -> Bool {
        let area = Layout.reviewText(state.size)
        let screenful = max(1, area.height - 1)
        switch key {
        case .character("j"), .down: page.scroll(by: 1, in: area)
        case .character("k"), .up: page.scroll(by: -1, in: area)
        case .pageDown, .control("f"), .character(" "): page.scroll(by: screenful, in: area)
        case .pageUp, .control("b"): page.scroll(by: -screenful, in: area)
        case .character("g"), .home: page.scroll(by: -Int.max / 2, in: area)
        case .character("G"), .end: page.scroll(by: Int.max / 2, in: area)
        case .escape, .character("q"), .character(closingKey):
            state.overlay = nil
            return false
        default:
            state.say("j / k, PgUp / PgDn scroll · Esc closes")
        }
        return true
    }
}
