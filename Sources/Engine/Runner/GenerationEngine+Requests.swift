import LLM

/// A request's outcome as its child task hands it back: the reply, or the error.
struct RequestArrival: Sendable {
    var index: Int
    var reply: ModelReply?
    var error: (any Error)?
}

/// One request to send: its id (whose `index` is its place in the list), what it asks,
/// and for stages 2 and 3 the task (by pool id) it asks about.
struct OutgoingRequest: Sendable {
    var id: RequestID
    var prompt: Prompt
    var parameters: SamplingParameters
    var task: String? = nil
}

extension GenerationEngine {
    /// Sends `requests`, at most the clients' in-flight limits together at once, and hands each
    /// arrival to `handle` as it comes (on the engine). Returns how many were sent.
    ///
    /// Pause means no new request: while the engine is paused none is launched (those on the
    /// wire finish), and after a failure that makes the endpoint unusable none is launched
    /// at all. Nor is one the budget cannot cover (`budgetOverrun` then says which limit).
    /// Each answer is counted in the spending ledger before `handle` sees it. Throws
    /// `CancellationError` when the task is cancelled.
    ///
    /// In batch mode (`EngineConfiguration.batch`) the requests go as one batch instead.
    func send(_ requests: [OutgoingRequest], handle: (RequestArrival) throws -> Void) async throws -> Int {
        if let batch = configuration.batch { return try await sendAsBatch(requests, batch, handle: handle) }
        return try await sendLive(requests, handle: handle)
    }

    /// Sends `requests` one by one, as `send` describes.
    func sendLive(_ requests: [OutgoingRequest], handle: (RequestArrival) throws -> Void) async throws -> Int {
        let requester = self.requester
        // Indexed by request index: a batch's leftovers are a part of the round's requests.
        let byIndex = Dictionary(uniqueKeysWithValues: requests.map { ($0.id.index, $0) })
        return try await withThrowingTaskGroup(of: RequestArrival.self) { group in
            var launched = 0
            var unusable = false
            while launched < requests.count {
                if launched >= inFlightLimit {
                    guard let arrival = try await group.next() else { break }
                    try settle(arrival, of: byIndex[arrival.index]!)
                    try handle(Self.checked(arrival))
                    unusable = unusable || Self.makesEndpointUnusable(arrival)
                    if unusable { break }
                }
                // Stopped: the round in progress finishes, so its remaining requests go too.
                _ = await waitWhilePaused()
                try Task.checkCancellation()
                let request = requests[launched]
                guard admit(request) else { break }
                group.addTask {
                    do {
                        return RequestArrival(index: request.id.index,
                                              reply: try await requester.send(request.prompt, parameters: request.parameters, id: request.id))
                    } catch {
                        return RequestArrival(index: request.id.index, error: error)
                    }
                }
                launched += 1
            }
            while let arrival = try await group.next() {
                try settle(arrival, of: byIndex[arrival.index]!)
                try handle(Self.checked(arrival))
            }
            return launched
        }
    }

    /// The arrival, unless the run was cancelled (then `CancellationError` is thrown).
    private static func checked(_ arrival: RequestArrival) throws -> RequestArrival {
        if arrival.error is CancellationError { throw CancellationError() }
        try Task.checkCancellation()
        return arrival
    }

    /// Whether an arrival is a failure no retry mends.
    private static func makesEndpointUnusable(_ arrival: RequestArrival) -> Bool {
        guard let error = arrival.error else { return false }
        return RequestFailure(error).makesEndpointUnusable
    }
}
