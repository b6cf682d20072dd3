import Foundation
import Pool
import TestSupport
import Testing
@testable import Workbench

/// `:export FORMAT FILE` lands where asked: `~` expanded, a folder refused, an existing file
/// replaced only after a y, and tasks it leaves out named with what to run.
@Suite("Workbench :export targets", .serialized)
struct ExportTargetTests {
    /// A harness on the fixture pool in `folder`, `~` standing for `folder/home`.
    private func harness(in folder: TemporaryFolder, extra: [PoolRecord] = []) async throws -> (Harness, PoolCurationBackend) {
        let url = try Fixture.makePool(in: folder)
        if !extra.isEmpty {
            let pool = try PoolFile(at: url)
            try pool.add(contentsOf: extra)
            try pool.close()
        }
        try FileManager.default.createDirectory(at: folder.file("home"), withIntermediateDirectories: true)
        let backend = try Fixture.openBackend(url)
        return (await Harness(backend: backend, homeDirectory: folder.file("home").path), backend)
    }

    /// The names in `folder` that are temporary files of an export.
    private func partialFiles(in folder: URL) throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasSuffix(".partial") }
    }

    @Test func aTildePathIsWrittenUnderTheHomeFolder() async throws {
        try await withTemporaryFolder { folder in
            var (harness, backend) = try await harness(in: folder)
            await harness.press(":export instances ~/train.jsonl{enter}")
            let written = folder.file("home/train.jsonl").path
            #expect(harness.state.message?.text.hasPrefix("exported 3 examples from 2 tasks to \(written)") == true, "\(String(describing: harness.state.message))")
            #expect(try String(contentsOfFile: written, encoding: .utf8).split(separator: "\n").count == 3)
            #expect(!FileManager.default.fileExists(atPath: folder.file("~").path))
            await backend.shutDown()
        }
    }

    @Test func aFolderIsRefusedByNameAndLeftUnchanged() async throws {
        try await withTemporaryFolder { folder in
            var (harness, backend) = try await harness(in: folder)
            let target = folder.file("home").path
            await harness.press(":export instances \(target){enter}")
            #expect(harness.state.message?.isError == true)
            #expect(harness.state.message?.text.contains("\(target) is a folder") == true, "\(String(describing: harness.state.message))")
            #expect(try FileManager.default.contentsOfDirectory(atPath: target).isEmpty)
            #expect(try partialFiles(in: folder.url).isEmpty)
            await backend.shutDown()
        }
    }

    @Test func anExistingFileIsReplacedOnlyAfterYes() async throws {
        try await withTemporaryFolder { folder in
            var (harness, backend) = try await harness(in: folder)
            let out = try folder.write("out.jsonl", "keep me\n").path
            await harness.press(":export instances \(out){enter}")
            #expect(harness.state.confirmation?.question == "overwrite \(out)? (y/n)")
            #expect(try folder.read("out.jsonl") == "keep me\n")
            await harness.press("n")
            #expect(harness.state.confirmation == nil && harness.state.message?.text == "cancelled")
            #expect(try folder.read("out.jsonl") == "keep me\n")

            await harness.press(":export instances \(out){enter}y")
            #expect(harness.state.message?.text.hasPrefix("exported 3 examples from 2 tasks to \(out)") == true)
            #expect(try folder.read("out.jsonl").split(separator: "\n").count == 3)
            #expect(try partialFiles(in: folder.url).isEmpty)
            await backend.shutDown()
        }
    }

    @Test func tasksLeftOutAreCountedWithWhatToRun() async throws {
        try await withTemporaryFolder { folder in
            let accepted = (1...2).map { PoolRecord(id: "a\($0)", instruction: "Name a river in country \($0).", status: .accepted) }
            var (harness, backend) = try await harness(in: folder, extra: accepted)
            await harness.press(":export instances ~/train.jsonl{enter}")
            #expect(harness.state.message?.text.hasSuffix(
                "; 2 accepted tasks have no instances, so they were left out: press I (or run selfinstruct instances) to generate them") == true,
                "\(String(describing: harness.state.message))")
            await backend.shutDown()
        }
    }
}
