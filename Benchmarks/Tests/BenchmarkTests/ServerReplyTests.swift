import Foundation
import Testing
@testable import benchmark

/// The benchmark server's answers: the soak run's figures are only as true as these.
@Suite struct ServerReplyTests {
    private let completion = " Write a poem.\n10. List three fruits.\n11. Explain tides.\n12. Name a river."

    /// The reply split into its head, its body as sent, and the text its stream events carry.
    private struct Sent {
        var head: String
        var body: String
        var text: String

        init(_ reply: ServerReply) {
            let whole = String(decoding: reply.bytes, as: UTF8.self)
            let parts = whole.components(separatedBy: "\r\n\r\n")
            head = parts[0]
            body = parts.dropFirst().joined(separator: "\r\n\r\n")
            text = body.components(separatedBy: "\r\n\r\n").compactMap { event -> String? in
                guard event.hasPrefix("data: {"),
                      let object = try? JSONSerialization.jsonObject(with: Data(event.dropFirst(6).utf8)) as? [String: Any],
                      let choices = object["choices"] as? [[String: Any]] else { return nil }
                return choices.first?["text"] as? String
            }.joined()
        }

        /// The Content-Length the head promises.
        var promisedLength: Int? {
            head.components(separatedBy: "\r\n").first { $0.hasPrefix("Content-Length: ") }
                .flatMap { Int($0.dropFirst("Content-Length: ".count)) }
        }
    }

    @Test func failsEveryNthRequestTakingEachKindInTurn() {
        let faults = (1...50).map { Fault.scheduled(forRequest: $0, failEvery: 5) }
        #expect(faults.enumerated().filter { $0.element != nil }.map { $0.offset + 1 } == Array(stride(from: 5, through: 50, by: 5)))
        #expect(faults.compactMap { $0 } == Fault.allCases + Fault.allCases)
    }

    @Test func neverFailsWhenFailEveryIsZero() {
        #expect((1...20).allSatisfy { Fault.scheduled(forRequest: $0, failEvery: 0) == nil })
    }

    @Test func unfailedStreamCarriesTheWholeCompletionAndKeepsTheConnection() {
        let reply = ServerReply.answer(.stream, completion: { completion }, fault: nil)
        let sent = Sent(reply)
        #expect(sent.head.hasPrefix("HTTP/1.1 200 OK\r\nContent-Type: text/event-stream"))
        #expect(sent.promisedLength == sent.body.utf8.count)
        #expect(sent.text == completion)
        #expect(sent.body.hasSuffix("data: [DONE]\r\n\r\n"))
        #expect(reply.then == .keepOpen)
    }

    @Test func streamCutMidItemEndsRightAfterTheThirdItemsNumberAndPromisesMore() {
        let reply = ServerReply.answer(.stream, completion: { completion }, fault: .cutMidItem)
        let sent = Sent(reply)
        #expect(sent.text == " Write a poem.\n10. List three fruits.\n11.")
        #expect(sent.promisedLength! > sent.body.utf8.count)
        #expect(reply.then == .close)
    }

    @Test func stallSendsTheFirstEventsThenWaitsForTheClientToGiveUp() {
        let reply = ServerReply.answer(.stream, completion: { completion }, fault: .stall)
        let sent = Sent(reply)
        #expect(sent.text == " Write a")
        #expect(!sent.body.contains("[DONE]"))
        #expect(reply.then == .waitForClientToClose)
    }

    @Test func htmlFaultIsAWholeHTMLPageWithStatus200() {
        let sent = Sent(ServerReply.answer(.stream, completion: { completion }, fault: .htmlPage))
        #expect(sent.head.hasPrefix("HTTP/1.1 200 OK\r\nContent-Type: text/html"))
        #expect(sent.body.hasPrefix("<!DOCTYPE html>"))
        #expect(sent.promisedLength == sent.body.utf8.count)
    }

    @Test func rateLimitFaultAsksToRetryAfterOneSecond() {
        let sent = Sent(ServerReply.answer(.stream, completion: { completion }, fault: .rateLimited))
        #expect(sent.head.hasPrefix("HTTP/1.1 429 "))
        #expect(sent.head.contains("\r\nRetry-After: 1"))
    }

    @Test func fixedAnswerIsOneWholeJSONCompletion() throws {
        let sent = Sent(ServerReply.answer(.fixed, completion: { Issue.record("a fixed answer draws no completion"); return "" }, fault: nil))
        #expect(sent.head.contains("Content-Type: application/json"))
        let object = try #require(try JSONSerialization.jsonObject(with: Data(sent.body.utf8)) as? [String: Any])
        #expect((object["choices"] as? [[String: Any]])?.first?["finish_reason"] as? String == "stop")
    }
}
