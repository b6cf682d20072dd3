/// One server-sent event: the joined `data:` lines and the optional `event:` and `id:`.
public struct ServerSentEvent: Sendable, Equatable {
    /// The `event:` field, nil when the server sent none (OpenAI-style streams).
    public var event: String?
    /// The `data:` lines joined with "\n".
    public var data: String
    /// The `id:` field, if any.
    public var id: String?

    /// An event with the given fields.
    public init(event: String? = nil, data: String, id: String? = nil) {
        self.event = event
        self.data = data
        self.id = id
    }
}

/// Parses a `text/event-stream` body fed in chunks split anywhere, even inside a UTF-8
/// character or between the CR and LF of a line end (the WHATWG rules: CRLF, LF or CR end
/// a line; a blank line dispatches; lines starting with ":" are comments, such as
/// llama.cpp's `: ping`).
public struct ServerSentEventParser: Sendable {
    private var line: [UInt8] = []
    private var lastWasCR = false
    private var data: [String] = []
    private var event: String?
    private var id: String?

    /// A parser at the start of a stream.
    public init() {}

    /// Feeds the next bytes; returns the events they completed.
    public mutating func feed(_ bytes: some Sequence<UInt8>) -> [ServerSentEvent] {
        var events: [ServerSentEvent] = []
        for byte in bytes {
            if lastWasCR {
                lastWasCR = false
                if byte == UInt8(ascii: "\n") { continue }  // the LF of a CRLF
            }
            switch byte {
            case UInt8(ascii: "\r"):
                lastWasCR = true
                endLine(into: &events)
            case UInt8(ascii: "\n"):
                endLine(into: &events)
            default:
                line.append(byte)
            }
        }
        return events
    }

    /// Ends a stream that closed cleanly. Unlike a browser, which drops an event that lacks
    /// its closing blank line, this dispatches it: some servers end with `data: [DONE]\n`.
    public mutating func finish() -> [ServerSentEvent] {
        var events: [ServerSentEvent] = []
        if !line.isEmpty { endLine(into: &events) }
        endLine(into: &events)
        self = ServerSentEventParser()
        return events
    }

    private mutating func endLine(into events: inout [ServerSentEvent]) {
        defer { line.removeAll(keepingCapacity: true) }
        if line.isEmpty {
            if !data.isEmpty {
                events.append(ServerSentEvent(event: event, data: data.joined(separator: "\n"), id: id))
            }
            data.removeAll()
            event = nil
            return
        }
        if line[0] == UInt8(ascii: ":") { return }  // a comment
        let text = String(decoding: line, as: UTF8.self)
        let field: Substring
        var value: Substring
        if let colon = text.firstIndex(of: ":") {
            field = text[..<colon]
            value = text[text.index(after: colon)...]
            if value.first == " " { value = value.dropFirst() }
        } else {
            field = Substring(text)
            value = ""
        }
        switch field {
        case "data": data.append(String(value))
        case "event": event = String(value)
        case "id": id = String(value)
        default: break  // "retry" and unknown fields: nothing for us to do
        }
    }
}
