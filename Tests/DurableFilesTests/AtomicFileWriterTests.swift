import DurableFiles
import Foundation
import TestSupport
import Testing

@Suite struct AtomicFileWriterTests {
    private struct Interrupted: Error {}

    @Test func aCommittedFileHasEveryByteAndNoTemporaryFileIsLeft() throws {
        try withTemporaryFolder { folder in
            let target = folder.file("out.jsonl").path
            let text = String(repeating: "{\"a\": 1}\n", count: 300_000)  // several 1 MiB blocks
            try AtomicFileWriter.write(to: target) { try $0.write(text) }
            #expect(try folder.read("out.jsonl") == text)
            #expect(try folder.fileNames() == ["out.jsonl"])
        }
    }

    @Test func aFailureMidwayLeavesTheOldTargetAndNoTemporaryFile() throws {
        try withTemporaryFolder { folder in
            try folder.write("out.jsonl", "old\n")
            let target = folder.file("out.jsonl").path
            #expect(throws: Interrupted.self) {
                try AtomicFileWriter.write(to: target) { writer in
                    try writer.write(String(repeating: "x", count: 3 << 20))  // reaches the temporary file
                    #expect(FileManager.default.fileExists(atPath: writer.temporaryPath))
                    throw Interrupted()
                }
            }
            #expect(try folder.read("out.jsonl") == "old\n")
            #expect(try folder.fileNames() == ["out.jsonl"])
        }
    }

    @Test func aFailureMidwayWithoutAnOldTargetLeavesNothing() throws {
        try withTemporaryFolder { folder throws in
            #expect(throws: Interrupted.self) {
                try AtomicFileWriter.write(to: folder.file("new.json").path) { writer in
                    try writer.write(String(repeating: "y", count: 2 << 20))
                    throw Interrupted()
                }
            }
            #expect(try folder.fileNames().isEmpty)
        }
    }

    @Test func aWriterDroppedUncommittedRemovesItsTemporaryFile() throws {
        try withTemporaryFolder { folder in
            do {
                let writer = try AtomicFileWriter(path: folder.file("out.txt").path)
                try writer.write("partial")
            }
            #expect(try folder.fileNames().isEmpty)
        }
    }

    @Test func aFailedRenameRemovesTheTemporaryFileAndNamesBothPaths() throws {
        try withTemporaryFolder { folder in
            // A folder in the target's place: the rename fails after every byte was written.
            try FileManager.default.createDirectory(at: folder.file("out"), withIntermediateDirectories: false)
            try folder.write("out/keep", "kept")
            let target = folder.file("out").path
            let error = try #require(throws: FileError.self) {
                try AtomicFileWriter.write(to: target) { try $0.write("new") }
            }
            #expect(error.description.hasPrefix("rename \(folder.url.path)/.out.\(getpid()).partial to \(target) failed"))
            #expect(try folder.fileNames() == ["out"])
            #expect(try folder.read("out/keep") == "kept")
        }
    }

    @Test func aMissingFolderIsAnErrorNamingThePathWithAdvice() throws {
        try withTemporaryFolder { folder in
            let error = try #require(throws: FileError.self) {
                try AtomicFileWriter(path: folder.file("no/such/out.txt").path)
            }
            #expect(error.description.contains("\(folder.url.path)/no/such/.out.txt."))
            #expect(error.description.hasSuffix("; check that the folder exists"))
        }
    }
}
