import LLM

/// Generation's figures for the header and status bar.
public struct GenerationStatus: Sendable, Equatable {
    /// What generation is doing.
    public var phase = GenerationPhase.idle
    /// Requests in flight.
    public var inFlight = 0
    /// Prompt tokens the pool has used over all its runs (its spending ledger).
    public var promptTokens = 0
    /// Completion tokens the pool has used over all its runs.
    public var completionTokens = 0
    /// Whether some of those were counted at four bytes a token, the endpoint having sent
    /// no usage (llama.cpp's server while streaming).
    public var tokensEstimated = false
    /// Dollars the pool has cost over all its runs; nil when the price is unknown.
    public var cost: Double?
    /// Streamed pieces so far (about one token each): the rate's measure when the endpoint
    /// does not report usage while streaming (llama.cpp's server).
    public var streamedPieces = 0
    /// Completion tokens per second over the last few seconds.
    public var tokensPerSecond: Double = 0
    /// The endpoint's health.
    public var health = GenerationHealth.none
    /// Each endpoint's figures and health, when requests are spread over several; empty
    /// for a lone endpoint.
    public var endpoints: [EndpointStatus] = []
    /// Recent (time, completion tokens) samples for the rate.
    private var samples: [RateSample] = []
    /// Recent (time, streamed pieces) samples for the rate.
    private var streamSamples: [RateSample] = []
    /// The rates of the two windows.
    private var reportedRate: Double = 0
    private var streamedRate: Double = 0

    /// Idle, no endpoint.
    public init() {}

    /// Whether space resumes (rather than pauses): generation is paused, or stopped by a
    /// halt that a new run may get past.
    public var canResume: Bool {
        if case .halted = health { return phase == .idle || phase == .paused }
        return phase == .paused
    }

    /// Whether a round is under way, so quitting should ask first. Not while waiting for
    /// review: rounds are held between rounds then, and quitting loses nothing.
    public var isRunning: Bool { phase == .generating || phase == .stopping }

    /// Adds a point at `now` to a token-rate window (the last 10 s): reported completion
    /// tokens, or streamed pieces; the rate shown is the higher of the two (an endpoint that
    /// reports no usage while streaming still shows its rate).
    mutating func sampleRate(at now: Double, streamed: Bool) {
        func rate(_ samples: inout [RateSample], adding tokens: Int) -> Double {
            samples.append(RateSample(time: now, tokens: tokens))
            samples.removeAll { now - $0.time > 10 }
            guard let first = samples.first, let last = samples.last, last.time > first.time else { return 0 }
            return Double(last.tokens - first.tokens) / (last.time - first.time)
        }
        if streamed {
            streamedRate = rate(&streamSamples, adding: streamedPieces)
        } else {
            reportedRate = rate(&samples, adding: completionTokens)
        }
        tokensPerSecond = max(reportedRate, streamedRate)
    }
}

/// A point of the token-rate window.
struct RateSample: Sendable, Hashable {
    var time: Double
    var tokens: Int
}
