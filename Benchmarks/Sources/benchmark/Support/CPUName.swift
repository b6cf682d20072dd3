import Foundation

/// The CPU figures were measured on, for printing beside absolute figures.
enum CPUName {
    /// The CPU's model name from /proc/cpuinfo, with the core count.
    static var current: String {
        let info = (try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8)) ?? ""
        let model = info.split(separator: "\n").first { $0.hasPrefix("model name") }?
            .split(separator: ":", maxSplits: 1).last?.trimmingCharacters(in: .whitespaces) ?? "unknown"
        return "\(model), \(ProcessInfo.processInfo.activeProcessorCount) cores"
    }
}
