import Dispatch

/// Wall-clock seconds that `body` takes.
public func seconds(_ body: () throws -> Void) rethrows -> Double {
    let start = DispatchTime.now().uptimeNanoseconds
    try body()
    return Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
}

/// The `p`-th quantile (0...1) of `values` by the nearest-rank method.
public func percentile(_ values: [Double], _ p: Double) -> Double {
    let sorted = values.sorted()
    return sorted[min(sorted.count - 1, max(0, Int((Double(sorted.count) * p).rounded(.up)) - 1))]
}

/// "ok" or "MISSED", for a figure printed beside its goal.
public func verdict(_ ok: Bool) -> String { ok ? "ok" : "MISSED" }
