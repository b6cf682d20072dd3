import Foundation
import Engine
import TestSupport

/// The paper's 175 seed tasks, read from `shared/data/seed_tasks.jsonl` as demonstrations.
enum PaperSeeds {
    private struct SeedTask: Decodable {
        struct Instance: Decodable {
            var input: String
            var output: String
        }

        var id: String
        var instruction: String
        var instances: [Instance]
        var is_classification: Bool
    }

    static func load() throws -> [Demonstration] {
        try SharedData.jsonLines("data/seed_tasks.jsonl").map { line in
            let task = try JSONDecoder().decode(SeedTask.self, from: Data(line.utf8))
            return Demonstration(
                id: task.id, instruction: task.instruction,
                input: task.instances.first?.input ?? "", output: task.instances.first?.output ?? "",
                isClassification: task.is_classification, origin: .seed
            )
        }
    }
}
