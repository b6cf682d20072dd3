import Terminal

/// What both rating screens keep to go through their items one at a time: which item
/// shows, how far its text is scrolled, whether the reference shows, whether the rater quit.
protocol ItemBrowsing {
    /// How many items there are.
    var itemCount: Int { get }
    /// The item on screen.
    var current: Int { get set }
    /// The first line of the item's text shown.
    var scroll: Int { get set }
    /// Whether the reference output shows.
    var showsReference: Bool { get set }
    /// Set when the rater quit.
    var hasQuit: Bool { get set }
    /// The terminal's size.
    var size: Size { get }
}

/// The keys both rating screens share: ←/→ between items, ↑/↓ j/k PgUp/PgDn scroll, r
/// toggles the reference, q and Ctrl-C quit.
enum ItemNavigation {
    /// Applies `key` if it is one of the shared keys; false, changing nothing, otherwise.
    static func handle(_ key: Key, _ state: inout some ItemBrowsing) -> Bool {
        let page = max(1, state.size.height / 2)
        switch key {
        case .character("r"): state.showsReference.toggle()
        case .character("q"), .control("c"): state.hasQuit = true
        case .character("j"), .down: state.scroll += 1
        case .character("k"), .up: state.scroll = max(0, state.scroll - 1)
        case .pageDown: state.scroll += page
        case .pageUp: state.scroll = max(0, state.scroll - page)
        case .right:
            guard state.current + 1 < state.itemCount else { return true }
            state.current += 1
            state.scroll = 0
        case .left:
            guard state.current > 0 else { return true }
            state.current -= 1
            state.scroll = 0
        default: return false
        }
        return true
    }
}

extension RatingState: ItemBrowsing {
    var itemCount: Int { items.count }
}

extension PairwiseState: ItemBrowsing {
    var itemCount: Int { items.count }
}
