import Foundation

/// What went wrong with one attempt, classified from the HTTP answer or the transport
/// error; the retry state machine decides what follows.
enum AttemptFailure: Error, Sendable, Equatable {
    case rateLimited(retryAfter: Duration?, excerpt: String)
    case rateLimitWaitTooLong(Duration, limit: Duration)
    case serverError(status: Int, excerpt: String)
    case timedOut(String)
    case connection(String)
    case contextLengthExceeded(message: String, maxTokens: Int?)
    case unauthorized(String)
    case forbidden(String)
    case notFound(String)
    case badRequest(status: Int, excerpt: String)
    case notJSON(status: Int, excerpt: String)
    case malformed(String)
    case emptyChoices
    case streamInterrupted(String)
    case answerTooLarge(String)

    /// Classifies a transport failure (no complete HTTP answer).
    init(_ failure: TransportFailure) {
        switch failure.kind {
        case .timedOut: self = .timedOut(failure.message)
        case .tooLarge: self = .answerTooLarge(failure.message)
        case .refused, .connectionLost, .other: self = .connection(failure.message)
        }
    }

    /// Classifies an HTTP answer that is not 2xx. `maxTokens` is what the request asked for.
    init(status: Int, headers: HTTPHeaders, body: Data, maxTokens: Int?, now: Date = Date()) {
        let error = ErrorBody(body)
        switch status {
        case 429:
            self = .rateLimited(retryAfter: headers["retry-after"].flatMap { parseRetryAfter($0, now: now) }, excerpt: error.excerpt)
        case 401: self = .unauthorized(error.excerpt)
        case 403: self = .forbidden(error.excerpt)
        case 404: self = .notFound(error.excerpt)
        case 400 where error.isContextLengthExceeded:
            self = .contextLengthExceeded(message: error.excerpt, maxTokens: maxTokens)
        case 500...599: self = .serverError(status: status, excerpt: error.excerpt)
        default:
            self = error.isJSON ? .badRequest(status: status, excerpt: error.excerpt) : .notJSON(status: status, excerpt: error.excerpt)
        }
    }
}

/// Retry-After is either delta-seconds or an HTTP date (RFC 9110 §10.2.3).
func parseRetryAfter(_ value: String, now: Date) -> Duration? {
    let trimmed = value.trimmingCharacters(in: .whitespaces)
    if let seconds = Double(trimmed), seconds >= 0, seconds.isFinite {
        return .milliseconds(Int64((seconds * 1000).rounded()))
    }
    let formatter = DateFormatter()
    formatter.locale = Locale(identifier: "en_US_POSIX")
    formatter.timeZone = TimeZone(identifier: "GMT")
    formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss zzz"
    guard let date = formatter.date(from: trimmed) else { return nil }
    return .milliseconds(Int64((max(0, date.timeIntervalSince(now)) * 1000).rounded()))
}

/// An error answer's body: the message of an OpenAI-style `{"error": {...}}` when there is
/// one, else a short, cleaned excerpt of whatever came (an HTML page, say).
struct ErrorBody {
    let excerpt: String
    let isJSON: Bool
    let isContextLengthExceeded: Bool

    init(_ body: Data) {
        let json = try? JSONSerialization.jsonObject(with: body, options: [.fragmentsAllowed])
        isJSON = json != nil
        var message: String?
        var code: String?
        if let object = json as? [String: Any] {
            if let error = object["error"] as? [String: Any] {
                message = error["message"] as? String
                code = error["code"] as? String ?? error["type"] as? String
            } else {
                message = object["error"] as? String ?? object["detail"] as? String ?? object["message"] as? String
            }
        }
        let text = message ?? String(decoding: body.prefix(400), as: UTF8.self)
        excerpt = text.isEmpty ? "an empty body" : excerptOf(text)
        let lowered = (message ?? "").lowercased()
        isContextLengthExceeded = code == "context_length_exceeded"
            || lowered.contains("maximum context length")
            || lowered.contains("context window")
            || lowered.contains("context length")
    }
}

/// The first 160 characters of untrusted server text on one line, control characters
/// removed, so it can go into a message shown in a terminal.
func excerptOf(_ text: String) -> String {
    let cleaned = text.unicodeScalars.map { scalar -> String in
        if scalar.properties.generalCategory == .control || scalar == "\u{7F}" { return " " }
        return String(scalar)
    }.joined()
    let collapsed = cleaned.split(whereSeparator: { $0 == " " }).joined(separator: " ")
    if collapsed.count <= 160 { return "“\(collapsed)”" }
    return "“\(collapsed.prefix(160))…”"
}
