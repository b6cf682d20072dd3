/// Cached ROUGE-L F values by (target length m, prediction length n, LCS length L).
///
/// For a fixed query the F of a pair depends only on L and the two lengths, so the hot loop
/// compares integers and looks F up here instead of dividing per pair. Rows are built once per
/// (m, n) with exactly rouge-score's arithmetic (see `RougeScore.init(lcs:targetLength:predictionLength:)`).
struct FMeasureTable {
    /// rowOffsets[m][n]: where the row for (m, n) starts in `storage`, or -1 if not built yet.
    private var rowOffsets: [[Int32]] = []
    /// All rows back to back; row (m, n) holds F for L = 0...min(m, n).
    private(set) var storage: [Double] = []

    /// Builds the row for (m, n) if it is missing and returns its offset in `storage`.
    mutating func prepareRow(targetLength m: Int, predictionLength n: Int) -> Int {
        if m >= rowOffsets.count {
            rowOffsets.append(contentsOf: repeatElement([], count: m + 1 - rowOffsets.count))
        }
        if n >= rowOffsets[m].count {
            rowOffsets[m].append(contentsOf: repeatElement(-1, count: n + 1 - rowOffsets[m].count))
        }
        let known = rowOffsets[m][n]
        if known >= 0 { return Int(known) }
        let offset = storage.count
        for lcs in 0...min(m, n) {
            storage.append(RougeScore(lcs: lcs, targetLength: m, predictionLength: n).fmeasure)
        }
        rowOffsets[m][n] = Int32(offset)
        return offset
    }

    /// The offset of an already prepared row.
    func rowOffset(targetLength m: Int, predictionLength n: Int) -> Int {
        Int(rowOffsets[m][n])
    }
}
