import Foundation
import TestSupport
import Testing
@testable import VerbNoun

/// The cache and the batching, against `StandInParser` (plain python3, no spaCy).
@Suite("Verb–noun cache and batching")
struct VerbNounCacheTests {
    static func analyzer(_ folder: TemporaryFolder, batchSize: Int = 2) -> VerbNounAnalyzer {
        VerbNounAnalyzer(
            cache: VerbNounCache(besidePool: folder.file("pool.jsonl").path),
            source: .process(StandInParser.launch(log: folder.file("parser.log"))), batchSize: batchSize)
    }

    @Test func aSecondRunParsesNothingAndANewTextAloneIsParsed() throws {
        try withTemporaryFolder { folder in
            let texts = ["Write a poem.", "Sort the numbers", "Write a poem.", "Hello", "", "Explain why it rains"]
            let first = try Self.analyzer(folder).analyze(texts)
            #expect(first.parsedCount == 5, "the repeated text is parsed once")
            #expect(first.requestCount == 3)
            #expect(first.pairs["Write a poem."] == VerbNounPair(verb: "write", noun: "poem"))
            #expect(first.pairs["Hello"] == VerbNounPair(verb: "hello", noun: nil))
            #expect(first.pairs[""] == VerbNounPair(verb: nil, noun: nil))

            let second = try Self.analyzer(folder).analyze(texts)
            #expect(second.requestCount == 0 && second.parsedCount == 0)
            #expect(second.pairs == first.pairs)

            let third = try Self.analyzer(folder).analyze(texts + ["Draft a letter"])
            #expect(third.requestCount == 1 && third.parsedCount == 1)
            #expect(third.pairs["Draft a letter"] == VerbNounPair(verb: "draft", noun: "letter"))
        }
    }

    @Test func progressCountsBatchesAndTheCacheKeepsWhatWasParsed() throws {
        try withTemporaryFolder { folder in
            var steps: [VerbNounProgress] = []
            _ = try Self.analyzer(folder).analyze(["a x b", "c x d", "e x f"]) { steps.append($0) }
            #expect(steps == [.parsing(done: 0, total: 3), .parsing(done: 2, total: 3), .parsing(done: 3, total: 3)])
            let lines = try String(contentsOf: folder.file("pool.verbs.jsonl"), encoding: .utf8).split(separator: "\n")
            #expect(lines.count == 3)
            #expect(lines[0] == #"{"key":"\#(TextHash.key("a x b"))","noun":"b","tag":"stand-in","verb":"a"}"#)
        }
    }

    @Test func aTornLineOrAnotherParsersResultIsParsedAgain() throws {
        try withTemporaryFolder { folder in
            _ = try Self.analyzer(folder).analyze(["a b", "c d"])
            let cache = folder.file("pool.verbs.jsonl")
            var text = try String(contentsOf: cache, encoding: .utf8)
            text = text.replacingOccurrences(of: "stand-in", with: "older-parser", options: [], range: text.range(of: "stand-in"))
            text += #"{"key":"torn"#
            try text.write(to: cache, atomically: true, encoding: .utf8)
            let again = try Self.analyzer(folder).analyze(["a b", "c d"])
            #expect(again.parsedCount == 1)
        }
    }

    @Test func aParserThatDiesSaysSoWithItsLog() throws {
        try withTemporaryFolder { folder in
            let launch = ParserLaunch(
                executable: URL(fileURLWithPath: "/usr/bin/env"),
                arguments: ["python3", "-c", "import sys; sys.exit('no pipeline here')"],
                tag: "broken", log: folder.file("parser.log"))
            let analyzer = VerbNounAnalyzer(cache: VerbNounCache(url: folder.file("c.jsonl")), source: .process(launch))
            #expect { try analyzer.analyze(["a b"]) } throws: { error in
                "\(error)".contains("exited while loading: no pipeline here")
            }
        }
    }

    @Test func theCacheSitsBesideThePool() {
        #expect(VerbNounCache(besidePool: "/data/pool.jsonl").url.path == "/data/pool.verbs.jsonl")
        #expect(VerbNounCache(besidePool: "/data/pool").url.path == "/data/pool.verbs.jsonl")
    }
}
