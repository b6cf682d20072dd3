import DurableFiles
import Foundation
import JSONLines

/// A pool's quality review on disk: `pool.review.jsonl` beside `pool.jsonl`
/// (`<name>.review.jsonl` for `<name>.jsonl`), JSON lines that jq reads and that are only
/// ever appended to, each append on disk (fsync) before it returns:
///
/// - `{"type": "sample", "seed", "requested", "eligible", "items", "time"}`, once, followed
///   by one `{"type": "item", "item", "id", "instance", "instruction", "input", "output"}` per
///   task drawn, in review order;
/// - `{"type": "answer", "reviewer", "item", "id", "question", "answer", "time"}` per key a
///   reviewer presses (`answer` null for an undo);
/// - `{"type": "settled", …}` likewise for the answer that settles a disagreement.
public final class ReviewFile {
    /// The file's path.
    public let path: String
    private var log: AppendLog?

    /// The review of the pool at `poolPath`.
    public init(besidePool poolPath: String) {
        let pool = URL(fileURLWithPath: poolPath)
        let name = pool.pathExtension == "jsonl" ? pool.deletingPathExtension().lastPathComponent : pool.lastPathComponent
        path = pool.deletingLastPathComponent().appendingPathComponent("\(name).review.jsonl").path
    }

    /// What the file holds; empty when there is no file yet. Lines that cannot be read are
    /// reported with `file:line` and the others still count.
    public func load() throws -> ReviewRecords {
        guard FileManager.default.fileExists(atPath: path) else { return ReviewRecords() }
        let (lines, problems) = try JSONRecords.read(path: path)
        var records = ReviewRecords(problems: problems)
        var items: [ReviewItem] = []
        var announced: (count: Int, location: String)?
        for line in lines {
            let type = line.value["type"]?.stringValue
            switch type {
            case "sample" where records.sample == nil:
                guard let seed = line.value["seed"]?.intValue, let requested = line.value["requested"]?.intValue else {
                    records.problems.append(RecordReadError(location: line.location, message: "a sample line needs a seed and a requested size"))
                    continue
                }
                records.sample = ReviewSample(seed: seed, requested: requested, eligible: line.value["eligible"]?.intValue ?? 0,
                                              items: [], time: line.value["time"]?.stringValue ?? "")
                announced = line.value["items"]?.intValue.map { ($0, line.location) }
            case "sample":
                records.problems.append(RecordReadError(location: line.location, message: "a second sample, left out: the first one drawn holds"))
            case "item":
                guard let item = ReviewItem(json: line.value), item.number == items.count else {
                    records.problems.append(RecordReadError(location: line.location, message: "not an item of the sample (item \(items.count) was expected next)"))
                    continue
                }
                items.append(item)
            case "answer", "settled":
                guard let answer = ReviewAnswer(json: line.value, settles: type == "settled"), items.indices.contains(answer.item) else {
                    records.problems.append(RecordReadError(location: line.location, message: "not an answer to an item of the sample"))
                    continue
                }
                records.answers.append(answer)
            default:
                records.problems.append(RecordReadError(location: line.location, message: "unknown line type \(type.map { "“\($0)”" } ?? "(none)")"))
            }
        }
        records.sample?.items = items
        if let announced, announced.count != items.count {
            records.problems.append(RecordReadError(location: announced.location,
                                                    message: "the sample has \(announced.count) items but \(items.count) were read; the review goes on with those"))
        }
        return records
    }

    /// Stores `sample` unless the file holds one already, and returns the one that holds.
    /// The file is locked meanwhile, so two reviewers starting at once share one sample.
    public func store(_ sample: ReviewSample) throws -> ReviewSample {
        let descriptor = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else { throw FileError("open", path: path) }
        defer { POSIXFile.close(descriptor) }
        while flock(descriptor, LOCK_EX) != 0 {
            guard errno == EINTR else { throw FileError("lock", path: path) }
        }
        if let existing = try load().sample { return existing }
        try appender().append([sample.json] + sample.items.map(\.json))
        return sample
    }

    /// Appends an answer (or a settlement, or the withdrawal of either) durably.
    public func append(_ answer: ReviewAnswer) throws {
        try appender().append(answer.json)
    }

    private func appender() throws -> AppendLog {
        if let log { return log }
        let opened = try AppendLog(path: path)
        log = opened
        return opened
    }
}

/// What a review file holds: the sample (nil before one is drawn), every answer and
/// settlement in the order written, and the lines that could not be read.
public struct ReviewRecords: Sendable {
    /// The sample, with its items.
    public var sample: ReviewSample?
    /// Answers and settlements, oldest first.
    public var answers: [ReviewAnswer] = []
    /// Lines left out, with `file:line` and why.
    public var problems: [RecordReadError] = []

    /// Records with the given parts; none by default.
    public init(sample: ReviewSample? = nil, answers: [ReviewAnswer] = [], problems: [RecordReadError] = []) {
        self.sample = sample
        self.answers = answers
        self.problems = problems
    }
}
