import Foundation

/// OpenAI's Batch API: requests written to a JSONL file, uploaded (`/v1/files`), run within
/// 24 hours at half price (`/v1/batches`), and their answers downloaded as files. Each call
/// goes through the client's retry loop, as a live request does.
extension LLMClient {
    /// The batch input file for `requests`: one line each (custom_id, method, url, body),
    /// the body as the live client would POST it, never streamed.
    public func batchInput(_ requests: [BatchRequest]) throws -> Data {
        var lines = Data()
        let basePath = URLComponents(string: endpoint.baseURL)?.path ?? ""
        for request in requests {
            let body = try WireRequest(model: endpoint.model, prompt: request.prompt, parameters: request.parameters,
                                       maxTokens: request.parameters.maxTokens, seed: request.parameters.seed, stream: false).encoded()
            let line: [String: Any] = [
                "custom_id": request.customID, "method": "POST", "url": basePath + request.prompt.path,
                "body": try JSONSerialization.jsonObject(with: body),
            ]
            lines += try JSONSerialization.data(withJSONObject: line, options: [.sortedKeys, .withoutEscapingSlashes])
            lines.append(0x0A)
        }
        return lines
    }

    /// Uploads a batch input file (multipart, `purpose=batch`); returns the file's id.
    public func uploadBatchInput(_ contents: Data, filename: String) async throws -> String {
        let boundary = "selfinstruct-\(UInt64.random(in: 0...UInt64.max))"
        var body = Data()
        body += Data("--\(boundary)\r\nContent-Disposition: form-data; name=\"purpose\"\r\n\r\nbatch\r\n".utf8)
        body += Data("--\(boundary)\r\nContent-Disposition: form-data; name=\"file\"; filename=\"\(filename)\"\r\n".utf8)
        body += Data("Content-Type: application/jsonl\r\n\r\n".utf8)
        body += contents
        body += Data("\r\n--\(boundary)--\r\n".utf8)
        let file: WireFile = try await call("POST", "/files", body: body, contentType: "multipart/form-data; boundary=\(boundary)")
        return file.id
    }

    /// Creates a batch over an uploaded input file whose requests go to `path`
    /// (`/v1/completions` or `/v1/chat/completions`), to run within 24 hours, tagged with
    /// `metadata` (so it can be found again by its tags).
    public func createBatch(inputFileID: String, path: String, metadata: [String: String] = [:]) async throws -> BatchJob {
        var request: [String: Any] = ["input_file_id": inputFileID, "endpoint": path, "completion_window": "24h"]
        if !metadata.isEmpty { request["metadata"] = metadata }
        let body = try JSONSerialization.data(withJSONObject: request, options: [.sortedKeys, .withoutEscapingSlashes])
        let batch: WireBatch = try await call("POST", "/batches", body: body)
        return batch.job
    }

    /// The most recent batches, newest first (one page of `GET /batches`, up to `limit`).
    public func recentBatches(limit: Int = 100) async throws -> [BatchJob] {
        let page: WireBatchList = try await call("GET", "/batches?limit=\(max(1, min(limit, 100)))")
        return page.data.map(\.job)
    }

    /// The batch's state now.
    public func batch(_ id: String) async throws -> BatchJob {
        let batch: WireBatch = try await call("GET", "/batches/\(id)")
        return batch.job
    }

    /// Asks the server to cancel the batch; answers already made stay in its output.
    public func cancelBatch(_ id: String) async throws -> BatchJob {
        let batch: WireBatch = try await call("POST", "/batches/\(id)/cancel", body: Data())
        return batch.job
    }

    /// The contents of a file (a batch's output or error file), up to 1 GiB.
    public func fileContent(_ id: String) async throws -> Data {
        let url = endpoint.baseURL + "/files/\(id)/content"
        return try await exchange(method: "GET", url: url, accept: "*/*", maxAnswerBytes: 1 << 30, maxTokens: nil,
                                  estimatedTokens: 0, body: { _ in nil }) { .whole { .success($0.body) } }.value
    }

    /// Reads a batch's output or error file: each line's custom_id with its answer (decoded
    /// and checked as a live answer is, priced at half the price table: the Batch API's
    /// discount) or its failure. A line that is not a batch result is an error naming its number.
    public func batchOutcomes(in file: Data) throws -> [String: BatchItemOutcome] {
        var outcomes: [String: BatchItemOutcome] = [:]
        for (offset, line) in file.split(separator: 0x0A, omittingEmptySubsequences: false).enumerated()
        where !line.allSatisfy({ $0 == 0x20 || $0 == 0x0D }) {
            guard let object = (try? JSONSerialization.jsonObject(with: Data(line))) as? [String: Any],
                  let customID = object["custom_id"] as? String else {
                throw LLMError(.malformedResponse, "Line \(offset + 1) of a batch result file from \(redactedURL(endpoint.baseURL)) is not a batch result (no custom_id).")
            }
            outcomes[customID] = outcome(of: object)
        }
        return outcomes
    }

    private func outcome(of result: [String: Any]) -> BatchItemOutcome {
        let response = result["response"] as? [String: Any]
        let status = response?["status_code"] as? Int ?? 0
        if let error = result["error"] as? [String: Any] {
            // The code is an identifier (`batch_expired`): kept to the characters one has.
            let code = (error["code"] as? String ?? "\(status)").unicodeScalars.filter { $0.properties.isAlphabetic || ("0"..."9").contains($0) || $0 == "_" }
            return .failed(code: String(String.UnicodeScalarView(code.prefix(40))), message: (error["message"] as? String).map { excerptOf($0) } ?? "no message")
        }
        guard let response, let bodyObject = response["body"],
              let body = try? JSONSerialization.data(withJSONObject: bodyObject, options: [.fragmentsAllowed]) else {
            return .failed(code: "\(status)", message: "the result has neither a response body nor an error")
        }
        guard (200..<300).contains(status) else {
            let message = ((bodyObject as? [String: Any])?["error"] as? [String: Any])?["message"] as? String
            return .failed(code: "\(status)", message: message.map { excerptOf($0) } ?? "HTTP \(status)")
        }
        switch WireResponse.decode(body, status: status).flatMap({ wire in wire.singleChoice().map { (wire, $0) } }) {
        case .success(let (wire, choice)):
            let model = wire.model ?? endpoint.model
            let usage = wire.decodedUsage
            return .answered(Completion(
                model: model, choices: [Completion.Choice(index: 0, text: choice.text, finishReason: choice.finishReason)],
                usage: usage, cost: usage.map { prices.cost(of: $0, model: model, batch: true) } ?? 0, attempts: 1))
        case .failure(let failure):
            return .failed(code: "malformed", message: LLMError.final(failure, url: endpoint.baseURL, attempts: 1).description)
        }
    }

    /// One JSON call of the files or batches API, through the retry loop. A 404 says the
    /// endpoint may have no Batch API, which most local servers lack.
    private func call<Answer: Decodable>(_ method: String, _ path: String, body: Data? = nil,
                                         contentType: String = "application/json") async throws -> Answer {
        do {
            return try await jsonCall(method, path, body: body, contentType: contentType)
        } catch let error as LLMError where error.code == .notFound {
            throw LLMError(.notFound, "\(error.description) The endpoint may not offer the Batch API (/files and /batches: OpenAI's does, llama.cpp's server and most local ones do not): run without --batch.",
                           url: error.url, status: error.status)
        }
    }

    private func jsonCall<Answer: Decodable>(_ method: String, _ path: String, body: Data?, contentType: String) async throws -> Answer {
        try await exchange(method: method, url: endpoint.baseURL + path, accept: "application/json", contentType: contentType,
                           maxTokens: nil, estimatedTokens: 0, body: { _ in body }) {
            .whole { response -> Result<Answer, AttemptFailure> in
                do {
                    return .success(try JSONDecoder().decode(Answer.self, from: response.body))
                } catch {
                    guard (try? JSONSerialization.jsonObject(with: response.body)) != nil else {
                        return .failure(.notJSON(status: response.status, excerpt: excerptOf(String(decoding: response.body.prefix(400), as: UTF8.self))))
                    }
                    return .failure(.malformed(describe(error)))
                }
            }
        }.value
    }
}
