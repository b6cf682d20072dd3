import Foundation
import TestSupport
import Testing
@testable import Pool
#if canImport(Glibc)
import Glibc
#endif

/// Opening reads the file in chunks on all cores; whatever the chunks, it finds what one
/// pass from the start finds.
@Suite struct ChunkedLoadingTests {
    /// A pool written through the API (additions, decisions, edits, an undo and a redo, so
    /// stamped lines and superseded revisions), then a malformed line put among its lines, a
    /// blank and a CRLF line, and a torn last line.
    private func awkwardPool(in folder: TemporaryFolder) throws -> (url: URL, malformedLine: Int) {
        let pool = try PoolFile(at: folder.pool)
        try pool.add(contentsOf: (0..<40).map { Fixture.record("r\($0)", status: $0 % 3 == 0 ? .pending : .accepted) })
        for index in stride(from: 0, to: 40, by: 3) {
            _ = try pool.decide("r\(index)", status: index % 2 == 0 ? .accepted : .rejected, why: .human(note: "checked \(index)"))
        }
        _ = try pool.edit("r5", .instruction("Summarise the paragraph about r5 in two sentences."))
        _ = try pool.edit("r7", .instances([Instance(input: "", output: "Édition: \u{4F60}\u{597D}")]))
        _ = try pool.undoLastAction()
        _ = try pool.redoLastAction()
        _ = try pool.undoLastAction()
        try pool.close()

        var lines = try String(contentsOf: folder.pool, encoding: .utf8).split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        lines.removeLast()  // after the last newline
        let malformed = 17
        lines.insert(#"{"id":"broken","instruction":"No status here"}"#, at: malformed - 1)
        lines.insert("   ", at: 30)
        lines[33] += "\r"
        let torn = String(Fixture.line("torn").dropLast(20))
        try (lines.joined(separator: "\n") + "\n" + torn).write(to: folder.pool, atomically: false, encoding: .utf8)
        return (folder.pool, malformed)
    }

    private func load(_ url: URL, chunks: Int?) throws -> PoolLoader.Result {
        let descriptor = open(url.path, O_RDONLY | O_CLOEXEC)
        try #require(descriptor >= 0)
        defer { close(descriptor) }
        return try PoolLoader.load(descriptor: descriptor, path: url.path, chunks: chunks)
    }

    /// The entries of the lines that decoded, numbered in the file, and the actions that
    /// wrote them.
    private func goodLines(_ result: PoolLoader.Result) -> (entries: [PoolEntry], actions: [ActionStamp?]) {
        var result = result
        var entries: [PoolEntry] = [], actions: [ActionStamp?] = []
        while let action = result.appendNextGood(to: &entries) { actions.append(action) }
        return (entries, actions)
    }

    @Test func everyChunkingFindsWhatOnePassFinds() throws {
        try withTemporaryFolder { folder in
            let (url, malformedLine) = try awkwardPool(in: folder)
            let sequential = try load(url, chunks: 1)
            #expect(sequential.goodChunks.count == 1)
            #expect(sequential.bad.map(\.line) == [malformedLine, sequential.lineCount], "the malformed line and the torn end")
            #expect(sequential.lastLineUnterminated)
            for chunks in [2, 3, 5, 8, 13, 64, 500] {
                let chunked = try load(url, chunks: chunks)
                #expect(chunked.goodChunks.count > 1)
                #expect(goodLines(chunked).entries == goodLines(sequential).entries, "\(chunks) chunks")
                #expect(goodLines(chunked).actions == goodLines(sequential).actions, "\(chunks) chunks")
                #expect(chunked.bad == sequential.bad, "\(chunks) chunks")
                #expect(chunked.lineCount == sequential.lineCount)
                #expect(chunked.lastLineUnterminated == sequential.lastLineUnterminated)
                #expect(chunked.size == sequential.size)
            }
        }
    }

    @Test func aPoolOpenedInChunksReportsTheMalformedLineByFileAndLine() throws {
        try withTemporaryFolder { folder in
            let (url, malformedLine) = try awkwardPool(in: folder)
            let pool = try PoolFile(at: url, access: .readOnly)
            let malformed = try #require(pool.problems.first { $0.kind == .malformedLine })
            #expect(malformed.line == malformedLine)
            #expect(malformed.description.contains("\(url.path):\(malformedLine)"))
            #expect(pool.problems.contains { $0.kind == .tornLastLine })
            #expect(try pool.record("r7").instances.map(\.output) == ["A summary of r7."], "the redone edit undone again")
            #expect(pool.entry("r5")?.instruction == "Summarise the paragraph about r5 in two sentences.")
            #expect(pool.entries.count == 40)
        }
    }
}
