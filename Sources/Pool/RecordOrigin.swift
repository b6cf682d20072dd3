/// Which named endpoint, and which model there, generated a record's instruction (from its
/// provenance's `endpoint_name` and `model`): what Stats splits acceptance by. A class, so
/// that a pool's entries share one instance per origin instead of a copy of two strings each.
public final class RecordOrigin: Sendable, Hashable, CustomStringConvertible {
    /// The endpoint's name.
    public let endpointName: String
    /// The model that answered, if recorded.
    public let model: String?

    /// An origin.
    public init(endpointName: String, model: String?) {
        self.endpointName = endpointName
        self.model = model
    }

    /// The origin of `call`, when it names its endpoint.
    convenience init?(_ call: ModelCall?) {
        guard let name = call?.endpointName else { return nil }
        self.init(endpointName: name, model: call?.model)
    }

    /// "fast (llama-3-8b)".
    public var description: String { model.map { "\(endpointName) (\($0))" } ?? endpointName }

    public static func == (a: RecordOrigin, b: RecordOrigin) -> Bool {
        a === b || (a.endpointName == b.endpointName && a.model == b.model)
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(endpointName)
        hasher.combine(model)
    }
}

/// One instance per distinct origin, for the entries of a pool as it loads.
struct OriginInterner {
    private var known: Set<RecordOrigin> = []
    /// The last origin asked for and its shared instance: the lines of a chunk come with one
    /// instance per origin already (interned on the loader's thread), so this usually answers.
    private var last: (asked: RecordOrigin, shared: RecordOrigin)?

    /// The shared instance equal to `origin`.
    mutating func intern(_ origin: RecordOrigin?) -> RecordOrigin? {
        guard let origin else { return nil }
        if let last, last.asked === origin { return last.shared }
        let shared = known.firstIndex(of: origin).map { known[$0] } ?? known.insert(origin).memberAfterInsert
        last = (origin, shared)
        return shared
    }
}
