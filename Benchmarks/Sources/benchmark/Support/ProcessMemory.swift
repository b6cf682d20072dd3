import Foundation

/// This process's memory as Linux reports it in `/proc/self/status`, for benchmark figures.
enum ProcessMemory {
    /// Resident memory now (VmRSS), in MiB; 0 where /proc is missing.
    static var residentMiB: Double { field("VmRSS") }

    /// The peak resident memory so far (VmHWM), in MiB; 0 where /proc is missing.
    static var peakResidentMiB: Double { field("VmHWM") }

    private static func field(_ name: String) -> Double {
        guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8) else { return 0 }
        for line in status.split(separator: "\n") where line.hasPrefix(name + ":") {
            return (line.split(separator: " ").dropFirst().first.flatMap { Double($0) } ?? 0) / 1024
        }
        return 0
    }
}
