/// One endpoint as people see it while a run goes: requests on the wire, how many answered
/// in the last minute, errors and cost so far, and whether it takes requests.
public struct EndpointStatus: Sendable, Hashable {
    /// Whether the endpoint takes requests.
    public enum Health: Sendable, Hashable {
        /// Takes requests.
        case healthy
        /// Failed; backed off for this long from when the status was taken.
        case resting(Duration)
        /// Answered in a way no retry mends (a refused key, an unknown model): left out.
        case unusable
    }

    /// The endpoint's name.
    public var name: String
    /// The model it is asked for.
    public var model: String
    /// Requests on the wire.
    public var inFlight: Int
    /// Answers in the last 60 s.
    public var answersLastMinute: Int
    /// Answers in all.
    public var answered: Int
    /// Failed attempts in all (each one the dispatcher moved elsewhere or gave up on).
    public var errors: Int
    /// Tokens used in all, as the endpoint reported them.
    public var tokens: Int
    /// What its answers cost, in the `[prices]` currency.
    public var cost: Double
    /// Whether it takes requests.
    public var health: Health
    /// What its last failed attempt said (the URL without credentials, the answer, what to
    /// check), until an answer comes.
    public var lastFailure: String?

    /// A status.
    public init(name: String, model: String, inFlight: Int = 0, answersLastMinute: Int = 0, answered: Int = 0, errors: Int = 0,
                tokens: Int = 0, cost: Double = 0, health: Health = .healthy, lastFailure: String? = nil) {
        self.name = name
        self.model = model
        self.inFlight = inFlight
        self.answersLastMinute = answersLastMinute
        self.answered = answered
        self.errors = errors
        self.tokens = tokens
        self.cost = cost
        self.health = health
        self.lastFailure = lastFailure
    }
}

/// Answers per second over the last minute, in 60 one-second buckets: fixed memory, no
/// allocation as answers come.
struct MinuteCounter: Sendable {
    private var buckets = [Int](repeating: 0, count: 60)
    private var latestSecond: Int64 = 0

    /// Counts one event in second `second` (whole seconds since some origin).
    mutating func count(at second: Int64) {
        advance(to: second)
        buckets[Int(second % 60)] += 1
    }

    /// Events in the 60 seconds up to `second`.
    mutating func total(at second: Int64) -> Int {
        advance(to: second)
        return buckets.reduce(0, +)
    }

    private mutating func advance(to second: Int64) {
        guard second > latestSecond else { return }
        if second - latestSecond >= 60 {
            for index in buckets.indices { buckets[index] = 0 }
        } else {
            var clearing = latestSecond + 1
            while clearing <= second {
                buckets[Int(clearing % 60)] = 0
                clearing += 1
            }
        }
        latestSecond = second
    }
}
