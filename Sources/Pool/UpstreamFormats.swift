import Foundation
import JSONLines

/// Records read from a file to import, with the problems found on the way.
public struct ImportBatch: Sendable {
    /// The file as given.
    public var file: String
    /// The records, in file order; instances of the same instruction are merged into one task.
    public var records: [PoolRecord] = []
    /// Lines or array elements that could not be used, with file:line (or [index]).
    public var problems: [PoolProblem] = []
    /// How many lines or elements were read as each format (`seed-tasks`, `alpaca`, ...).
    public var formats: [String: Int] = [:]
}

/// Reads the files people bring to a pool: upstream Self-Instruct `seed_tasks.jsonl` and
/// `machine_generated_instructions.jsonl` (and its stage 2 and 3 relatives), Alpaca JSON
/// arrays (`alpaca_data.json`, `regen.json`), and our own pool lines and exports
/// (`instances`, `alpaca`, `upstream`).
///
/// The format is recognised per line from its keys, so a file mixing shapes still imports.
/// Tasks without an id get a stable one from a hash of their instruction, so importing the
/// same file twice adds nothing the second time.
public enum UpstreamFormats {
    /// Reads a file to import.
    /// - Throws: `PoolError` if the file cannot be read at all or is a JSON array that does
    ///   not parse (then the description says where).
    public static func read(contentsOf url: URL) throws -> ImportBatch {
        let data: Data
        do {
            data = try Data(contentsOf: url)
        } catch {
            throw PoolError.unreadableFile(url.path, "cannot be read (\(error.localizedDescription)); check the path")
        }
        return try read(data: data, file: url.path)
    }

    /// Reads seed-task JSONL text (e.g. the bundled seeds); problems are reported in the batch.
    public static func read(text: String, file: String) -> ImportBatch {
        var batch = ImportBatch(file: file)
        readLines(Data(text.utf8), into: &batch)
        return batch
    }

    static func read(data: Data, file: String) throws -> ImportBatch {
        var batch = ImportBatch(file: file)
        var bytes = data
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes = bytes.dropFirst(3) }
        if bytes.first(where: { !isSpace($0) }) == UInt8(ascii: "[") {
            try readArray(bytes, into: &batch)
        } else {
            readLines(bytes, into: &batch)
        }
        return batch
    }

    private static func isSpace(_ byte: UInt8) -> Bool { byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D }

    // MARK: Containers

    private static func readArray(_ data: Data, into batch: inout ImportBatch) throws {
        let bytes = Array(data)
        if let nul = bytes.firstIndex(of: 0) {
            let place = JSONParser.lineAndColumn(ofOffset: nul, in: bytes)
            throw PoolError.unreadableFile("\(batch.file):\(place.line)", "\(nulMessage(column: place.column)); nothing was imported")
        }
        let elements: [JSONValue]
        do {
            elements = try JSONParser.parse(bytes: bytes).arrayValue ?? []
        } catch {
            let place = error.lineAndColumn(in: bytes)
            throw PoolError.unreadableFile(
                "\(batch.file):\(place.line)",
                "not a readable JSON array: \(error.message) at column \(place.column); fix the JSON or convert it to JSONL; nothing was imported")
        }
        var builder = Builder(file: batch.file, isArray: true)
        for (index, element) in elements.enumerated() {
            builder.take(element, position: index, line: nil)
        }
        builder.finish(into: &batch)
    }

    private static func readLines(_ data: Data, into batch: inout ImportBatch) {
        var builder = Builder(file: batch.file, isArray: false)
        let decoder = RecordCoding.makeDecoder()
        var lineNumber = 0
        var start = data.startIndex
        while start < data.endIndex {
            let end = data[start...].firstIndex(of: 0x0A) ?? data.endIndex
            lineNumber += 1
            var line = data[start..<end]
            if lineNumber == 1, line.starts(with: [0xEF, 0xBB, 0xBF]) { line = line.dropFirst(3) }
            if line.last == 0x0D { line = line.dropLast() }
            start = end < data.endIndex ? end + 1 : end
            if line.allSatisfy(isSpace) { continue }
            if let nul = line.firstIndex(of: 0) {
                builder.problem(lineNumber, .unusableRecord, nulMessage(column: nul - line.startIndex + 1))
                continue
            }
            do {
                let value = try JSONParser.parse(bytes: Array(line))
                builder.take(value, position: lineNumber, line: Data(line), decoder: decoder)
            } catch {
                builder.problem(lineNumber, .unusableRecord, "not valid JSON: \(error)")
            }
        }
        builder.finish(into: &batch)
    }

    /// A NUL byte is never in JSON text: said as such, not as the parser's complaint.
    private static func nulMessage(column: Int) -> String {
        "contains a NUL byte at column \(column); a NUL is not text: remove it, or export the file again"
    }

    // MARK: Shapes

    /// Turns JSON values into records, merging instances of a repeated instruction.
    struct Builder {
        let file: String
        let isArray: Bool
        var records: [PoolRecord] = []
        var indexByID: [String: (index: Int, position: Int)] = [:]
        var indexByInstruction: [String: Int] = [:]
        var problems: [PoolProblem] = []
        var formats: [String: Int] = [:]

        init(file: String, isArray: Bool) {
            self.file = file
            self.isArray = isArray
        }

        mutating func problem(_ position: Int, _ kind: PoolProblem.Kind, _ message: String) {
            problems.append(PoolProblem(file: file, line: position, isArrayIndex: isArray, kind: kind, message: message))
        }

        mutating func take(_ value: JSONValue, position: Int, line: Data?, decoder: JSONDecoder? = nil) {
            guard let object = value.objectValue else {
                problem(position, .unusableRecord, "\(Self.kindName(value, json: true)), not an object; each record must be one JSON object")
                return
            }
            let keys = Set(object.keys)
            if keys.contains("messages") || keys.contains("conversations") || (keys.contains("prompt") && keys.contains("completion")) {
                problem(position, .unusableRecord, "a fine-tuning example (its task cannot be recovered); import the pool, or an instances/alpaca/upstream export, instead")
                return
            }
            guard let instruction = object["instruction"]?.stringValue else {
                problem(position, .unusableRecord, object["instruction"] == nil
                    ? "no 'instruction' key; expected a seed task, a machine-generated instruction, an Alpaca item or a pool record"
                    : "'instruction' is not a string")
                return
            }
            do {
                if keys.contains("status") && keys.contains("id"), let line, let decoder {
                    var record = try decoder.decode(PoolRecord.self, from: line)
                    record.revision = 1
                    record.restores = nil
                    count("pool")
                    addByID(record, position: position)
                } else if keys.contains("instances") {
                    try takeSeedTask(object, instruction: instruction, position: position)
                } else if keys.contains("output") {
                    try takeInstance(object, instruction: instruction, position: position)
                } else {
                    try takeMachineInstruction(object, instruction: instruction, position: position)
                }
            } catch let error as ShapeError {
                problem(position, .unusableRecord, error.message)
            } catch {
                problem(position, .unusableRecord, RecordCoding.describe(error, line: line ?? Data()))
            }
        }

        private mutating func count(_ format: String) { formats[format, default: 0] += 1 }

        private func source(_ position: Int, _ format: String) -> Provenance {
            Provenance(importedFrom: ImportSource(file: file, position: position, format: format))
        }

        private mutating func addByID(_ record: PoolRecord, position: Int) {
            if let earlier = indexByID[record.id] {
                problem(position, .duplicate, "id '\(record.id)' already appeared at \(isArray ? "index" : "line") \(earlier.position); this one is skipped")
                return
            }
            indexByID[record.id] = (records.count, position)
            indexByInstruction[record.instruction] = records.count
            records.append(record)
        }

        /// Upstream `seed_tasks.jsonl`: id, name, instruction, instances, is_classification.
        private mutating func takeSeedTask(_ object: [String: JSONValue], instruction: String, position: Int) throws {
            let instances = try Self.instances(object["instances"])
            let id = try object["id"].map { try Self.string($0, "id") } ?? Self.stableID("seed", instruction)
            let record = PoolRecord(
                id: id, instruction: instruction, instances: instances,
                isClassification: try Self.classification(object["is_classification"]),
                status: .seed, why: .imported(format: "seed-tasks"),
                name: try object["name"].map { try Self.string($0, "name") },
                provenance: source(position, "seed-tasks"))
            count("seed-tasks")
            addByID(record, position: position)
        }

        /// One instruction/input/output example: Alpaca items, our `instances` export,
        /// upstream `all_generated_instances.jsonl`. Repeated instructions merge into one task.
        private mutating func takeInstance(_ object: [String: JSONValue], instruction: String, position: Int) throws {
            let instance = Instance(
                input: try object["input"].map { try Self.string($0, "input") } ?? "",
                output: try Self.string(object["output"] ?? .null, "output"))
            let format = isArray ? "alpaca" : "instances"
            count(format)
            if let index = indexByInstruction[instruction] {
                if !records[index].instances.contains(instance) { records[index].instances.append(instance) }
                return
            }
            let similar = object["most_similar_instructions"] ?? object["most_similar"]
            let record = PoolRecord(
                id: Self.stableID(format, instruction), instruction: instruction, instances: [instance],
                status: .accepted, why: .imported(format: format),
                mostSimilar: try Self.similar(similar),
                avgSimilarityScore: try object["avg_similarity_score"].map { try Self.number($0, "avg_similarity_score") },
                provenance: source(position, format))
            addByID(record, position: position)
        }

        /// Upstream `machine_generated_instructions.jsonl` (stage 1), and the stage 2 and 3
        /// files that carry the same instruction with more fields.
        private mutating func takeMachineInstruction(_ object: [String: JSONValue], instruction: String, position: Int) throws {
            let metadata = object["metadata"] ?? object["instruction_metadata"]
            let choice = Self.firstChoice(of: metadata)
            let call = metadata.map { metadata in
                ModelCall(
                    prompt: metadata.objectValue?["prompt"]?.stringValue,
                    rawCompletion: choice?["text"]?.stringValue,
                    finishReason: choice?["finish_reason"]?.stringValue)
            }
            // Stage 3: the completion unparsed, with the finish reason stage 4 reads (none when
            // the metadata lacks it, which upstream does not count as cut off).
            let instanceCall = object["raw_instances"].map { raw in
                ModelCall(
                    prompt: object["instance_metadata"]?.objectValue?["prompt"]?.stringValue,
                    rawCompletion: raw.stringValue,
                    finishReason: Self.firstChoice(of: object["instance_metadata"])?["finish_reason"]?.stringValue)
            }
            var provenance = source(position, "machine-generated")
            provenance.instructionGeneration = call
            provenance.instanceGeneration = instanceCall
            provenance.upstreamMetadata = metadata
            // Stage 2: the raw answer (" Yes") as the classification call's completion.
            if case .string(let answer)? = object["is_classification"] {
                provenance.classification = ModelCall(rawCompletion: answer)
            }
            let round = try object["request_idx"].map { Int(try Self.number($0, "request_idx")) }
            let record = PoolRecord(
                id: Self.stableID("machine", instruction), instruction: instruction,
                isClassification: try Self.classification(object["is_classification"]),
                status: .accepted, why: .imported(format: "machine-generated"),
                mostSimilar: try Self.similar(object["most_similar"]),
                avgSimilarityScore: try object["avg_similarity_score"].map { try Self.number($0, "avg_similarity_score") },
                round: round, provenance: provenance)
            count("machine-generated")
            if indexByInstruction[instruction] != nil {
                problem(position, .duplicate, "the same instruction appeared earlier in this file; this one is skipped")
                return
            }
            addByID(record, position: position)
        }

        mutating func finish(into batch: inout ImportBatch) {
            batch.records = records
            batch.problems = problems
            batch.formats = formats
        }
    }

    /// A field of the wrong type or shape, in words for the problem list.
    struct ShapeError: Error {
        var message: String
        init(_ message: String) { self.message = message }
    }
}
