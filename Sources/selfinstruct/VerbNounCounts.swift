import Pool
import VerbNoun

/// The verb–noun counts of a pool's seed and accepted instructions, as Stats draws them, for
/// the commands that print or report them.
enum VerbNounCounts {
    /// The counts, parsing what the cache beside the pool lacks; nil (with a warning) when
    /// spaCy cannot run.
    static func summary(of pool: PoolFile, besidePool path: String) -> VerbNounSummary? {
        let texts = pool.entries.filter { $0.status == .seed || $0.status == .accepted }.map(\.instruction)
        do {
            let analysis = try VerbNounAnalyzer(cache: VerbNounCache(besidePool: path)).analyze(texts) { progress in
                if case .preparing(let text) = progress { printError(text) }
            }
            return VerbNounSummary(texts: texts, pairs: analysis.pairs)
        } catch {
            printError("warning: the verb–noun analysis is left out: \(error)")
            return nil
        }
    }
}
