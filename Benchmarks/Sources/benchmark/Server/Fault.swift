import ArgumentParser

/// A way the benchmark server fails a request, in the order the soak run rotates through
/// them: the faults a real endpoint or the proxy in front of it produces.
enum Fault: String, CaseIterable, Codable, Sendable {
    /// HTTP 500 with an OpenAI-style error body.
    case serverError = "http-500"
    /// HTTP 429 with `Retry-After: 1`.
    case rateLimited = "http-429"
    /// A stream closed right after the number of its third item (the head promised more).
    case cutMidItem = "cut-mid-item"
    /// An HTML page with status 200, as a login page or a misrouted proxy sends.
    case htmlPage = "html-200"
    /// The head and the first events, then silence until the client gives up.
    case stall = "stall"

    /// The fault for the `number`-th completion request (from 1) when every `failEvery`-th
    /// fails, the kinds in turn; nil for a request answered normally, and always when
    /// `failEvery` is 0.
    static func scheduled(forRequest number: Int, failEvery: Int) -> Fault? {
        guard failEvery > 0, number % failEvery == 0 else { return nil }
        return allCases[(number / failEvery - 1) % allCases.count]
    }

    /// How the soak run's report names it.
    var label: String {
        switch self {
        case .serverError: "HTTP 500"
        case .rateLimited: "HTTP 429 (Retry-After 1 s)"
        case .cutMidItem: "stream cut mid-item"
        case .htmlPage: "HTML page with 200"
        case .stall: "stall mid-stream"
        }
    }
}

/// What the server answers when it does not fail.
enum AnswerShape: String, ExpressibleByArgument, Sendable {
    /// One fixed non-streamed completion, written in a single write (the client benchmark).
    case fixed
    /// A completions stream of seven new synthetic instructions, a word per event.
    case stream
}

/// What the server counted, printed on its standard output as it exits.
struct ServerTally: Codable, Sendable {
    /// Completion requests received (GET /models not counted).
    var requests = 0
    /// Faults sent, by kind.
    var faults: [Fault: Int] = [:]
    /// Seconds each stalled answer waited until the client closed the connection (or the
    /// server did, at its limit).
    var stallWaits: [Double] = []
}
