/// The mark a person's action leaves on every revision line it writes (`action` in the
/// pool file), so the undo and redo history can be rebuilt from the file alone.
///
/// All lines of one action share its `id`. An undo writes lines stamped with a new id and
/// `undoes` (the undone action's id); a redo, `redoes`. Lines written by generation, imports
/// and repairs carry no stamp: they are not a person's actions and cannot be undone.
public struct ActionStamp: Sendable, Hashable, Codable {
    /// Unique per action, e.g. `a-5f0c2e9b1d7a4c36`.
    public var id: String
    /// What the person did, in words (`accept 15 records`, `edit r2-0`); on the action's own
    /// lines only.
    public var name: String?
    /// The id of the action these lines undo.
    public var undoes: String?
    /// The id of the action these lines redo.
    public var redoes: String?

    /// A stamp with `id`: name a new action, or say which one it undoes or redoes.
    public init(id: String = ActionStamp.newID(), name: String? = nil, undoes: String? = nil, redoes: String? = nil) {
        self.id = id
        self.name = name
        self.undoes = undoes
        self.redoes = redoes
    }

    /// A fresh action id: `a-` and 64 random bits in hex.
    public static func newID() -> String {
        let bits = String(UInt64.random(in: .min ... .max), radix: 16)
        return "a-" + String(repeating: "0", count: 16 - bits.count) + bits
    }
}
