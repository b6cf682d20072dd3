import Pool
import Terminal

/// The Live view: candidates as they come (the pool's pending records first, then the
/// session's), the round under way, and the model's text streaming in.
public struct LiveView: WorkbenchComponent {
    /// The tab.
    public static let view = WorkbenchView("Live")
    /// Its keys.
    public static let keys = KeyHelp.decisions + [KeyHelp("space", "pause / resume generation")]

    /// Candidates, oldest first: the pool's pending records, then the session's.
    public private(set) var candidates: [CandidateSummary] = []
    /// The selected candidate.
    public private(set) var cursor = ListCursor()
    /// The latest round, if generation started one.
    public private(set) var round: RoundProgress?
    /// The request streaming most recently and the tail of its text.
    public private(set) var stream: StreamTail?

    /// The most candidates listed; the oldest decided ones go first.
    static let candidateLimit = 500
    /// How many characters of streaming text are kept.
    static let streamTail = 600

    /// An empty Live view.
    public init() {}

    public mutating func update(_ event: ComponentEvent, _ context: inout WorkbenchContext) -> [WorkbenchCommand] {
        switch event {
        case .move(let offset):
            cursor.move(by: offset, count: candidates.count)
        case .decided:
            if !cursor.jump(forward: true, count: candidates.count, where: { candidates[$0].status == .pending }) {
                cursor.move(by: 1, count: candidates.count)
            }
        case .nextPending(let forward):
            cursor.jump(forward: forward, count: candidates.count) { candidates[$0].status == .pending }
        case .find(let query, let forward):
            cursor.find(query, forward: forward, in: candidates.map(\.instruction), &context)
        case .poolLoaded:
            // Generation may have reported candidates before the pool finished loading: they
            // stay, after the pending records they are not already among.
            let pending = context.pool.entries.filter { $0.status == .pending }.map(CandidateSummary.init(entry:))
            let listed = Set(pending.compactMap(\.recordID))
            candidates = pending + candidates.filter { $0.recordID.map { !listed.contains($0) } ?? true }
        case .poolChanged(let entries):
            for entry in entries {
                guard let index = candidates.firstIndex(where: { $0.recordID == entry.id }) else { continue }
                candidates[index].instruction = entry.instruction
                candidates[index].status = entry.status
                candidates[index].reason = entry.why
                candidates[index].bestScore = entry.nearestSimilarity ?? candidates[index].bestScore
            }
        case .refresh:
            cursor.clamp(count: candidates.count)
        case .curation(let report):
            receive(report)
        case .key, .command, .evaluation:
            break
        }
        return []
    }

    /// Follows generation: the round, the streaming text, the candidates.
    private mutating func receive(_ report: CurationEvent) {
        switch report {
        case .roundStarted(let number, let requests):
            round = RoundProgress(number: number, requests: requests)
        case .streamed(let request, let delta):
            var text = stream?.request == request ? stream!.text + delta : delta
            if text.count > Self.streamTail { text = String(text.suffix(Self.streamTail)) }
            stream = StreamTail(request: request, text: text)
        case .candidate(let summary):
            if let index = candidates.firstIndex(where: { ($0.recordID != nil && $0.recordID == summary.recordID) || $0.key == summary.key }) {
                candidates[index] = summary
            } else {
                candidates.append(summary)
                trimCandidates()
            }
        default:
            break
        }
    }

    /// Keeps the list within `candidateLimit` over a long session by dropping the oldest
    /// decided candidates (pending ones stay until decided), so the selection stays on the
    /// same candidate.
    private mutating func trimCandidates() {
        let excess = candidates.count - Self.candidateLimit
        guard excess > 0 else { return }
        var dropped = 0, droppedBeforeCursor = 0
        var kept: [CandidateSummary] = []
        kept.reserveCapacity(candidates.count)
        for (index, candidate) in candidates.enumerated() {
            if dropped < excess && candidate.status != .pending && index != cursor.selection {
                dropped += 1
                if index < cursor.selection { droppedBeforeCursor += 1 }
            } else {
                kept.append(candidate)
            }
        }
        candidates = kept
        cursor.selection -= droppedBeforeCursor
    }

    public func reviewed(_ context: WorkbenchContext) -> ReviewedText? {
        guard candidates.indices.contains(cursor.selection) else { return nil }
        let candidate = candidates[cursor.selection]
        let record = context.detail.flatMap { $0.id == candidate.recordID ? $0 : nil }
        // A candidate on disk is judged once its record (with its neighbours) has loaded.
        if record == nil, let id = candidate.recordID, context.pool.entry(id) != nil { return nil }
        let nearest = record.map(PaneDrawing.storedNeighbours)?.first ?? candidate.neighbours.first
        return ReviewedText(text: record?.instruction ?? candidate.instruction, nearest: nearest, threshold: context.similarityThreshold)
    }

    public func selection(_ context: WorkbenchContext) -> Selection? {
        // A candidate of the round in progress has a record id before its record is on disk.
        guard candidates.indices.contains(cursor.selection), let id = candidates[cursor.selection].recordID,
              context.pool.entry(id) != nil else { return nil }
        return .record(id)
    }
}

/// A round under way: its number and how many prompts it sent.
public struct RoundProgress: Sendable, Hashable {
    /// The round number.
    public var number: Int
    /// Prompts sent.
    public var requests: Int
}

/// The end of a request's streamed text.
public struct StreamTail: Sendable, Hashable {
    /// The request's name, e.g. `instructions 12.3`.
    public var request: String
    /// The last characters of its text (unsanitised).
    public var text: String
}

extension WorkbenchState {
    /// The Live view.
    public var live: LiveView { self[LiveView.self] }
}
