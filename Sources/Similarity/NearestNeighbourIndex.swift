#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import CBitParallelLCS
import Dispatch

/// A growing set of instructions, searchable by exact ROUGE-L F: the Self-Instruct filter's
/// nearest-neighbour step.
///
/// Instructions are tokenized once and stored as integer ids in one contiguous array per
/// token length. Grouping by length means a group's pairs share one F row, so the hot loop
/// is integer-only, and instructions of equal length run in lock-step, one per SIMD lane
/// (`LCSKernel`), which hides the latency of the bit-parallel LCS update chain.
public final class NearestNeighbourIndex: @unchecked Sendable {
    private var vocabulary = TokenVocabulary()
    private var groups: [LengthGroup] = []
    /// Per instruction: its token length and its position within that length's group.
    private(set) var itemLength: [Int32] = []
    private var itemSlot: [Int32] = []
    private var texts: [String] = []
    private var ids: [String] = []
    private var table = FMeasureTable()
    let scratches: [QueryScratch]

    /// An empty index whose batch searches use `threads` threads (default: every core) and
    /// score length groups with `kernel` (default: the fastest this CPU runs).
    public init(threads: Int? = nil, kernel: LCSKernel = .best) {
        let workers = max(1, threads ?? Self.onlineProcessorCount)
        scratches = (0..<workers).map { _ in QueryScratch(kernel: kernel) }
    }

    /// The number of instructions in the index.
    public var count: Int { texts.count }

    /// The number of distinct tokens seen so far (queries included).
    var vocabularyCount: Int { vocabulary.count }

    /// The kernel that scores length groups.
    public var kernel: LCSKernel { scratches[0].kernel }

    /// The number of threads batch searches use.
    public var threadCount: Int { scratches.count }

    /// The text of the instruction at `index`.
    public func text(at index: Int) -> String { texts[index] }

    /// The caller's id of the instruction at `index`.
    public func id(at index: Int) -> String { ids[index] }

    /// The rouge-score tokens of the instruction at `index`.
    public func tokens(at index: Int) -> [String] {
        withTokens(of: index) { $0.map { vocabulary.text(of: $0) } }
    }

    /// Adds an instruction; returns its index.
    @discardableResult
    public func add(_ text: String, id: String) -> Int {
        add(prepare(text), text: text, id: id)
    }

    /// Adds an instruction already tokenized by `prepare`; returns its index.
    @discardableResult
    func add(_ prepared: PreparedQuery, text: String, id: String) -> Int {
        let tokens = prepared.tokens
        let index = texts.count
        let length = tokens.count
        if length >= groups.count {
            groups.append(contentsOf: (groups.count...length).map { LengthGroup(length: $0) })
        }
        itemLength.append(Int32(length))
        itemSlot.append(Int32(groups[length].items.count))
        groups[length].append(tokens, item: index)
        texts.append(text)
        ids.append(id)
        return index
    }

    /// Compares `query` (as the target) with every instruction and returns its `k` nearest.
    public func search(_ query: String, k: Int = 10) -> NeighbourSearch {
        search([query], k: k)[0]
    }

    /// Searches several queries against the whole index, spread over the index's threads.
    /// Each result is the same as a lone `search` would give.
    public func search(_ queries: [String], k: Int = 10) -> [NeighbourSearch] {
        search(prepared: queries.map(prepare), k: k)
    }

    /// `search` for queries already tokenized by `prepare`.
    func search(prepared: [PreparedQuery], k: Int) -> [NeighbourSearch] {
        prepareRows(for: prepared)
        let scans = forEachQuery(prepared.count, parallel: count >= 2048) { q, worker in
            var top = TopNeighbours(capacity: k)
            let sum = self.scan(prepared[q], scratch: self.scratches[worker], top: &top)
            return (top, sum)
        }
        return scans.map { makeResult(top: $0.0, sum: $0.1, compared: count) }
    }

    /// Extends `search` (made with the same `k` when the index held `previousCount`
    /// instructions) with the instructions added since; equal to searching afresh.
    public func extend(_ search: NeighbourSearch, of query: String, from previousCount: Int, k: Int = 10) -> NeighbourSearch {
        extend(search, of: prepare(query), from: previousCount, k: k)
    }

    /// `extend` for a query already tokenized by `prepare`.
    func extend(_ search: NeighbourSearch, of prepared: PreparedQuery, from previousCount: Int, k: Int) -> NeighbourSearch {
        guard previousCount < count else { return search }
        var top = TopNeighbours(capacity: k)
        for neighbour in search.neighbours { top.offer(neighbour.fmeasure, index: neighbour.index) }
        let scratch = scratches[0]
        scratch.load(prepared, vocabularyCount: vocabulary.count)
        defer { scratch.unload(prepared) }
        var sum = search.fmeasureSum
        for index in previousCount..<count {
            let lcs = withTokens(of: index) { scratch.lcs(prepared, $0) }
            let f = RougeScore(
                lcs: lcs, targetLength: prepared.tokens.count, predictionLength: Int(itemLength[index])
            ).fmeasure
            sum? += f
            top.offer(f, index: index)
        }
        return makeResult(top: top, sum: sum, compared: count)
    }

    // MARK: - Internals

    private static var onlineProcessorCount: Int {
        Int(sysconf(Int32(_SC_NPROCESSORS_ONLN)))
    }

    /// Runs `body(query, worker)` for queries 0..<queryCount, each worker on the queries
    /// q ≡ worker (mod workers), on the index's threads when `parallel`.
    func forEachQuery<Result: Sendable>(
        _ queryCount: Int, parallel: Bool, _ body: @escaping @Sendable (Int, Int) -> Result
    ) -> [Result] {
        var results = [Result?](repeating: nil, count: queryCount)
        let workers = max(1, min(scratches.count, queryCount))
        results.withUnsafeMutableBufferPointer { results in
            // Each worker writes only its own queries' slots.
            let slots = UncheckedSendable(results)
            let run = { @Sendable (worker: Int) in
                var q = worker
                while q < queryCount {
                    slots.value[q] = body(q, worker)
                    q += workers
                }
            }
            if workers <= 1 || !parallel {
                for worker in 0..<workers { run(worker) }
            } else {
                DispatchQueue.concurrentPerform(iterations: workers, execute: run)
            }
        }
        return results.map { $0! }
    }

    /// The longest token length of any instruction.
    var longestLength: Int { groups.count - 1 }

    /// Calls `body` with the tokens of the instruction at `index`, in order.
    func withTokens<Result>(of index: Int, _ body: (UnsafeBufferPointer<TokenVocabulary.TokenID>) -> Result) -> Result {
        groups[Int(itemLength[index])].withRow(slot: Int(itemSlot[index]), body)
    }

    func prepare(_ query: String) -> PreparedQuery {
        var tokens: [TokenVocabulary.TokenID] = []
        RougeTokenizer.appendTokenIDs(of: query, to: &tokens, vocabulary: &vocabulary)
        return PreparedQuery(tokens: tokens)
    }

    /// Builds the F rows of every (query length, group length) pair the queries will read.
    func prepareRows(for queries: [PreparedQuery]) {
        for query in queries {
            for length in groups.indices {
                _ = table.prepareRow(targetLength: query.tokens.count, predictionLength: length)
            }
        }
    }

    func makeResult(top: TopNeighbours, sum: Double?, compared: Int) -> NeighbourSearch {
        let neighbours = zip(top.scores, top.indices).map { score, index in
            Neighbour(index: index, id: ids[index], text: texts[index], fmeasure: score)
        }
        return NeighbourSearch(
            neighbours: neighbours, maxFMeasure: top.scores.first ?? 0, fmeasureSum: sum, comparedCount: compared)
    }

    /// Calls `body` with a function giving the F row of (m, n) for each n (rows prepared).
    func withFMeasureRows<Result>(
        targetLength m: Int, _ body: ((Int) -> UnsafePointer<Double>) -> Result
    ) -> Result {
        table.storage.withUnsafeBufferPointer { storage in
            body { n in storage.baseAddress! + self.table.rowOffset(targetLength: m, predictionLength: n) }
        }
    }

    /// Scores the loaded query against the instructions of `n` tokens (see
    /// `QueryScratch.scanGroup`); returns the sum of their F.
    func scanGroup(
        ofLength n: Int, _ query: PreparedQuery, scratch: QueryScratch, fmeasures: UnsafePointer<Double>,
        top: inout TopNeighbours
    ) -> Double {
        groups[n].items.isEmpty ? 0 : scratch.scanGroup(query, groups[n], fmeasures: fmeasures, top: &top)
    }

    /// Compares one query with every instruction; returns the sum of F and fills `top`.
    private func scan(_ query: PreparedQuery, scratch: QueryScratch, top: inout TopNeighbours) -> Double {
        scratch.load(query, vocabularyCount: vocabulary.count)
        defer { scratch.unload(query) }
        return withFMeasureRows(targetLength: query.tokens.count) { row in
            groups.indices.reduce(0.0) { sum, n in
                sum + scanGroup(ofLength: n, query, scratch: scratch, fmeasures: row(n), top: &top)
            }
        }
    }
}

/// Hands values that threads use on disjoint parts (result slots) to a `@Sendable` closure.
struct UncheckedSendable<Value>: @unchecked Sendable {
    let value: Value
    init(_ value: Value) { self.value = value }
}

/// A query's tokens, interned in the index's vocabulary.
struct PreparedQuery: Sendable {
    var tokens: [TokenVocabulary.TokenID]
    /// 64-bit words per match mask.
    var wordCount: Int { max(1, (tokens.count + 63) / 64) }
}
