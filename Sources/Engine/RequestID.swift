/// The three kinds of request the engine makes.
public enum Stage: String, Sendable, Hashable, Codable, CaseIterable {
    /// Instruction generation (stage 1).
    case instructions
    /// Classification identification (stage 2).
    case classification
    /// Instance generation (stage 3).
    case instances
}

/// Names one request: its stage, its round, and its place among the round's requests.
public struct RequestID: Sendable, Hashable, Codable, CustomStringConvertible {
    /// The stage the request belongs to.
    public var stage: Stage
    /// The round (for stages 2 and 3, the batch) it was sent in.
    public var round: Int
    /// Its index within the round.
    public var index: Int

    /// The id of request `index` of `round` in `stage`.
    public init(stage: Stage, round: Int, index: Int) {
        self.stage = stage
        self.round = round
        self.index = index
    }

    /// E.g. `instructions 12.3`.
    public var description: String { "\(stage.rawValue) \(round).\(index)" }
}

/// Names one candidate instruction: the request whose completion held it and its position.
public struct CandidateID: Sendable, Hashable, Codable, CustomStringConvertible {
    /// The instruction-generation request.
    public var request: RequestID
    /// The candidate's `ParsedCandidate.position`.
    public var position: Int

    /// The id of the candidate at `position` in the completion of `request`.
    public init(request: RequestID, position: Int) {
        self.request = request
        self.position = position
    }

    /// E.g. `12.3#4`.
    public var description: String { "\(request.round).\(request.index)#\(position)" }
}

