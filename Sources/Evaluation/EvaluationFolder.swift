import DurableFiles
import Foundation
import JSONLines

/// An evaluation on disk: a folder of append-only JSONL files that jq can read.
///
/// - `evaluation.json`: the format and the seed of the blind order;
/// - `tasks.jsonl`: the tasks, in upstream's evaluation-task shape;
/// - `responses/SYSTEM.jsonl`: one system's responses, with provenance;
/// - `ratings/RATER.jsonl`: one person's ratings, undos included;
/// - `pairwise/RATER.jsonl`: one person's judgements of two systems side by side, undos included.
///
/// Every append is durable before it returns. A bad line is reported with file:line and
/// the rest still loads; the first record of a task (or of a task's response from a system)
/// holds, so importing a file twice changes nothing.
public final class EvaluationFolder {
    /// The folder.
    public let path: String
    /// The seed the blind order of every task is drawn from, fixed when the folder was made.
    public let blindSeed: UInt64
    /// The tasks, in the order they were imported.
    public private(set) var tasks: [EvaluationTask] = []
    /// Responses by system, then by task id.
    public private(set) var responses: [String: [String: SystemResponse]] = [:]
    /// Every rating record, in the order written (see `EvaluationRatings` for what holds).
    public private(set) var ratingRecords: [Rating] = []
    /// Every pairwise judgement record, in the order written (see `PairwiseBook`).
    public private(set) var pairwiseRecords: [PairwiseJudgement] = []
    /// Lines that could not be read, with file:line.
    public private(set) var problems: [RecordReadError] = []
    private var taskIndex: [String: Int] = [:]
    private var identities: [TaskIdentity: String] = [:]
    private var logs: [String: AppendLog] = [:]

    /// Opens the evaluation in `path`. With `creating`, makes the folder when it holds none,
    /// with `blindSeed` as its blind seed (a random one when nil); without, throws
    /// `noEvaluation`.
    public init(path: String, creating: Bool, blindSeed newSeed: UInt64? = nil) throws {
        self.path = path
        let settings = path + "/evaluation.json"
        if !FileManager.default.fileExists(atPath: settings) {
            guard creating else { throw EvaluationError.noEvaluation(path) }
            for folder in [path, path + "/responses", path + "/ratings"] {
                try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
            }
            let seed = newSeed ?? UInt64.random(in: 0 ... UInt64(Int64.max))
            let record = JSONValue.object(["format": .number(1), "blind_seed": .number(String(seed))])
            try AtomicFileWriter.write(to: settings) { try $0.write(record.jsonText + "\n") }
        }
        blindSeed = try Self.readSeed(settings)
        try load()
    }

    /// The systems with at least one response, sorted by name.
    public var systems: [String] { responses.keys.sorted() }

    /// The id of the task with this instruction and input, if there is one.
    public func taskID(for identity: TaskIdentity) -> String? { identities[identity] }

    /// Stores the tasks not already here (by id, or by instruction and input); returns those
    /// added.
    @discardableResult
    public func add(tasks new: [EvaluationTask]) throws -> [EvaluationTask] {
        var added: [EvaluationTask] = []
        for task in new where taskIndex[task.id] == nil && identities[task.identity] == nil {
            added.append(task)
            remember(task)
        }
        try log("tasks.jsonl").append(added.map(\.json))
        return added
    }

    /// Stores the responses whose system has none for that task yet; returns how many were
    /// added. Every response must answer a stored task.
    @discardableResult
    public func add(responses new: [SystemResponse]) throws -> Int {
        var added: [String: [SystemResponse]] = [:]
        for response in new where responses[response.system]?[response.taskID] == nil {
            precondition(taskIndex[response.taskID] != nil, "a response to an unknown task")
            try Self.check(response.system, kind: "system")
            responses[response.system, default: [:]][response.taskID] = response
            added[response.system, default: []].append(response)
        }
        for (system, list) in added.sorted(by: { $0.key < $1.key }) {
            try log("responses/\(system).jsonl").append(list.map(\.json))
        }
        return added.values.reduce(0) { $0 + $1.count }
    }

    /// Stores a rating (or a withdrawal) in its rater's file.
    public func add(rating: Rating) throws {
        try Self.check(rating.rater, kind: "rater")
        try log("ratings/\(rating.rater).jsonl").append(rating.json)
        ratingRecords.append(rating)
    }

    /// Stores a pairwise judgement (or a withdrawal) in its rater's file, making the
    /// `pairwise` folder on the first.
    public func add(judgement: PairwiseJudgement) throws {
        try Self.check(judgement.rater, kind: "rater")
        if !FileManager.default.fileExists(atPath: path + "/pairwise") {
            try FileManager.default.createDirectory(atPath: path + "/pairwise", withIntermediateDirectories: true)
            try POSIXFile.syncDirectory(path)
        }
        try log("pairwise/\(judgement.rater).jsonl").append(judgement.json)
        pairwiseRecords.append(judgement)
    }

    /// Throws unless `name` is safe as a file name: letters, digits, `.`, `-`, `_`, `+`,
    /// `@`, not starting with a dot.
    public static func check(_ name: String, kind: String) throws {
        let allowed = name.unicodeScalars.allSatisfy {
            CharacterSet.alphanumerics.contains($0) || ".-_+@".unicodeScalars.contains($0)
        }
        guard allowed, !name.isEmpty, !name.hasPrefix(".") else { throw EvaluationError.badName(name, kind: kind) }
    }

    private func remember(_ task: EvaluationTask) {
        taskIndex[task.id] = tasks.count
        identities[task.identity] = task.id
        tasks.append(task)
    }

    private func log(_ name: String) throws -> AppendLog {
        if let log = logs[name] { return log }
        let log = try AppendLog(path: path + "/" + name)
        logs[name] = log
        return log
    }

    private func load() throws {
        for record in try read("tasks.jsonl") {
            guard let task = Self.storedTask(record.value) else {
                problems.append(RecordReadError(location: record.location, message: "not a task (needs id, instruction and one instance)"))
                continue
            }
            if taskIndex[task.id] == nil, identities[task.identity] == nil { remember(task) }
        }
        for file in try listing("responses") {
            for record in try read("responses/" + file) {
                guard let response = SystemResponse(json: record.value), taskIndex[response.taskID] != nil else {
                    problems.append(RecordReadError(location: record.location, message: "not a response to a stored task (needs task, system and response)"))
                    continue
                }
                if responses[response.system]?[response.taskID] == nil {
                    responses[response.system, default: [:]][response.taskID] = response
                }
            }
        }
        for file in try listing("ratings") {
            for record in try read("ratings/" + file) {
                guard let rating = Rating(json: record.value) else {
                    problems.append(RecordReadError(location: record.location, message: "not a rating (needs task, system, rater and grade A–D or null)"))
                    continue
                }
                ratingRecords.append(rating)
            }
        }
        for file in try listing("pairwise") {
            for record in try read("pairwise/" + file) {
                guard let judgement = PairwiseJudgement(json: record.value) else {
                    problems.append(RecordReadError(location: record.location, message: "not a pairwise judgement (needs task, pair, shown_first, rater and choice first, second, tie or null)"))
                    continue
                }
                pairwiseRecords.append(judgement)
            }
        }
    }

    private func read(_ name: String) throws -> [LocatedJSON] {
        let file = path + "/" + name
        guard FileManager.default.fileExists(atPath: file) else { return [] }
        let (records, problems) = try JSONRecords.read(path: file)
        self.problems += problems
        return records
    }

    private func listing(_ folder: String) throws -> [String] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: path + "/" + folder)) ?? []
        return names.filter { $0.hasSuffix(".jsonl") }.sorted()
    }

    private static func storedTask(_ value: JSONValue) -> EvaluationTask? {
        guard let id = value["id"]?.stringValue, let instruction = value["instruction"]?.stringValue,
              let instance = value["instances"]?.arrayValue?.first else { return nil }
        return EvaluationTask(id: id, instruction: instruction, input: instance["input"]?.stringValue ?? "",
                              reference: instance["output"]?.stringValue ?? "", isClassification: value["is_classification"]?.boolValue)
    }

    private static func readSeed(_ settings: String) throws -> UInt64 {
        let (records, problems) = try JSONRecords.read(path: settings)
        if let problem = problems.first { throw EvaluationError.unreadableSettings(settings, problem.message) }
        guard case .number(let text)? = records.first?.value["blind_seed"], let seed = UInt64(text) else {
            throw EvaluationError.unreadableSettings(settings, "no blind_seed in it")
        }
        return seed
    }
}
