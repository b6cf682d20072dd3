import Synchronization

/// Several endpoints used as one: each request goes to an endpoint the `EndpointDispatcher`
/// draws by weight, through that endpoint's own client (its limits, key and timeouts). An
/// attempt that fails in a way that may pass backs its endpoint off and goes to another; one
/// that no retry mends leaves its endpoint out of the run. With one endpoint, requests go
/// straight to its client, whose retry policy does the retrying as with a lone client.
public final class EndpointFleet: Sendable {
    /// A request's answer and the endpoint that gave it.
    public struct Answer<Value: Sendable>: Sendable {
        /// The answer.
        public var value: Value
        /// The endpoint that answered.
        public var endpoint: NamedEndpoint
    }

    private struct Member: Sendable {
        var endpoint: NamedEndpoint
        var client: LLMClient
        var prices: PriceTable
    }

    private struct Tally: Sendable {
        var answered = 0
        var errors = 0
        var tokens = 0
        var cost = 0.0
        var recent = MinuteCounter()
        var lastFailure: String?
    }

    private struct State: Sendable {
        var dispatcher: EndpointDispatcher
        var tallies: [Tally]
        var lastUnusable: (any Error)?
    }

    private let members: [Member]
    private let state: Mutex<State>
    private let clock: any ClientClock
    private let origin: ContinuousClock.Instant
    private let draw: @Sendable () -> Double
    private let maxAttempts: Int
    private let onChange: (@Sendable ([EndpointStatus]) -> Void)?

    /// A fleet over `endpoints` (at least one, names unique).
    /// - Parameters:
    ///   - retryPolicy: a lone endpoint's client retries by it; with several, each attempt
    ///     is one send (max_tokens is still shrunk on a context overflow), and a request
    ///     fails after `maxAttempts` failures that may pass, over the endpoints, resting ones
    ///     waited for; an endpoint found unusable costs no attempt, its request goes on elsewhere.
    ///   - prices: per-model prices (endpoints' own prices already in).
    ///   - backoff: how long a failing endpoint rests.
    ///   - clock: the time source for rests, limits and retries (tests inject one).
    ///   - draw: uniform numbers in 0..<1 for the weighted choice (tests inject a seeded source).
    ///   - onEvent: the clients' events.
    ///   - onChange: the endpoints' statuses after every change, when there are several.
    public init(
        endpoints: [NamedEndpoint], retryPolicy: RetryPolicy = RetryPolicy(), prices: PriceTable = PriceTable(),
        backoff: EndpointDispatcher.Backoff = .init(), clock: any ClientClock = SystemClock(),
        draw: @escaping @Sendable () -> Double = { Double.random(in: 0..<1) },
        onEvent: (@Sendable (ClientEvent) -> Void)? = nil,
        onChange: (@Sendable ([EndpointStatus]) -> Void)? = nil
    ) {
        precondition(!endpoints.isEmpty, "a fleet needs an endpoint")
        var perAttempt = retryPolicy
        if endpoints.count > 1 { perAttempt.maxAttempts = 1 }
        members = endpoints.map { endpoint in
            Member(endpoint: endpoint,
                   client: LLMClient(endpoint: endpoint.configuration, limits: endpoint.limits, retryPolicy: perAttempt,
                                     prices: prices, clock: clock, onEvent: onEvent),
                   prices: endpoint.configuration.isLocal ? PriceTable() : prices)
        }
        state = Mutex(State(
            dispatcher: EndpointDispatcher(weights: endpoints.map(\.weight), maxInFlight: endpoints.map(\.limits.maxInFlight), backoff: backoff),
            tallies: Array(repeating: Tally(), count: endpoints.count)))
        self.clock = clock
        origin = clock.now()
        self.draw = draw
        maxAttempts = retryPolicy.maxAttempts
        self.onChange = endpoints.count > 1 ? onChange : nil
    }

    /// The endpoints, in configuration order.
    public var endpoints: [NamedEndpoint] { members.map(\.endpoint) }

    /// The first endpoint's client: the only one when there is one endpoint.
    public var primaryClient: LLMClient { members[0].client }

    /// Requests on the wire at once over every endpoint.
    public var maxInFlight: Int { members.reduce(0) { $0 + $1.endpoint.limits.maxInFlight } }

    /// Tokens and cost over every request every endpoint finished.
    public var usageTotals: UsageTotals {
        members.dropFirst().reduce(members[0].client.usageTotals) { $0 + $1.client.usageTotals }
    }

    /// Each endpoint's status now.
    public var statuses: [EndpointStatus] {
        let now = clock.now()
        let second = seconds(at: now)
        return state.withLock { state in
            members.indices.map { index in
                let tally = state.tallies[index]
                let health: EndpointStatus.Health = state.dispatcher.isUnusable(index) ? .unusable
                    : state.dispatcher.restingUntil(index, at: now).map { .resting($0 - now) } ?? .healthy
                return EndpointStatus(
                    name: members[index].endpoint.name, model: members[index].endpoint.configuration.model,
                    inFlight: state.dispatcher.inFlight(index), answersLastMinute: state.tallies[index].recent.total(at: second),
                    answered: tally.answered, errors: tally.errors, tokens: tally.tokens, cost: tally.cost, health: health,
                    lastFailure: tally.lastFailure)
            }
        }
    }

    /// Sends one request with `body` on the client of an endpoint the dispatcher picks, and
    /// again elsewhere while it fails in a way that is the endpoint's (see the type's notes).
    /// `accounting` tells the usage and model of an answer, for the endpoint's tally.
    /// Throws the last failure, or `CancellationError`.
    public func send<Value: Sendable>(
        accounting: (Value) -> (usage: Usage?, model: String),
        _ body: (LLMClient) async throws -> Value
    ) async throws -> Answer<Value> {
        var failures = 0
        var lastFailure: (any Error)?
        while true {
            try Task.checkCancellation()
            let choice = state.withLock { $0.dispatcher.choose(now: clock.now(), draw: draw()) }
            let index: Int
            switch choice {
            case .endpoint(let chosen): index = chosen
            case .wait(let until):
                try await clock.sleep(until: until)
                continue
            case .noneUsable:
                throw lastFailure ?? state.withLock { $0.lastUnusable } ?? LLMError.invalidConfiguration("No endpoint takes requests.")
            }
            reportChange()
            do {
                let value = try await body(members[index].client)
                let (usage, model) = accounting(value)
                let cost = usage.map { members[index].prices.cost(of: $0, model: model) } ?? 0
                let second = seconds(at: clock.now())
                state.withLock { state in
                    state.dispatcher.finished(index, .answered, now: clock.now())
                    state.tallies[index].answered += 1
                    state.tallies[index].tokens += usage?.totalTokens ?? 0
                    state.tallies[index].cost += cost
                    state.tallies[index].recent.count(at: second)
                    state.tallies[index].lastFailure = nil
                }
                reportChange()
                return Answer(value: value, endpoint: members[index].endpoint)
            } catch {
                let outcome = members.count == 1 ? .requestFailed : Self.outcome(of: error)
                state.withLock { state in
                    state.dispatcher.finished(index, outcome, now: clock.now(), retryAfter: (error as? LLMError)?.retryAfter)
                    if !(error is CancellationError) {
                        state.tallies[index].errors += 1
                        state.tallies[index].lastFailure = "\(error)"
                    }
                    if outcome == .unusable { state.lastUnusable = error }
                }
                reportChange()
                // An endpoint turns unusable once, so those failures need no count to end.
                if outcome == .failedForNow { failures += 1 }
                guard outcome == .unusable || (outcome == .failedForNow && failures < maxAttempts) else { throw error }
                lastFailure = error
            }
        }
    }

    /// How an attempt's failure bears on its endpoint.
    static func outcome(of error: any Error) -> EndpointDispatcher.Outcome {
        guard let error = error as? LLMError else { return .requestFailed }
        if error.makesEndpointUnusable { return .unusable }
        switch error.code {
        case .connectionFailed, .timedOut, .rateLimited, .serverError: return .failedForNow
        default: return .requestFailed
        }
    }

    private func reportChange() {
        guard let onChange else { return }
        onChange(statuses)
    }

    private func seconds(at instant: ContinuousClock.Instant) -> Int64 {
        max(0, (instant - origin).components.seconds)
    }
}

extension UsageTotals {
    /// Two clients' totals together.
    public static func + (a: UsageTotals, b: UsageTotals) -> UsageTotals {
        var sum = a
        sum.requests += b.requests
        sum.requestsWithoutUsage += b.requestsWithoutUsage
        sum.promptTokens += b.promptTokens
        sum.completionTokens += b.completionTokens
        sum.cost += b.cost
        return sum
    }
}
