import Foundation
import TestSupport
import Testing

/// `selfinstruct verbs` on a small pool, parsed for real with spaCy.
@Suite("selfinstruct verbs")
struct VerbsCommandTests {
    static let tasks = [
        ("t1", "Write a poem about the ocean."),
        ("t2", "What is the capital of France?"),
        ("t3", "Explain why the sky is blue."),
        ("t4", "Sort the given numbers in ascending order."),
        ("t5", "Write a poem about the ocean."),
    ]

    @Test(.enabled(if: SpacyForTests.isInstalled, "spaCy could not be installed into the venv (no PyPI?): run scripts/test with network"))
    func writesOneLinePerTaskWithItsVerbAndNounAndCachesBesideThePool() async throws {
        try await withTemporaryFolder { folder in
            let seeds = Self.tasks.map { id, text in
                #"{"id": "\#(id)", "instruction": "\#(text)", "instances": [{"input": "", "output": "x"}], "is_classification": false}"#
            }
            try Data((seeds.joined(separator: "\n") + "\n").utf8).write(to: folder.file("seeds.jsonl"))
            let pool = folder.file("pool.jsonl").path
            let imported = try await CommandRunner.run(["import", "--pool", pool, folder.file("seeds.jsonl").path])
            #expect(imported.status == 0, "\(imported.stderr)")

            let output = folder.file("verbs.jsonl").path
            let first = try await CommandRunner.run(["verbs", "--pool", pool, "-o", output])
            #expect(first.status == 0, "\(first.stderr)")
            #expect(first.stdout.isEmpty)
            #expect(first.stderr.contains("2 of 4 distinct instructions have a verb–noun structure; 4 parsed"))
            let lines = try String(contentsOfFile: output, encoding: .utf8).split(separator: "\n", omittingEmptySubsequences: false)
            #expect(lines == [
                #"{"id": "t1", "instruction": "Write a poem about the ocean.", "verb": "write", "noun": "poem"}"#,
                #"{"id": "t2", "instruction": "What is the capital of France?", "verb": null, "noun": null}"#,
                #"{"id": "t3", "instruction": "Explain why the sky is blue.", "verb": "explain", "noun": null}"#,
                #"{"id": "t4", "instruction": "Sort the given numbers in ascending order.", "verb": "sort", "noun": "number"}"#,
                #"{"id": "t5", "instruction": "Write a poem about the ocean.", "verb": "write", "noun": "poem"}"#,
                "",
            ])
            #expect(FileManager.default.fileExists(atPath: folder.file("pool.verbs.jsonl").path))

            let second = try await CommandRunner.run(["verbs", "--pool", pool])
            #expect(second.stderr.contains("; 0 parsed, the rest cached in"))
            #expect(second.stdout == lines.joined(separator: "\n"))
        }
    }
}
