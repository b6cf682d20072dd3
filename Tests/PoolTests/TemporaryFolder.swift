import Foundation
import Pool

/// A fresh folder under the system temporary folder, removed when the value is released.
final class TemporaryFolder {
    let url: URL

    init() throws {
        url = FileManager.default.temporaryDirectory.appendingPathComponent("pool-tests-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }

    deinit { try? FileManager.default.removeItem(at: url) }

    /// A path inside the folder.
    func file(_ name: String) -> URL { url.appendingPathComponent(name) }

    /// The pool file path inside the folder.
    var pool: URL { file("pool.jsonl") }

    /// Writes raw bytes to a file in the folder.
    @discardableResult
    func write(_ name: String, _ bytes: [UInt8]) throws -> URL {
        let target = file(name)
        try Data(bytes).write(to: target)
        return target
    }

    /// Writes text to a file in the folder.
    @discardableResult
    func write(_ name: String, _ text: String) throws -> URL {
        try write(name, Array(text.utf8))
    }

    /// The bytes of a file in the folder, as text.
    func read(_ name: String) throws -> String {
        try String(contentsOf: file(name), encoding: .utf8)
    }
}

/// Records for tests.
enum Fixture {
    static func record(_ id: String, _ instruction: String? = nil, status: RecordStatus = .accepted, instances: [Instance]? = nil) -> PoolRecord {
        PoolRecord(
            id: id, instruction: instruction ?? "Summarise the paragraph about \(id) in one sentence.",
            instances: instances ?? [Instance(input: "Paragraph: Some text about \(id).", output: "A summary of \(id).")],
            status: status)
    }

    /// One valid pool line for `id`.
    static func line(_ id: String, revision: Int = 1, status: RecordStatus = .accepted) -> String {
        "{\"id\":\"\(id)\",\"revision\":\(revision),\"instruction\":\"Do \(id).\",\"instances\":[],\"status\":\"\(status.rawValue)\"}"
    }
}
