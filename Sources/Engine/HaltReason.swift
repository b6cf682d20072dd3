/// Why the engine stopped asking the endpoint: an answer that makes it unusable, too many
/// rounds (or stage batches) in a row whose every request failed, or a budget the next
/// request could pass. Shown to people: the description names the cause and what to do.
public struct HaltReason: Sendable, Hashable, CustomStringConvertible {
    private enum Kind: Sendable, Hashable {
        case endpointUnusable(RequestFailure)
        case everyRequestFailed(rounds: Int, stage: Stage, last: RequestFailure)
        case budgetReached(BudgetOverrun)
    }

    private let kind: Kind

    private init(_ kind: Kind) {
        self.kind = kind
    }

    /// A request failed in a way no retry mends (`RequestFailure.makesEndpointUnusable`).
    public static func endpointUnusable(_ cause: RequestFailure) -> HaltReason {
        HaltReason(.endpointUnusable(cause))
    }

    /// Every request of the last `rounds` rounds (or batches of `stage`) failed.
    public static func everyRequestFailed(rounds: Int, stage: Stage, last cause: RequestFailure) -> HaltReason {
        HaltReason(.everyRequestFailed(rounds: rounds, stage: stage, last: cause))
    }

    /// The next request could pass a budget limit, so it was not sent.
    public static func budgetReached(_ overrun: BudgetOverrun) -> HaltReason {
        HaltReason(.budgetReached(overrun))
    }

    /// The request failure that decided it (the last one, for failed rounds); nil for a budget.
    public var cause: RequestFailure? {
        switch kind {
        case .endpointUnusable(let cause), .everyRequestFailed(_, _, let cause): cause
        case .budgetReached: nil
        }
    }

    /// Whether the endpoint answered in a way that cannot work (rather than failing often).
    public var isEndpointUnusable: Bool {
        if case .endpointUnusable = kind { return true }
        return false
    }

    /// The budget limit that stopped the run, when a budget did.
    public var budgetOverrun: BudgetOverrun? {
        if case .budgetReached(let overrun) = kind { return overrun }
        return nil
    }

    /// E.g. `generation stopped: http://host/v1 answered 401 Unauthorized: … Check the API key …`.
    public var description: String {
        switch kind {
        case .endpointUnusable(let cause):
            return "generation stopped: \(cause)"
        case .everyRequestFailed(let rounds, let stage, let cause):
            let unit = stage == .instructions ? "round" : "\(stage.rawValue) batch"
            let span = rounds == 1 ? "the last \(unit)" : "the last \(rounds) \(unit == "round" ? "rounds" : unit + "es")"
            return "generation stopped: every request of \(span) failed; the last: \(cause)"
        case .budgetReached(let overrun):
            return "generation stopped at the budget: \(overrun). Raise the limit ([budget] in the pool's config, or \(overrun.flag)) to go on."
        }
    }
}
