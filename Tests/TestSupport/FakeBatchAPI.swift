import Foundation
import Synchronization

/// OpenAI's files and batches API, faked inside `FakeLLMServer`: multipart uploads
/// (`POST /v1/files`), downloads (`GET /v1/files/{id}/content`), and batches created,
/// retrieved, listed (newest first) and cancelled (`/v1/batches`) whose status moves one
/// scripted step per poll.
/// Each line of a batch is answered as the server answers the same request live, so a batch
/// run and a live run given the same answers can be compared.
public final class FakeBatchAPI: Sendable {
    /// How one batch goes: the statuses its polls report, then how it ends.
    public struct Script: Sendable {
        /// What polls report before the end, in order.
        public var statuses: [String]
        /// `completed`, `expired`, `failed` or `cancelled`.
        public var end: String
        /// Lines (from 0) that fail with this HTTP status in the error file.
        public var failingLines: [Int: Int]
        /// For `expired` and `cancelled`: the lines answered before the end (the first n).
        public var answeredBeforeEnd: Int

        /// A script; by default validating, in progress, then completed with every line answered.
        public init(statuses: [String] = ["validating", "in_progress"], end: String = "completed",
                    failingLines: [Int: Int] = [:], answeredBeforeEnd: Int = 0) {
            self.statuses = statuses
            self.end = end
            self.failingLines = failingLines
            self.answeredBeforeEnd = answeredBeforeEnd
        }
    }

    private struct Batch {
        var id: String
        var inputFile: String
        var endpoint: String
        var script: Script
        var polls = 0
        var status: String
        var outputFile: String?
        var errorFile: String?
        var total: Int
        var completed = 0
        var failed = 0
        var metadata: [String: String] = [:]
        var order = 0
    }

    private struct State {
        var files: [String: Data] = [:]
        var batches: [String: Batch] = [:]
        var scripts: [Script] = []
        var nextID = 0
        var failingDownloads = 0
        var lostCreateAnswers = 0
    }

    private let state = Mutex(State())

    /// An empty service.
    public init() {}

    /// The next batch created follows `script` (else the default script).
    public func enqueue(_ script: Script) {
        state.withLock { $0.scripts.append(script) }
    }

    /// Creates a batch over `input` (a batch input file) as if a client had uploaded it and
    /// asked for it, for tests that need one in flight; returns its id.
    public func submit(_ input: Data, endpoint: String = "/v1/completions") -> String {
        let file = upload(input)
        return state.withLock { state in
            let script = state.scripts.isEmpty ? Script() : state.scripts.removeFirst()
            return start(&state, inputFile: file, lines: input.split(separator: 0x0A).count, endpoint: endpoint, script: script).id
        }
    }

    /// The next `count` file downloads answer HTTP 503.
    public func failDownloads(_ count: Int) {
        state.withLock { $0.failingDownloads += count }
    }

    /// The next `count` batches created are made, but their creation is answered HTTP 503,
    /// as if the answer had been lost on the way.
    public func loseCreateAnswers(_ count: Int) {
        state.withLock { $0.lostCreateAnswers += count }
    }

    /// How many batches were created.
    public var createdCount: Int { state.withLock { $0.batches.count } }

    /// Each batch's status, by id.
    public var statuses: [String: String] { state.withLock { $0.batches.mapValues(\.status) } }

    /// The uploaded input files, in upload order.
    public var uploads: [Data] {
        state.withLock { state in state.files.filter { $0.key.hasPrefix("file-in-") }.sorted { $0.key < $1.key }.map(\.value) }
    }

    /// Whether `path` belongs to this API.
    func serves(_ path: String) -> Bool {
        path.hasSuffix("/files") || path.contains("/files/") || path.hasSuffix("/batches") || path.contains("/batches/")
    }

    /// The answer to a files or batches request: status and JSON body. `answer` answers one
    /// line of a batch as the live endpoint would (status and body).
    func respond(method: String, path: String, headers: [String: String], body: Data,
                 answer: (_ path: String, _ body: Data) async throws -> (status: Int, body: Data)) async throws -> (status: Int, body: Data) {
        let parts = path.split(separator: "/").map(String.init)
        guard let root = parts.lastIndex(where: { $0 == "files" || $0 == "batches" }) else { return Self.error(404, "unknown path \(path)") }
        let rest = Array(parts[(root + 1)...])
        switch (method, parts[root], rest.count) {
        case ("POST", "files", 0):
            return upload(body, contentType: headers.first { $0.key.lowercased() == "content-type" }?.value ?? "")
        case ("GET", "files", 2) where rest[1] == "content":
            let (data, failing) = state.withLock { state in
                defer { state.failingDownloads = max(0, state.failingDownloads - 1) }
                return (state.files[rest[0]], state.failingDownloads > 0)
            }
            if failing { return Self.error(503, "the file service is down") }
            guard let data else { return Self.error(404, "no file \(rest[0])") }
            return (200, data)
        case ("POST", "batches", 0):
            return create(body)
        case ("GET", "batches", 0):
            return state.withLock { state in
                let newestFirst = state.batches.values.sorted { $0.order > $1.order }
                let data = newestFirst.map { (try? JSONSerialization.jsonObject(with: Self.json($0))) ?? [:] }
                return (200, try! JSONSerialization.data(withJSONObject: ["object": "list", "data": data, "has_more": false], options: [.sortedKeys]))
            }
        case ("GET", "batches", 1):
            return try await poll(rest[0], answer: answer)
        case ("POST", "batches", 2) where rest[1] == "cancel":
            return state.withLock { state in
                guard var batch = state.batches[rest[0]] else { return Self.error(404, "no batch \(rest[0])") }
                batch.status = "cancelling"
                batch.script.statuses = []
                batch.script.end = "cancelled"
                state.batches[batch.id] = batch
                return (200, Self.json(batch))
            }
        default:
            return Self.error(404, "unknown path \(method) \(path)")
        }
    }

    private func upload(_ body: Data, contentType: String) -> (status: Int, body: Data) {
        guard let boundary = contentType.components(separatedBy: "boundary=").last, contentType.hasPrefix("multipart/form-data"),
              let file = Self.part(named: "file", in: body, boundary: boundary),
              Self.part(named: "purpose", in: body, boundary: boundary) == Data("batch".utf8) else {
            return Self.error(400, "expected a multipart upload with purpose=batch and a file")
        }
        let id = upload(file)
        return (200, Data(#"{"id":"\#(id)","object":"file","purpose":"batch","bytes":\#(file.count)}"#.utf8))
    }

    private func upload(_ file: Data) -> String {
        state.withLock { state in
            state.nextID += 1
            let id = String(format: "file-in-%03d", state.nextID)
            state.files[id] = file
            return id
        }
    }

    private func start(_ state: inout State, inputFile: String, lines: Int, endpoint: String, script: Script) -> Batch {
        state.nextID += 1
        let batch = Batch(id: "batch_\(state.nextID)", inputFile: inputFile, endpoint: endpoint, script: script,
                          status: script.statuses.first ?? "validating", total: lines, order: state.nextID)
        state.batches[batch.id] = batch
        return batch
    }

    private func create(_ body: Data) -> (status: Int, body: Data) {
        guard let request = (try? JSONSerialization.jsonObject(with: body)) as? [String: Any],
              let inputFile = request["input_file_id"] as? String, let endpoint = request["endpoint"] as? String,
              request["completion_window"] as? String == "24h" else {
            return Self.error(400, "expected input_file_id, endpoint and completion_window 24h")
        }
        let metadata = request["metadata"] as? [String: String] ?? [:]
        return state.withLock { state in
            guard let input = state.files[inputFile] else { return Self.error(400, "no file \(inputFile)") }
            let script = state.scripts.isEmpty ? Script() : state.scripts.removeFirst()
            var batch = start(&state, inputFile: inputFile, lines: input.split(separator: 0x0A).count, endpoint: endpoint, script: script)
            batch.metadata = metadata
            state.batches[batch.id] = batch
            if state.lostCreateAnswers > 0 {
                state.lostCreateAnswers -= 1
                return Self.error(503, "the answer was lost")
            }
            return (200, Self.json(batch))
        }
    }

    private func poll(_ id: String, answer: (_ path: String, _ body: Data) async throws -> (status: Int, body: Data)) async throws -> (status: Int, body: Data) {
        let step = state.withLock { state -> (Batch, Data)? in
            guard var batch = state.batches[id] else { return nil }
            batch.polls += 1
            state.batches[id] = batch
            return (batch, state.files[batch.inputFile] ?? Data())
        }
        guard let (batch, input) = step else { return Self.error(404, "no batch \(id)") }
        if batch.outputFile != nil || batch.errorFile != nil || ["failed", "expired", "cancelled", "completed"].contains(batch.status) {
            return (200, Self.json(batch))
        }
        if batch.polls < batch.script.statuses.count {
            let status = batch.script.statuses[batch.polls]
            return state.withLock { state in
                state.batches[id]?.status = status
                return (200, Self.json(state.batches[id]!))
            }
        }
        let finished = try await finish(batch, input: input, answer: answer)
        return state.withLock { state in
            state.batches[id] = finished.batch
            for (name, data) in finished.files { state.files[name] = data }
            return (200, Self.json(finished.batch))
        }
    }

    /// Ends a batch as its script says: answers, failures and expiries in the output and error files.
    private func finish(_ batch: Batch, input: Data,
                        answer: (_ path: String, _ body: Data) async throws -> (status: Int, body: Data)) async throws -> (batch: Batch, files: [String: Data]) {
        var batch = batch
        batch.status = batch.script.end
        guard batch.script.end != "failed" else { return (batch, [:]) }
        var output = Data(), errors = Data()
        let lines = input.split(separator: 0x0A).compactMap { (try? JSONSerialization.jsonObject(with: Data($0))) as? [String: Any] }
        let answered = batch.script.end == "completed" ? lines.count : min(batch.script.answeredBeforeEnd, lines.count)
        for (index, line) in lines.enumerated() {
            let customID = line["custom_id"] as? String ?? ""
            let result: [String: Any]
            if index >= answered {
                let code = batch.script.end == "expired" ? "batch_expired" : "batch_cancelled"
                result = ["id": "req_\(index)", "custom_id": customID, "response": NSNull(),
                          "error": ["code": code, "message": "This request was not executed before the batch ended."]]
            } else if let status = batch.script.failingLines[index] {
                result = ["id": "req_\(index)", "custom_id": customID, "error": NSNull(),
                          "response": ["status_code": status, "body": ["error": ["message": "The server had an error", "type": "server_error"]]]]
            } else {
                let body = try JSONSerialization.data(withJSONObject: line["body"] ?? [:])
                let (status, answerBody) = try await answer(line["url"] as? String ?? batch.endpoint, body)
                result = ["id": "req_\(index)", "custom_id": customID, "error": NSNull(),
                          "response": ["status_code": status, "body": try JSONSerialization.jsonObject(with: answerBody)]]
            }
            let encoded = try JSONSerialization.data(withJSONObject: result, options: [.sortedKeys]) + Data([0x0A])
            if index < answered && batch.script.failingLines[index] == nil {
                output += encoded
                batch.completed += 1
            } else {
                errors += encoded
                batch.failed += 1
            }
        }
        var files: [String: Data] = [:]
        if !output.isEmpty {
            batch.outputFile = "file-out-\(batch.id)"
            files[batch.outputFile!] = output
        }
        if !errors.isEmpty {
            batch.errorFile = "file-err-\(batch.id)"
            files[batch.errorFile!] = errors
        }
        return (batch, files)
    }

    /// The contents of the multipart part `name`.
    private static func part(named name: String, in body: Data, boundary: String) -> Data? {
        let delimiter = Data("--\(boundary)".utf8)
        var rest = body[...]
        while let start = rest.range(of: delimiter) {
            rest = rest[start.upperBound...]
            guard let headerEnd = rest.range(of: Data("\r\n\r\n".utf8)) else { return nil }
            let header = String(decoding: rest[..<headerEnd.lowerBound], as: UTF8.self)
            let contentStart = headerEnd.upperBound
            guard let next = rest[contentStart...].range(of: Data("\r\n--\(boundary)".utf8)) else { return nil }
            if header.contains("name=\"\(name)\"") { return Data(rest[contentStart..<next.lowerBound]) }
            rest = rest[next.lowerBound...]
        }
        return nil
    }

    private static func json(_ batch: Batch) -> Data {
        let object: [String: Any] = [
            "id": batch.id, "object": "batch", "endpoint": batch.endpoint, "input_file_id": batch.inputFile,
            "completion_window": "24h", "status": batch.status,
            "output_file_id": batch.outputFile ?? NSNull(), "error_file_id": batch.errorFile ?? NSNull(),
            "errors": batch.status == "failed" ? ["data": [["code": "invalid_request", "message": "The input file was refused.", "line": 1]]] : NSNull(),
            "request_counts": ["total": batch.total, "completed": batch.completed, "failed": batch.failed],
            "metadata": batch.metadata.isEmpty ? NSNull() : batch.metadata,
        ]
        return try! JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])
    }

    private static func error(_ status: Int, _ message: String) -> (status: Int, body: Data) {
        (status, Data(FakeLLMServer.json(["error": ["message": message, "type": "invalid_request_error"]]).utf8))
    }
}
