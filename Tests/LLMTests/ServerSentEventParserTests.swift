import Testing
@testable import LLM
import TestSupport

@Suite struct ServerSentEventParserTests {
    /// Mixed line endings, comments, multi-line data and multi-byte UTF-8.
    static let sample = Array((
        ": ping - 2025-01-01 00:00:00\r\n\r\n"
        + "data: {\"choices\":[{\"index\":0,\"text\":\"caf\\u00e9 \"}]}\r\n\r\n"
        + "event: message\nid: 7\ndata: first line\ndata:second ☕ 日本\n\n"
        + "retry: 1000\rdata: after a CR\r\r"
        + ":comment without space\n"
        + "data: [DONE]\n\n"
    ).utf8)

    static let expected = [
        ServerSentEvent(data: "{\"choices\":[{\"index\":0,\"text\":\"caf\\u00e9 \"}]}"),
        ServerSentEvent(event: "message", data: "first line\nsecond ☕ 日本", id: "7"),
        ServerSentEvent(data: "after a CR", id: "7"),
        ServerSentEvent(data: "[DONE]", id: "7"),
    ]

    @Test func parsesCommentsLineEndingsAndMultilineData() {
        var parser = ServerSentEventParser()
        #expect(parser.feed(Self.sample) + parser.finish() == Self.expected)
    }

    @Test func givesTheSameEventsWhenSplitAtEveryByteBoundary() {
        for split in 0...Self.sample.count {
            var parser = ServerSentEventParser()
            let events = parser.feed(Self.sample[..<split]) + parser.feed(Self.sample[split...]) + parser.finish()
            #expect(events == Self.expected, "split at byte \(split)")
        }
    }

    @Test func givesTheSameEventsFedOneByteAtATime() {
        var parser = ServerSentEventParser()
        var events: [ServerSentEvent] = []
        for byte in Self.sample { events += parser.feed([byte]) }
        #expect(events + parser.finish() == Self.expected)
    }

    @Test func dispatchesAFinalEventThatLacksItsBlankLine() {
        var parser = ServerSentEventParser()
        #expect(parser.feed(Array("data: [DONE]".utf8)) == [])
        #expect(parser.finish() == [ServerSentEvent(data: "[DONE]")])
    }
}

@Suite struct StreamDecoderTests {
    static let body = Array(FakeLLMServer.StreamScript.completion(["Hello", ", wor", "ld ☕"], finishReason: "length", usage: (3, 4)).utf8)

    private func decode(_ chunks: [ArraySlice<UInt8>]) async throws -> [StreamEvent] {
        let (stream, continuation) = AsyncThrowingStream<StreamEvent, any Error>.makeStream()
        let decoder = StreamDecoder(continuation: continuation)
        for chunk in chunks { Array(chunk).withUnsafeBytes { decoder.feed($0) } }
        decoder.finish()
        continuation.finish()
        var events: [StreamEvent] = []
        for try await event in stream { events.append(event) }
        return events
    }

    @Test func decodesTextFinishReasonAndUsageAcrossEverySplit() async throws {
        let expected: [StreamEvent] = [.text("Hello"), .text(", wor"), .text("ld ☕"), .finished(.length),
                                       .usage(Usage(promptTokens: 3, completionTokens: 4))]
        #expect(try await decode([Self.body[...]]) == expected)
        for split in stride(from: 0, through: Self.body.count, by: 1) {
            let events = try await decode([Self.body[..<split], Self.body[split...]])
            #expect(events == expected, "split at byte \(split)")
        }
    }

    @Test func reportsAStreamThatReachesDoneWithoutFinishReasonAsUnspecified() async throws {
        let body = Array(FakeLLMServer.StreamScript.completion(["Hel", "lo"], finishReason: nil).utf8)
        #expect(try await decode([body[...]]) == [.text("Hel"), .text("lo"), .finished(.unspecified)])
    }

    @Test func reportsAStreamEndingBeforeDoneWithoutFinishReasonAsCutOff() async throws {
        let body = Array(FakeLLMServer.StreamScript.completion(["Hel", "lo"], finishReason: nil, done: false).utf8)
        #expect(try await decode([body[...]]) == [.text("Hel"), .text("lo"), .finished(.cutOff)])
    }
}
