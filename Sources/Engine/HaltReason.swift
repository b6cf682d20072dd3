/// Why the engine stopped asking the endpoint: an answer that makes it unusable, or
/// too many rounds (or stage batches) in a row whose every request failed. Shown to people:
/// the description names the cause and the URL.
public struct HaltReason: Sendable, Hashable, CustomStringConvertible {
    private enum Kind: Sendable, Hashable {
        case endpointUnusable
        case everyRequestFailed(rounds: Int, stage: Stage)
    }

    private let kind: Kind
    /// The failure that decided it (the last one, for failed rounds).
    public let cause: RequestFailure

    private init(_ kind: Kind, cause: RequestFailure) {
        self.kind = kind
        self.cause = cause
    }

    /// A request failed in a way no retry mends (`RequestFailure.makesEndpointUnusable`).
    public static func endpointUnusable(_ cause: RequestFailure) -> HaltReason {
        HaltReason(.endpointUnusable, cause: cause)
    }

    /// Every request of the last `rounds` rounds (or batches of `stage`) failed.
    public static func everyRequestFailed(rounds: Int, stage: Stage, last cause: RequestFailure) -> HaltReason {
        HaltReason(.everyRequestFailed(rounds: rounds, stage: stage), cause: cause)
    }

    /// Whether the endpoint answered in a way that cannot work (rather than failing often).
    public var isEndpointUnusable: Bool { kind == .endpointUnusable }

    /// E.g. `generation stopped: http://host/v1 answered 401 Unauthorized: … Check the API key …`.
    public var description: String {
        switch kind {
        case .endpointUnusable:
            return "generation stopped: \(cause)"
        case .everyRequestFailed(let rounds, let stage):
            let unit = stage == .instructions ? "round" : "\(stage.rawValue) batch"
            let span = rounds == 1 ? "the last \(unit)" : "the last \(rounds) \(unit == "round" ? "rounds" : unit + "es")"
            return "generation stopped: every request of \(span) failed; the last: \(cause)"
        }
    }
}
