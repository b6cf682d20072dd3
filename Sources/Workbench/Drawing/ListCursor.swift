import Foundation

/// A selection in a list of `count` rows.
public struct ListCursor: Sendable, Hashable {
    /// The selected row.
    public var selection = 0

    /// A cursor on the first row.
    public init() {}

    /// Moves by `offset` rows, clamped to a list of `count` rows.
    public mutating func move(by offset: Int, count: Int) {
        selection = max(0, min(count - 1, selection + offset))
    }

    /// Keeps the selection inside a list of `count` rows.
    public mutating func clamp(count: Int) {
        selection = max(0, min(count - 1, selection))
    }

    /// The first row to draw so that the selection shows in `height` rows.
    public func top(height: Int) -> Int {
        height <= 0 ? selection : max(0, selection - height + 1)
    }

    /// Moves to the next (or previous) row, wrapping around, for which `isWanted` holds;
    /// false, not moving, when no other row does.
    @discardableResult
    mutating func jump(forward: Bool, count: Int, where isWanted: (Int) -> Bool) -> Bool {
        guard count > 1 else { return false }
        for step in 1..<count {
            let index = ((forward ? selection + step : selection - step) % count + count) % count
            if isWanted(index) {
                selection = index
                return true
            }
        }
        return false
    }

    /// Moves to the next (or previous) row, wrapping around, whose text contains `query`
    /// (case and diacritics ignored); says where it went, or that nothing matched.
    mutating func find(_ query: String, forward: Bool, in texts: [String], _ context: inout WorkbenchContext) {
        guard !texts.isEmpty else { return }
        let current = selection
        for step in 1...texts.count {
            let index = ((forward ? current + step : current - step) % texts.count + texts.count) % texts.count
            if texts[index].range(of: query, options: [.caseInsensitive, .diacriticInsensitive]) != nil {
                selection = index
                context.say("/\(query): row \(index + 1) of \(texts.count)")
                return
            }
        }
        context.say("/\(query): no match", isError: true)
    }
}
