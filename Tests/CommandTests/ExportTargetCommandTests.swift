import Foundation
import TestSupport
import Testing

/// `selfinstruct export -o`: `~` expanded, a folder or an existing file refused (exit 2)
/// before anything is written, `--force` to replace, and tasks left out named.
@Suite(.serialized) struct ExportTargetCommandTests {
    /// A seed with two instances and an accepted task without any.
    private let poolLines = [
        #"{"id":"s","instruction":"Give the antonym of the word.","instances":[{"input":"hot","output":"cold"},{"input":"up","output":"down"}],"status":"seed"}"#,
        #"{"id":"a","instruction":"Name the capital of the country.","instances":[],"status":"accepted"}"#,
    ].joined(separator: "\n") + "\n"

    /// Runs `selfinstruct export --format instances --pool POOL arguments...` with `HOME` set
    /// to `folder/home`.
    private func export(_ folder: TemporaryFolder, _ arguments: String...) async throws -> CommandRunner.Outcome {
        try await CommandRunner.run(["export", "--format", "instances", "--pool", folder.pool.path] + arguments,
                              environment: ["HOME": folder.file("home").path])
    }

    private func withExportFolder(_ body: (TemporaryFolder) async throws -> Void) async throws {
        try await withTemporaryFolder { folder in
            try folder.write("pool.jsonl", poolLines)
            try FileManager.default.createDirectory(at: folder.file("home"), withIntermediateDirectories: true)
            try await body(folder)
        }
    }

    @Test func aTildeOutputLandsInTheHomeFolder() async throws {
        try await withExportFolder { folder in
            let outcome = try await export(folder, "-o", "~/train.jsonl")
            #expect(outcome.status == 0, "\(outcome.stderr)")
            let written = folder.file("home/train.jsonl").path
            #expect(outcome.stderr.contains("exported 2 examples from 1 tasks to \(written)"), "\(outcome.stderr)")
            #expect(try String(contentsOfFile: written, encoding: .utf8).split(separator: "\n").count == 2)
            #expect(try folder.fileNames() == ["home", "pool.jsonl"], "no ~ folder, no temporary file")
        }
    }

    @Test func aFolderIsBadInputAndNothingIsWritten() async throws {
        try await withExportFolder { folder in
            let target = folder.file("home").path
            let outcome = try await export(folder, "-o", target)
            #expect(outcome.status == 2)
            #expect(outcome.stderr.contains("error: \(target) is a folder; give a file name in it"), "\(outcome.stderr)")
            #expect(try FileManager.default.contentsOfDirectory(atPath: target).isEmpty)
            #expect(try folder.fileNames() == ["home", "pool.jsonl"])
        }
    }

    @Test func anExistingFileIsKeptWithoutForceAndReplacedWithIt() async throws {
        try await withExportFolder { folder in
            let target = try folder.write("train.jsonl", "keep me\n").path
            let refused = try await export(folder, "-o", target)
            #expect(refused.status == 2)
            #expect(refused.stderr.contains("error: \(target) already exists; pass --force to replace it"), "\(refused.stderr)")
            #expect(try folder.read("train.jsonl") == "keep me\n")

            let forced = try await export(folder, "-o", target, "--force")
            #expect(forced.status == 0, "\(forced.stderr)")
            #expect(try folder.read("train.jsonl").split(separator: "\n").count == 2)
            #expect(try folder.fileNames() == ["home", "pool.jsonl", "train.jsonl"])
        }
    }

    @Test func tasksLeftOutAreNamedWithWhatToRun() async throws {
        try await withExportFolder { folder in
            let outcome = try await export(folder)
            #expect(outcome.status == 0)
            #expect(outcome.stderr.contains(
                "exported 2 examples from 1 tasks; 1 accepted task has no instances, so it was left out: run selfinstruct instances to generate them"),
                "\(outcome.stderr)")
        }
    }
}

/// The CLI's text output shows control characters from the pool, never sends them.
@Suite(.serialized) struct VisibleControlsCommandTests {
    @Test func neighboursAndStatsDrawEscapeSequencesVisibly() async throws {
        try await withTemporaryFolder { folder in
            try folder.write("pool.jsonl", [
                #"{"id":"s","instruction":"Give the antonym of the word.","instances":[],"status":"seed"}"#,
                #"{"id":"r","instruction":"Give the \u001b]0;pwned\u0007 antonym of the word.","instances":[],"status":"rejected","why":{"kind":"control-characters","value":"U+001B"}}"#,
                #"{"id":"p","instruction":"\u001b[2J\u009b1m Give the antonym.","instances":[],"status":"pending"}"#,
            ].joined(separator: "\n") + "\n")
            let neighbours = try await CommandRunner.run(["neighbors", "--pool", folder.pool.path, "Give the antonym"])
            #expect(neighbours.status == 0, "\(neighbours.stderr)")
            #expect(neighbours.stdout.contains("␛[2J<U+009B>1m Give the antonym."), "\(neighbours.stdout)")
            let stats = try await CommandRunner.run(["stats", "--pool", folder.pool.path])
            #expect(stats.stdout.contains("control-characters"), "\(stats.stdout)")
            for output in [neighbours.stdout, stats.stdout] {
                #expect(!output.unicodeScalars.contains { $0.value == 0x1B || $0.value == 0x07 || (0x80...0x9F).contains($0.value) })
            }
        }
    }
}
