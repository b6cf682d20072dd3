#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Dispatch

/// A growing set of instructions, searchable by exact ROUGE-L F: the Self-Instruct filter's
/// nearest-neighbour step.
///
/// Instructions are tokenized once and stored as integer ids in one contiguous array per
/// token length. Grouping by length means a group's pairs share one F row, so the hot loop
/// is integer-only, and four instructions of equal length run in lock-step, which hides the
/// latency of the bit-parallel LCS update chain.
public final class NearestNeighbourIndex: @unchecked Sendable {
    /// Instructions of one token length, back to back.
    private struct LengthGroup {
        var tokens: [TokenVocabulary.TokenID] = []
        var items: [Int32] = []
    }

    private var vocabulary = TokenVocabulary()
    private var groups: [LengthGroup] = []
    /// Per instruction: its token length and its position within that length's group.
    private(set) var itemLength: [Int32] = []
    private var itemSlot: [Int32] = []
    private var texts: [String] = []
    private var ids: [String] = []
    private var table = FMeasureTable()
    let scratches: [QueryScratch]
    /// Which instructions hold each token, for the pruned search (`nearest`).
    private(set) var postings = TokenPostings()
    /// Which frequent tokens each instruction holds, for the pruned search's bounds.
    private(set) var frequentTokens = FrequentTokenMasks()
    let pruningScratches: [PruningScratch]

    /// An empty index whose batch searches use `threads` threads (default: every core).
    public init(threads: Int? = nil) {
        let workers = max(1, threads ?? Self.onlineProcessorCount)
        scratches = (0..<workers).map { _ in QueryScratch() }
        pruningScratches = (0..<workers).map { _ in PruningScratch() }
    }

    /// The number of instructions in the index.
    public var count: Int { texts.count }

    /// The number of distinct tokens seen so far (queries included).
    var vocabularyCount: Int { vocabulary.count }

    /// The number of threads batch searches use.
    public var threadCount: Int { scratches.count }

    /// The text of the instruction at `index`.
    public func text(at index: Int) -> String { texts[index] }

    /// The caller's id of the instruction at `index`.
    public func id(at index: Int) -> String { ids[index] }

    /// The rouge-score tokens of the instruction at `index`.
    public func tokens(at index: Int) -> [String] {
        tokenSlice(of: index).map { vocabulary.text(of: $0) }
    }

    /// Adds an instruction; returns its index.
    @discardableResult
    public func add(_ text: String, id: String) -> Int {
        var tokens: [TokenVocabulary.TokenID] = []
        RougeTokenizer.appendTokenIDs(of: text, to: &tokens, vocabulary: &vocabulary)
        let index = texts.count
        let length = tokens.count
        if length >= groups.count {
            groups.append(contentsOf: repeatElement(LengthGroup(), count: length + 1 - groups.count))
        }
        itemLength.append(Int32(length))
        itemSlot.append(Int32(groups[length].items.count))
        groups[length].items.append(Int32(index))
        groups[length].tokens.append(contentsOf: tokens)
        postings.add(tokens[...], item: index)
        frequentTokens.add(tokens[...], item: index, postings: postings)
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
        let prepared = queries.map(prepare)
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
        guard previousCount < count else { return search }
        let prepared = prepare(query)
        var top = TopNeighbours(capacity: k)
        for neighbour in search.neighbours { top.offer(neighbour.fmeasure, index: neighbour.index) }
        let scratch = scratches[0]
        scratch.load(prepared, vocabularyCount: vocabulary.count)
        defer { scratch.unload(prepared) }
        var sum = search.fmeasureSum
        for index in previousCount..<count {
            let tokens = tokenSlice(of: index)
            let lcs = tokens.withUnsafeBufferPointer { scratch.lcs(prepared, $0) }
            let f = RougeScore(lcs: lcs, targetLength: prepared.tokens.count, predictionLength: tokens.count).fmeasure
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

    /// The instructions of `length` tokens, in order.
    func items(ofLength length: Int) -> [Int32] { groups[length].items }

    /// The tokens of the instruction at `index`, in place.
    func withTokens<Result>(of index: Int, _ body: (UnsafeBufferPointer<TokenVocabulary.TokenID>) -> Result) -> Result {
        let length = Int(itemLength[index])
        let start = Int(itemSlot[index]) * length
        return groups[length].tokens.withUnsafeBufferPointer {
            body(UnsafeBufferPointer(rebasing: $0[start..<start + length]))
        }
    }

    private func tokenSlice(of index: Int) -> ArraySlice<TokenVocabulary.TokenID> {
        let length = Int(itemLength[index])
        let start = Int(itemSlot[index]) * length
        return groups[length].tokens[start..<start + length]
    }

    func prepare(_ query: String) -> PreparedQuery {
        var tokens: [TokenVocabulary.TokenID] = []
        RougeTokenizer.appendTokenIDs(of: query, to: &tokens, vocabulary: &vocabulary)
        return PreparedQuery(tokens: tokens)
    }

    private func prepareRows(for queries: [PreparedQuery]) {
        for query in queries {
            for (length, group) in groups.enumerated() where !group.items.isEmpty {
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

    /// Compares one query with every instruction; returns the sum of F and fills `top`.
    private func scan(_ query: PreparedQuery, scratch: QueryScratch, top: inout TopNeighbours) -> Double {
        scratch.load(query, vocabularyCount: vocabulary.count)
        defer { scratch.unload(query) }
        let m = query.tokens.count
        var sum = 0.0
        table.storage.withUnsafeBufferPointer { storage in
            for length in groups.indices where !groups[length].items.isEmpty {
                let row = storage.baseAddress! + table.rowOffset(targetLength: m, predictionLength: length)
                sum += groups[length].tokens.withUnsafeBufferPointer { tokens in
                    groups[length].items.withUnsafeBufferPointer { items in
                        scratch.scanGroup(
                            query, length: length, tokens: tokens, items: items, fmeasures: row, top: &top)
                    }
                }
            }
        }
        return sum
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

/// One thread's working memory for searching: the match masks of the current query, indexed
/// directly by token id, so the hot loop does one load per pool token.
final class QueryScratch: @unchecked Sendable {
    /// Single-word queries (≤ 64 tokens): the match mask of every token id.
    private var maskByToken: [UInt64] = []
    /// Longer queries: each token id's slot in `slotMasks` (0: not in the query).
    private var slotByToken: [Int32] = []
    private var slotMasks: [UInt64] = []
    private var vector: [UInt64] = []
    private var lcsCounts: [Int] = []

    func load(_ query: PreparedQuery, vocabularyCount: Int) {
        let words = query.wordCount
        if words == 1 {
            if maskByToken.count < vocabularyCount {
                maskByToken.append(contentsOf: repeatElement(0, count: vocabularyCount * 2 - maskByToken.count))
            }
            for (position, token) in query.tokens.enumerated() {
                maskByToken[Int(token)] |= 1 << UInt64(position)
            }
        } else {
            if slotByToken.count < vocabularyCount {
                slotByToken.append(contentsOf: repeatElement(0, count: vocabularyCount * 2 - slotByToken.count))
            }
            slotMasks = [UInt64](repeating: 0, count: words)
            for (position, token) in query.tokens.enumerated() {
                var slot = Int(slotByToken[Int(token)])
                if slot == 0 {
                    slot = slotMasks.count / words
                    slotByToken[Int(token)] = Int32(slot)
                    slotMasks.append(contentsOf: repeatElement(0, count: words))
                }
                slotMasks[slot * words + position / 64] |= 1 << UInt64(position % 64)
            }
            vector = [UInt64](repeating: 0, count: words)
        }
    }

    func unload(_ query: PreparedQuery) {
        if query.wordCount == 1 {
            for token in query.tokens { maskByToken[Int(token)] = 0 }
        } else {
            for token in query.tokens { slotByToken[Int(token)] = 0 }
        }
    }

    /// The LCS length of the loaded query and one instruction's tokens.
    func lcs(_ query: PreparedQuery, _ text: UnsafeBufferPointer<TokenVocabulary.TokenID>) -> Int {
        if query.wordCount == 1 {
            return maskByToken.withUnsafeBufferPointer { masks in
                var v: UInt64 = ~0
                for token in text {
                    let u = v & masks[Int(token)]
                    v = (v &+ u) | (v & ~u)
                }
                return BitParallelLCS.length(v, lowMask: BitParallelLCS.lowBits(query.tokens.count))
            }
        }
        return multiWordLCS(query, text)
    }

    private func multiWordLCS(_ query: PreparedQuery, _ text: UnsafeBufferPointer<TokenVocabulary.TokenID>) -> Int {
        let words = query.wordCount
        return slotMasks.withUnsafeBufferPointer { masks in
            slotByToken.withUnsafeBufferPointer { slots in
                vector.withUnsafeMutableBufferPointer { vector in
                    for w in 0..<words { vector[w] = ~0 }
                    for token in text {
                        BitParallelLCS.step(vector, masks: masks.baseAddress! + Int(slots[Int(token)]) * words)
                    }
                    return BitParallelLCS.length(vector, patternLength: query.tokens.count)
                }
            }
        }
    }

    /// Scores the loaded query against every instruction of one length group. Returns the sum
    /// of their F and offers each instruction that could rank to `top`.
    ///
    /// Per pair the loop only counts L; F comes from `fmeasures` (the (m, length) row) when a
    /// pair might enter the top list, and the sum is folded from the counts per L at the end.
    func scanGroup(
        _ query: PreparedQuery, length: Int,
        tokens: UnsafeBufferPointer<TokenVocabulary.TokenID>, items: UnsafeBufferPointer<Int32>,
        fmeasures: UnsafePointer<Double>, top: inout TopNeighbours
    ) -> Double {
        let m = query.tokens.count
        let maxLCS = min(m, length)
        if lcsCounts.count < maxLCS + 1 { lcsCounts = [Int](repeating: 0, count: maxLCS + 1) }
        for l in 0...maxLCS { lcsCounts[l] = 0 }

        func entryLCS() -> Int {
            let entry = top.entryScore
            var l = 0
            while l <= maxLCS && fmeasures[l] < entry { l += 1 }
            return l
        }
        var threshold = entryLCS()

        lcsCounts.withUnsafeMutableBufferPointer { counts in
            @inline(__always) func record(_ lcs: Int, item: Int) {
                counts[lcs] += 1
                if lcs >= threshold {
                    top.offer(fmeasures[lcs], index: Int(items[item]))
                    threshold = entryLCS()
                }
            }
            let itemCount = items.count
            guard length > 0 else {
                for item in 0..<itemCount { record(0, item: item) }
                return
            }
            var item = 0
            if query.wordCount == 1 {
                maskByToken.withUnsafeBufferPointer { masksBuffer in
                    let masks = masksBuffer.baseAddress!
                    let low = BitParallelLCS.lowBits(m)
                    let base = tokens.baseAddress!
                    while item + 4 <= itemCount {
                        let t0 = base + item * length
                        let t1 = t0 + length, t2 = t1 + length, t3 = t2 + length
                        var v0: UInt64 = ~0, v1: UInt64 = ~0, v2: UInt64 = ~0, v3: UInt64 = ~0
                        for j in 0..<length {
                            let u0 = v0 & masks[Int(t0[j])]
                            let u1 = v1 & masks[Int(t1[j])]
                            let u2 = v2 & masks[Int(t2[j])]
                            let u3 = v3 & masks[Int(t3[j])]
                            v0 = (v0 &+ u0) | (v0 & ~u0)
                            v1 = (v1 &+ u1) | (v1 & ~u1)
                            v2 = (v2 &+ u2) | (v2 & ~u2)
                            v3 = (v3 &+ u3) | (v3 & ~u3)
                        }
                        record(BitParallelLCS.length(v0, lowMask: low), item: item)
                        record(BitParallelLCS.length(v1, lowMask: low), item: item + 1)
                        record(BitParallelLCS.length(v2, lowMask: low), item: item + 2)
                        record(BitParallelLCS.length(v3, lowMask: low), item: item + 3)
                        item += 4
                    }
                }
            }
            while item < itemCount {
                let start = tokens.baseAddress! + item * length
                record(lcs(query, UnsafeBufferPointer(start: start, count: length)), item: item)
                item += 1
            }
        }

        var sum = 0.0
        for l in 0...maxLCS where lcsCounts[l] > 0 {
            sum += Double(lcsCounts[l]) * fmeasures[l]
        }
        return sum
    }
}
