import Foundation
import JSONLines

/// Reads evaluation tasks and systems' predictions from files into an `EvaluationFolder`.
///
/// A record is a prediction when it has `response` (upstream's `*_predictions.jsonl`:
/// `prompt`, `instruction`, `input`, `response`, `target`), a task when it has `instances`
/// (upstream's `user_oriented_instructions.jsonl`, seed-task exports) or `instruction` and
/// `output` (Alpaca). Tasks are stored first, so a prediction takes the id of the task it
/// answers whichever file came first; a prediction of an unknown task brings the task with
/// it (its `target` is the reference).
public struct EvaluationImport {
    /// What an import stored and what it could not read.
    public struct Outcome: Sendable {
        /// Tasks stored for the first time.
        public var tasksAdded = 0
        /// Responses stored for the first time, by system.
        public var responsesAdded: [String: Int] = [:]
        /// Lines that were not read, with file:line; every other line was.
        public var problems: [RecordReadError] = []
    }

    private var tasks: [EvaluationTask] = []
    private var predictions: [(system: String, task: EvaluationTask, response: String, provenance: JSONValue)] = []
    private var problems: [RecordReadError] = []

    /// An empty import.
    public init() {}

    /// The system a predictions file holds: its name without `_predictions.jsonl` (or
    /// without its extension, for other names).
    public static func systemName(ofFile path: String) -> String {
        let name = URL(fileURLWithPath: path).lastPathComponent
        for suffix in ["_predictions.jsonl", ".jsonl", ".json"] where name.hasSuffix(suffix) && name.count > suffix.count {
            return String(name.dropLast(suffix.count))
        }
        return name
    }

    /// Reads a file's records; a file that cannot be read at all is one problem.
    public mutating func read(file path: String) {
        do {
            let (records, problems) = try JSONRecords.read(path: path)
            self.problems += problems
            add(records, system: Self.systemName(ofFile: path))
        } catch let error as RecordReadError {
            problems.append(error)
        } catch {
            problems.append(RecordReadError(location: path, message: "\(error)"))
        }
    }

    /// Sorts `records` into tasks and predictions; predictions are `system`'s.
    public mutating func add(_ records: [LocatedJSON], system: String) {
        for record in records {
            let value = record.value
            if value["response"] != nil {
                guard let instruction = value["instruction"]?.stringValue, let response = value["response"]?.stringValue,
                      let target = value["target"]?.stringValue else {
                    problems.append(RecordReadError(location: record.location, message: #"a prediction needs strings "instruction", "response" and "target" (and "input")"#))
                    continue
                }
                let input = value["input"]?.stringValue ?? ""
                let identity = TaskIdentity(instruction: instruction, input: input)
                let task = EvaluationTask(id: identity.derivedID, instruction: identity.instruction, input: input, reference: target)
                var provenance: [(key: String, value: JSONValue)] = [("source", .string(record.location))]
                if let prompt = value["prompt"] { provenance.append(("prompt", prompt)) }
                predictions.append((system, task, response, .object(provenance)))
            } else if let found = Self.tasks(in: value) {
                tasks += found
            } else {
                problems.append(RecordReadError(location: record.location, message: #"neither a task ("instruction" with "instances", or "instruction"/"input"/"output") nor a prediction ("instruction", "input", "response", "target")"#))
            }
        }
    }

    /// Stores what was read in `folder`.
    public func store(in folder: EvaluationFolder) throws -> Outcome {
        var outcome = Outcome()
        var refused: Set<String> = []
        for prediction in predictions where !refused.contains(prediction.system) {
            do {
                try EvaluationFolder.check(prediction.system, kind: "system")
            } catch {
                refused.insert(prediction.system)
                let location = prediction.provenance["source"]?.stringValue ?? prediction.system
                outcome.problems.append(RecordReadError(location: location, message: "\(error) Rename the file."))
            }
        }
        let predictions = predictions.filter { !refused.contains($0.system) }
        outcome.tasksAdded = try folder.add(tasks: tasks).count
        outcome.tasksAdded += try folder.add(tasks: predictions.map(\.task)).count
        let responses = predictions.map { prediction in
            SystemResponse(taskID: folder.taskID(for: prediction.task.identity)!, system: prediction.system,
                           text: prediction.response, provenance: prediction.provenance)
        }
        for system in Set(responses.map(\.system)).sorted() {
            let added = try folder.add(responses: responses.filter { $0.system == system })
            if added > 0 { outcome.responsesAdded[system] = added }
        }
        outcome.problems = problems + outcome.problems
        return outcome
    }

    /// The tasks a task record holds: one per instance, or nil when it is not a task.
    private static func tasks(in value: JSONValue) -> [EvaluationTask]? {
        guard let instruction = value["instruction"]?.stringValue else { return nil }
        let given = value["id"]?.stringValue
        if let instances = value["instances"]?.arrayValue {
            let pairs = instances.compactMap { instance -> (String, String)? in
                guard let output = instance["output"]?.stringValue else { return nil }
                return (instance["input"]?.stringValue ?? "", output)
            }
            guard !pairs.isEmpty, pairs.count == instances.count else { return nil }
            return pairs.enumerated().map { index, pair in
                let identity = TaskIdentity(instruction: instruction, input: pair.0)
                let id = given.map { pairs.count == 1 ? $0 : "\($0)#\(index + 1)" } ?? identity.derivedID
                return EvaluationTask(id: id, instruction: instruction, input: pair.0, reference: pair.1,
                                      isClassification: value["is_classification"]?.boolValue)
            }
        }
        guard let output = value["output"]?.stringValue else { return nil }
        let input = value["input"]?.stringValue ?? ""
        let id = given ?? TaskIdentity(instruction: instruction, input: input).derivedID
        return [EvaluationTask(id: id, instruction: instruction, input: input, reference: output,
                               isClassification: value["is_classification"]?.boolValue)]
    }
}
