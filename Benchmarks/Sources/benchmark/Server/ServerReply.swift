import Foundation

/// One answer as the server writes it: the bytes, then what becomes of the connection.
struct ServerReply: Sendable {
    /// What the server does with the connection once the bytes are written.
    enum Then: Sendable {
        /// Keep it for the next request.
        case keepOpen
        /// Close it at once (the head may have promised more than was sent).
        case close
        /// Send nothing more and wait until the client gives up and closes it.
        case waitForClientToClose
    }

    /// Written at once.
    var bytes: [UInt8]
    /// Then.
    var then = Then.keepOpen

    /// A whole answer with a Content-Length.
    static func whole(status: String, contentType: String, extraHeaders: String = "", body: String) -> ServerReply {
        ServerReply(bytes: Array((head(status: status, contentType: contentType, length: body.utf8.count, extraHeaders) + body).utf8))
    }

    /// The answer a completion request gets under `shape`, failed by `fault` when given.
    static func answer(_ shape: AnswerShape, completion: () -> String, fault: Fault?) -> ServerReply {
        switch fault {
        case .serverError?:
            return .whole(status: "500 Internal Server Error", contentType: "application/json",
                          body: #"{"error":{"message":"The server had an error","type":"server_error"}}"#)
        case .rateLimited?:
            return .whole(status: "429 Too Many Requests", contentType: "application/json", extraHeaders: "Retry-After: 1\r\n",
                          body: #"{"error":{"message":"Rate limit reached","type":"requests","code":"rate_limit_exceeded"}}"#)
        case .htmlPage?:
            return .whole(status: "200 OK", contentType: "text/html",
                          body: "<!DOCTYPE html>\n<html><head><title>Sign in</title></head><body><h1>Sign in</h1></body></html>")
        case .cutMidItem?, .stall?, nil:
            break
        }
        let events: [String]
        let contentType: String
        switch shape {
        case .fixed:
            (events, contentType) = ([fixedCompletion], "application/json")
        case .stream:
            (events, contentType) = (streamEvents(completion()), "text/event-stream")
        }
        let body = events.joined()
        let sent = switch fault {
        // Up to the event that ends with "11.", the third item's number (escaped in JSON).
        case .cutMidItem?: (events.firstIndex { $0.contains(#"\n11."#) } ?? events.count / 2) + 1
        case .stall?: min(3, events.count - 1)
        default: events.count
        }
        let head = head(status: "200 OK", contentType: contentType, length: body.utf8.count)
        return ServerReply(bytes: Array((head + events.prefix(sent).joined()).utf8),
                           then: fault == nil ? .keepOpen : fault == .stall ? .waitForClientToClose : .close)
    }

    /// The model list for GET /models.
    static let models = ServerReply.whole(
        status: "200 OK", contentType: "application/json", body: #"{"object":"list","data":[{"id":"bench","object":"model"}]}"#)

    private static func head(status: String, contentType: String, length: Int, _ extraHeaders: String = "") -> String {
        "HTTP/1.1 \(status)\r\nContent-Type: \(contentType)\r\nContent-Length: \(length)\r\n\(extraHeaders)\r\n"
    }

    private static let fixedCompletion = #"{"id":"cmpl-1","object":"text_completion","model":"bench","choices":[{"index":0,"text":" a benchmark answer of a typical length for one generated instruction.","finish_reason":"stop"}],"usage":{"prompt_tokens":120,"completion_tokens":16,"total_tokens":136}}"#

    /// An OpenAI-style completions stream of `text` a word per event (as a model streams
    /// tokens): a `: ping` comment, the events, the finish reason and `[DONE]`.
    private static func streamEvents(_ text: String) -> [String] {
        let words = text.split(separator: " ", omittingEmptySubsequences: false).enumerated()
            .map { $0.offset == 0 ? String($0.element) : " " + $0.element }.filter { !$0.isEmpty }
        func event(_ text: String, finishReason: String) -> String {
            let choice = #"{"index":0,"text":\#(jsonString(text)),"finish_reason":\#(finishReason)}"#
            return #"data: {"id":"cmpl-1","object":"text_completion","model":"bench","choices":[\#(choice)]}"# + "\r\n\r\n"
        }
        return [": ping\r\n\r\n"] + words.map { event($0, finishReason: "null") }
            + [event("", finishReason: #""stop""#), "data: [DONE]\r\n\r\n"]
    }

    private static func jsonString(_ text: String) -> String {
        String(decoding: try! JSONEncoder().encode(text), as: UTF8.self)
    }
}
