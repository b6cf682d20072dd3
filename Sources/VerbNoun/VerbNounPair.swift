/// An instruction's verb closest to the root of its dependency parse and that verb's first
/// direct noun object, as lemmas (the paper's Figure 2). Either is nil where the parse has
/// none; a noun without a verb does not occur.
public struct VerbNounPair: Sendable, Hashable, Codable {
    /// The verb's lemma (`write`), nil when the descent from the root found no verb.
    public var verb: String?
    /// The lemma of the verb's first `dobj` child tagged NOUN (`poem`), nil when it has none.
    public var noun: String?

    /// A pair as the parser reported it.
    public init(verb: String?, noun: String?) {
        self.verb = verb
        self.noun = noun
    }

    /// Whether the instruction has the verb–noun structure the paper counts (both found).
    public var isComplete: Bool { verb != nil && noun != nil }
}
