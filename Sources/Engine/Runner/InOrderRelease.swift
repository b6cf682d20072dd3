/// Releases a round's requests in request order as their results arrive in any order: the
/// similarity filter must decide candidates in a fixed order for a run to be reproducible,
/// while the requests finish whenever the model is done.
struct InOrderRelease {
    private var arrived: Set<Int> = []
    /// The index of the next request to release.
    private(set) var next = 0

    /// Notes that request `index` has its result; returns the requests now releasable, in order.
    mutating func arrive(_ index: Int) -> Range<Int> {
        arrived.insert(index)
        let first = next
        while arrived.remove(next) != nil { next += 1 }
        return first..<next
    }
}
