import Dispatch
import Foundation

/// Wall-clock seconds that `body` takes.
func seconds(_ body: () throws -> Void) rethrows -> Double {
    let start = DispatchTime.now().uptimeNanoseconds
    try body()
    return Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
}

/// The `p`-th quantile (0...1) of `values` by the nearest-rank method.
func percentile(_ values: [Double], _ p: Double) -> Double {
    let sorted = values.sorted()
    return sorted[min(sorted.count - 1, max(0, Int((Double(sorted.count) * p).rounded(.up)) - 1))]
}

/// "ok" or "MISSED", for a figure printed beside its goal.
func verdict(_ ok: Bool) -> String { ok ? "ok" : "MISSED" }

/// `value` with `digits` decimals, for printed figures.
func fixed(_ value: Double, _ digits: Int) -> String { String(format: "%.\(digits)f", value) }

extension Duration {
    /// In seconds, fractions included.
    var seconds: Double { Double(components.seconds) + Double(components.attoseconds) / 1e18 }
}

/// This process's CPU time so far, user and system, in seconds.
func cpuSeconds() -> Double {
    var usage = rusage()
    getrusage(RUSAGE_SELF.rawValue, &usage)
    func seconds(_ time: timeval) -> Double { Double(time.tv_sec) + Double(time.tv_usec) / 1e6 }
    return seconds(usage.ru_utime) + seconds(usage.ru_stime)
}
