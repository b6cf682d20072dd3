import ArgumentParser
import DatasetCard
import Foundation
import JSONLines
import Pool
import VerbNoun

/// The dataset card at scale: a pool of N records (175 seeds, two thirds of the rest
/// accepted) written as `selfinstruct report` writes it, the data file, the card and its
/// figures, timed in steps; then the verb–noun chart's share: counting it over the pool's
/// pairs, and spaCy's parse of real instructions per 1K, from which the first report of a
/// pool with nothing cached is extrapolated (later reports read the parse from the cache).
struct ReportBenchmark: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report", abstract: "Time to write a large pool's dataset card and data, and the verb–noun parse's share.")

    @Argument(help: "Records in the pool.")
    var records = 100_000

    @Option(help: "Real instructions spaCy parses for the parse cost (0 leaves it out).")
    var parse = 1000

    @Option(help: "A JSON array of records with an \"instruction\" (run from the repository's root for the default).")
    var instructions = "../shared/data/alpaca_5000.json"

    func run() throws {
        let folder = try TemporaryFolder(named: "report-benchmark")
        defer { folder.remove() }
        let poolURL = folder.file("pool.jsonl")
        var synthetic = SyntheticPool(seed: 11) { $0 < 175 ? .seed : $0 % 3 == 0 ? .rejected : .accepted }
        try synthetic.write(records, to: poolURL)

        print("report benchmark: \(records) records (175 seeds) · CPU: \(CPUName.current)")
        print("note: wall-clock figures on a shared machine; run it a few times and read them as ranges.")
        var pool: PoolFile!
        let open = try seconds { pool = try PoolFile(at: poolURL, access: .readOnly) }
        let summaries = try seconds { try pool.summarizeInstances() }
        let output = folder.file("card")
        var written: DatasetReport.Written!
        let write = try seconds {
            written = try DatasetReport.write(pool: pool, poolURL: poolURL, to: output, options: .init(), settings: nil, verbNoun: nil)
        }
        let texts = pool.entries.filter { $0.status == .seed || $0.status == .accepted }.map(\.instruction)
        // The chart's counting over every kept instruction, each given a pair as a cache would.
        let verbs = ["write", "give", "find", "explain", "list", "classify", "create", "describe"]
        let nouns = ["poem", "list", "word", "sentence", "story", "number"]
        var pairs: [String: VerbNounPair] = [:]
        for (index, text) in texts.enumerated() where index % 10 != 0 {
            pairs[text] = VerbNounPair(verb: verbs[index % verbs.count], noun: nouns[index % nouns.count])
        }
        var chart: VerbNounSummary!
        let counting = seconds { chart = VerbNounSummary(texts: texts, pairs: pairs) }
        let withChart = try seconds {
            _ = try DatasetReport.write(pool: pool, poolURL: poolURL, to: folder.file("card-chart"), options: .init(), settings: nil,
                                        verbNoun: chart)
        }
        try pool.close()
        let total = open + summaries + write
        print("")
        print(String(format: "open the pool, read-only          %7.2f s", open))
        print(String(format: "read every instance summary       %7.2f s", summaries))
        print(String(format: "write data, card and figures      %7.2f s   %d examples of %d tasks, %@", write, written.export.examples,
                     written.export.tasks, written.files.joined(separator: ", ")))
        print(String(format: "report, no chart (the three above) %7.2f s   goal ≤ 10 s at 100K   %@", total, verdict(total <= 10)))
        print(String(format: "count the verb–noun chart (%3dK)  %7.3f s", texts.count / 1000, counting))
        print(String(format: "report with the chart, cached     %7.2f s   (the write %.2f s with it)", open + summaries + withChart + counting, withChart))

        guard parse > 0 else { return }
        let sample = Array(try JSONRecords.read(path: instructions).records.compactMap { $0.value["instruction"]?.stringValue }.prefix(parse))
        let cache = VerbNounCache(url: folder.file("pool.verbs.jsonl"))
        let analyzer = VerbNounAnalyzer(cache: cache)
        let startup = try seconds { _ = try analyzer.analyze(["Write a poem about the ocean."]) }
        let parsing = try seconds { _ = try analyzer.analyze(sample) }
        // Each analysis starts the parser anew, so the parse proper is what exceeds the start-up.
        let perThousand = max(0, parsing - startup) / Double(max(1, sample.count)) * 1000
        let cached = try seconds { _ = try analyzer.analyze(sample) }
        print(String(format: "spaCy: start-up %.2f s, then %.2f s per 1K instructions beyond it (%d of %@), %.3f s per 1K from the cache",
                     startup, perThousand, sample.count, instructions, cached / Double(max(1, sample.count)) * 1000))
        print(String(format: "first report with the chart, nothing cached: about %.0f s (%.0f s of it parsing %dK instructions once)",
                     total + counting + startup + perThousand * Double(texts.count) / 1000, startup + perThousand * Double(texts.count) / 1000,
                     texts.count / 1000))
    }
}
