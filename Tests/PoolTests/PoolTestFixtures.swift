import Foundation
import Pool
import TestSupport

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
