import CBitParallelLCS

/// One thread's working memory for searching: the match masks of the current query, indexed
/// directly by token id, so the hot loop does one load per pool token.
final class QueryScratch: @unchecked Sendable {
    /// The kernel that scores length groups.
    let kernel: LCSKernel
    /// Queries of ≤ 32 tokens: the 32-bit match mask of every token id, for the group kernel.
    private var narrowMaskByToken: [UInt32] = []
    /// Single-word queries (≤ 64 tokens): the match mask of every token id.
    private var maskByToken: [UInt64] = []
    /// Longer queries: each token id's slot in `slotMasks` (0: not in the query).
    private var slotByToken: [Int32] = []
    private var slotMasks: [UInt64] = []
    private var vector: [UInt64] = []
    /// How many instructions of the group being scored have each LCS length.
    private var lcsCounts: [UInt32] = []
    /// The loaded query's tokens in a collision-free hash, for the AVX-512 kernel.
    private var queryHash = LCSQueryHash()
    private var queryHashed = false
    /// The LCS length of each instruction of the group being scored.
    private var groupLengths: [UInt8] = []

    init(kernel: LCSKernel) {
        self.kernel = kernel
    }

    func load(_ query: PreparedQuery, vocabularyCount: Int) {
        let words = query.wordCount
        if words == 1 {
            if maskByToken.count < vocabularyCount {
                maskByToken.append(contentsOf: repeatElement(0, count: vocabularyCount * 2 - maskByToken.count))
                narrowMaskByToken.append(
                    contentsOf: repeatElement(0, count: vocabularyCount * 2 - narrowMaskByToken.count))
            }
            for (position, token) in query.tokens.enumerated() {
                maskByToken[Int(token)] |= 1 << UInt64(position)
                if query.tokens.count <= 32 { narrowMaskByToken[Int(token)] |= 1 << UInt32(position) }
            }
            queryHashed = kernel == .avx512 && query.tokens.count <= 32 && hashQuery(query)
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

    /// Builds `queryHash` from the loaded narrow masks; false if no hash fits.
    private func hashQuery(_ query: PreparedQuery) -> Bool {
        var distinct: [TokenVocabulary.TokenID] = []
        for token in query.tokens where !distinct.contains(token) { distinct.append(token) }
        let masks = distinct.map { narrowMaskByToken[Int($0)] }
        return lcs_query_hash_build(distinct, masks, distinct.count, &queryHash) != 0
    }

    func unload(_ query: PreparedQuery) {
        if query.wordCount == 1 {
            for token in query.tokens {
                maskByToken[Int(token)] = 0
                narrowMaskByToken[Int(token)] = 0
            }
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

    /// Fills `groupLengths` with the LCS length of the loaded single-word query and each
    /// instruction of `group`, and `lcsCounts` with how many have each length, through the
    /// kernel. Returns the longest.
    private func scoreGroup(_ query: PreparedQuery, _ group: LengthGroup) -> Int {
        let count = group.items.count
        let chunks = (count + Int(LCS_LENGTHS_CHUNK) - 1) / Int(LCS_LENGTHS_CHUNK) * Int(LCS_LENGTHS_CHUNK)
        if groupLengths.count < chunks { groupLengths = [UInt8](repeating: 0, count: max(chunks, groupLengths.count * 2)) }
        let m = query.tokens.count
        return group.tokens.withUnsafeBufferPointer { tokens in
            groupLengths.withUnsafeMutableBufferPointer { lengths in
                lcsCounts.withUnsafeMutableBufferPointer { counts in
                    if m <= 32 {
                        narrowMaskByToken.withUnsafeBufferPointer { masks in
                            withUnsafePointer(to: &queryHash) { hash in
                                Int(lcs_lengths_narrow(
                                    kernel.level, masks.baseAddress!, queryHashed ? hash : nil, tokens.baseAddress!,
                                    group.length, count, UInt32(truncatingIfNeeded: BitParallelLCS.lowBits(m)),
                                    lengths.baseAddress!, counts.baseAddress!))
                            }
                        }
                    } else {
                        maskByToken.withUnsafeBufferPointer { masks in
                            Int(lcs_lengths_wide(
                                kernel.level, masks.baseAddress!, tokens.baseAddress!, group.length, count,
                                BitParallelLCS.lowBits(m), lengths.baseAddress!, counts.baseAddress!))
                        }
                    }
                }
            }
        }
    }

    /// Scores the loaded query against every instruction of `group`. Returns the sum of their
    /// F and offers each instruction that could rank to `top`.
    ///
    /// Per pair only L is computed and counted; F comes from `fmeasures` (the (m, length) row)
    /// for the pairs that might enter the top list, and the sum is folded from the counts per
    /// L at the end.
    func scanGroup(
        _ query: PreparedQuery, _ group: LengthGroup, fmeasures: UnsafePointer<Double>, top: inout TopNeighbours
    ) -> Double {
        let m = query.tokens.count
        let length = group.length
        let maxLCS = min(m, length)
        if lcsCounts.count < maxLCS + 1 { lcsCounts = [UInt32](repeating: 0, count: maxLCS + 1) }
        for l in 0...maxLCS { lcsCounts[l] = 0 }

        func entryLCS() -> Int {
            let entry = top.entryScore
            var l = 0
            while l <= maxLCS && fmeasures[l] < entry { l += 1 }
            return l
        }
        var threshold = entryLCS()
        let items = group.items
        if query.wordCount == 1 && length > 0 {
            let longest = scoreGroup(query, group)
            if longest >= threshold {
                groupLengths.withUnsafeBufferPointer { lengths in
                    func next(from slot: Int) -> Int {
                        lcs_next_at_least(kernel.level, lengths.baseAddress!, slot, items.count, UInt8(threshold))
                    }
                    var slot = next(from: 0)
                    while slot < items.count {
                        top.offer(fmeasures[Int(lengths[slot])], index: Int(items[slot]))
                        threshold = entryLCS()
                        slot = next(from: slot + 1)
                    }
                }
            }
        } else {
            for slot in items.indices {
                let l = length == 0 ? 0 : group.withRow(slot: slot) { lcs(query, $0) }
                lcsCounts[l] += 1
                if l >= threshold {
                    top.offer(fmeasures[l], index: Int(items[slot]))
                    threshold = entryLCS()
                }
            }
        }

        var sum = 0.0
        for l in 0...maxLCS where lcsCounts[l] > 0 {
            sum += Double(lcsCounts[l]) * fmeasures[l]
        }
        return sum
    }
}
