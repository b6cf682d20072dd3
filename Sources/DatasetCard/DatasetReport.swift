import DurableFiles
import Engine
import Foundation
import LLM
import Pool
import QualityReview
import Settings
import VerbNoun

/// `selfinstruct report` and the workbench's `:report`: gathers a pool's figures into a
/// `DatasetCard` and writes the card, its figures and the data into a folder, each file whole
/// or not at all.
public enum DatasetReport {
    /// What goes into a report besides the pool.
    public struct Options: Sendable, Hashable {
        /// The export format of the data file.
        public var format: ExportFormat
        /// ISO 639-1 codes of the data's languages, for the front matter.
        public var languages: [String]
        /// The dataset's name; the pool's folder name when nil.
        public var name: String?
        /// The similarity threshold in force, when it differs from the settings' recipe (the
        /// workbench's `:threshold`).
        public var threshold: Double?

        /// Options for a report in `format` of data in `languages`.
        public init(format: ExportFormat = .instances, languages: [String] = ["en"], name: String? = nil, threshold: Double? = nil) {
            self.format = format
            self.languages = languages
            self.name = name
            self.threshold = threshold
        }
    }

    /// What a report wrote.
    public struct Written: Sendable {
        /// The files written into the folder, by name, in the order written.
        public var files: [String]
        /// The export's counts (tasks, examples, tasks left out for want of instances).
        public var export: ExportSummary
    }

    /// The data file's name for `format`: `data.json` for Alpaca's single array, else `data.jsonl`.
    public static func dataFileName(_ format: ExportFormat) -> String {
        format == .alpaca ? "data.json" : "data.jsonl"
    }

    /// The files a report in `format` writes, by name.
    public static func fileNames(_ format: ExportFormat) -> [String] {
        [dataFileName(format), "README.md", "lengths.svg", "seed-similarity.svg", "verb-noun.svg"]
    }

    /// Those of a report's files that are in `folder` already (a report replaces them only
    /// when asked to).
    public static func existingFiles(in folder: URL, format: ExportFormat) -> [String] {
        fileNames(format).filter { FileManager.default.fileExists(atPath: folder.appendingPathComponent($0).path) }
    }

    /// Writes the report of `pool` (at `poolURL`) into `folder` (made if missing): the data
    /// first, then the card that describes it and its figures. `settings` give the recipe,
    /// endpoint, prices and defect keywords (defaults without them); `verbNoun` and `review`
    /// are the analyses run, if any.
    public static func write(
        pool: PoolFile, poolURL: URL, to folder: URL, options: Options, settings: ResolvedSettings?,
        verbNoun: VerbNounSummary?
    ) throws -> Written {
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let dataName = dataFileName(options.format)
        let export = try AtomicFileWriter.write(to: folder.appendingPathComponent(dataName).path) { writer in
            try FineTuningExport.export(pool, format: options.format, options: ExportOptions()) { try writer.write($0) }
        }
        let card = try card(pool: pool, poolURL: poolURL, options: options, settings: settings, verbNoun: verbNoun, review: try review(besidePool: poolURL),
                            data: .init(name: dataName, format: options.format.rawValue, records: export.examples))
        for file in card.files {
            try AtomicFileWriter.write(to: folder.appendingPathComponent(file.name).path) { try $0.write(file.text) }
        }
        return Written(files: [dataName] + card.files.map(\.name), export: export)
    }

    /// Writes the report of the pool file at `poolURL` as it is on disk now, through a
    /// read-only view of its own: the pool's writer (the workbench's engine) goes on deciding
    /// and generating meanwhile, and whatever it acknowledged before this call is in the report.
    public static func write(
        poolAt poolURL: URL, to folder: URL, options: Options, settings: ResolvedSettings?, verbNoun: VerbNounSummary?
    ) throws -> Written {
        let snapshot = try PoolFile(at: poolURL, access: .readOnly)
        defer { try? snapshot.close() }
        return try write(pool: snapshot, poolURL: poolURL, to: folder, options: options, settings: settings, verbNoun: verbNoun)
    }

    /// The results of the pool's quality review (`pool.review.jsonl`), nil when no sample was
    /// drawn. Lines that cannot be read count for nothing, as in `review --summary`.
    public static func review(besidePool poolURL: URL) throws -> ReviewSummary? {
        let records = try ReviewFile(besidePool: poolURL.path).load()
        guard let sample = records.sample else { return nil }
        return ReviewSummary(sample: sample, book: ReviewBook(itemCount: sample.items.count, records.answers))
    }

    /// The card of `pool` with `data` beside it.
    public static func card(
        pool: PoolFile, poolURL: URL, options: Options, settings: ResolvedSettings?, verbNoun: VerbNounSummary?,
        review: ReviewSummary?, data: DatasetCard.DataFile
    ) throws -> DatasetCard {
        // Table 1, the lengths and the defect counts need every record's instances read.
        try pool.summarizeInstances()
        let entries = pool.entries
        let totals = try SpendingLedger(forPool: poolURL).totals()
        let spending = Spending(totals, prices: settings?.prices ?? PriceTable())
        let priced = settings.map { settings in totals.byModel.keys.contains { settings.prices.price(for: $0) != nil } } ?? false
        let recipe = settings?.recipe ?? .selfInstruct()
        let making = DatasetCard.Making(
            models: totals.byModel.keys.sorted(), endpointKind: settings?.endpoint.api.rawValue, recipe: recipe.name,
            threshold: options.threshold ?? recipe.similarityThreshold, rounds: entries.compactMap(\.round).max() ?? 0,
            seeds: entries.reduce(0) { $0 + ($1.status == .seed ? 1 : 0) }, requests: spending.requests,
            promptTokens: spending.promptTokens, completionTokens: spending.completionTokens, cost: priced ? spending.cost : nil
        )
        // The paper's Figure 4 is of the data: seeds against the generated tasks kept.
        let seedSimilarity = SeedSimilarity(entries.filter { $0.status == .seed || $0.status == .accepted })
        let name = options.name ?? poolURL.deletingLastPathComponent().lastPathComponent
        return DatasetCard(
            name: name, making: making, stats: PoolStats(pool, defects: settings?.defectCheck ?? DefectCheck()),
            seedSimilarity: seedSimilarity.bins, seedSimilarityMean: seedSimilarity.mean, verbNoun: verbNoun, review: review,
            data: data, languages: options.languages
        )
    }
}
