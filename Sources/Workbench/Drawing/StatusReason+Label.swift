import Pool

extension StatusReason.Kind {
    /// The kind as every view, the status bar and the log name it: `person` for a person's
    /// decision (stored as `human` in the pool, as upstream spells it), else its stored name.
    /// The detail pane words the same decision in full: "decided by a person".
    var label: String { self == .human ? "person" : rawValue }

    /// The kind a person typed in a filter, by its label or its stored name.
    static func named(_ name: String) -> StatusReason.Kind? {
        known.first { $0.label == name || $0.matches(name) }
    }
}
