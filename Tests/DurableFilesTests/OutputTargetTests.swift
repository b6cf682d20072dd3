import DurableFiles
import Foundation
import TestSupport
import Testing

@Suite struct OutputTargetTests {
    @Test func aLeadingTildeIsTheHomeFolderAndNothingElseIsExpanded() {
        #expect(OutputTarget.expandingHome(in: "~", home: "/home/me") == "/home/me")
        #expect(OutputTarget.expandingHome(in: "~/out/train.jsonl", home: "/home/me") == "/home/me/out/train.jsonl")
        #expect(OutputTarget.expandingHome(in: "~/x", home: "/home/me/") == "/home/me/x")
        #expect(OutputTarget.expandingHome(in: "~other/x", home: "/home/me") == "~other/x")
        #expect(OutputTarget.expandingHome(in: "a/~/x", home: "/home/me") == "a/~/x")
        #expect(OutputTarget.expandingHome(in: "~/x", home: nil) == "~/x")
    }

    @Test func aNewFileUnderTheHomeFolderIsAccepted() throws {
        try withTemporaryFolder { (folder) throws in
            let target = try OutputTarget("~/train.jsonl", overwriting: false, home: folder.url.path)
            #expect(target.path == folder.file("train.jsonl").path)
            #expect(try folder.fileNames().isEmpty, "checking writes nothing")
        }
    }

    @Test func aFolderIsRefusedEvenWhenOverwriting() throws {
        try withTemporaryFolder { (folder) throws in
            #expect(throws: OutputTarget.Refusal(reason: .folder, path: folder.url.path)) {
                try OutputTarget(folder.url.path, overwriting: true, home: nil)
            }
            #expect(throws: OutputTarget.Refusal(reason: .folder, path: folder.url.path)) {
                try OutputTarget("~", overwriting: true, home: folder.url.path)
            }
            let missing = folder.file("new").path + "/"
            #expect(throws: OutputTarget.Refusal(reason: .folder, path: missing)) {
                try OutputTarget(missing, overwriting: false, home: nil)
            }
            #expect(try folder.fileNames().isEmpty)
        }
    }

    @Test func anExistingFileIsRefusedUnlessOverwriting() throws {
        try withTemporaryFolder { (folder) throws in
            let path = try folder.write("train.jsonl", "old\n").path
            #expect(throws: OutputTarget.Refusal(reason: .existingFile, path: path)) {
                try OutputTarget(path, overwriting: false, home: nil)
            }
            #expect(try OutputTarget(path, overwriting: true, home: nil).path == path)
            #expect(try folder.read("train.jsonl") == "old\n")
        }
    }

    @Test func refusalsNameThePathAndSayWhatWouldWork() {
        #expect(OutputTarget.Refusal(reason: .folder, path: "/data/out").description
                == "/data/out is a folder; give a file name in it, e.g. /data/out/train.jsonl")
        #expect(OutputTarget.Refusal(reason: .existingFile, path: "/data/t.jsonl").description == "/data/t.jsonl already exists")
    }
}
