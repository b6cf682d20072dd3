import Foundation
import JSONLines

/// One change a person (or an undo or a redo) made to a record: which field, its value before and
/// after, and when. A record's `edits` is its edit history, oldest first.
public struct Edit: Sendable, Hashable, Codable {
    /// The changed field, by its JSON key (`instruction`, `instances`, `is_classification`,
    /// `status`), or `undo` / `redo` for a revision that restored an earlier one (before:
    /// the revision it replaced, after: the one whose content it restored).
    public var field: String
    /// The value before the change.
    public var before: JSONValue
    /// The value after the change.
    public var after: JSONValue
    /// When the change was made.
    public var at: Date

    public init(field: String, before: JSONValue, after: JSONValue, at: Date) {
        self.field = field
        self.before = before
        self.after = after
        self.at = at
    }
}
