import Foundation

/// Width measurement goes through wcwidth, which needs a UTF-8 locale; every suite that
/// measures calls this first.
enum TestLocale {
    private static let setUp: Bool = {
        setlocale(LC_ALL, "C.UTF-8") != nil
    }()

    static func useUTF8() {
        precondition(setUp, "the C.UTF-8 locale is missing")
    }
}

/// Text snapshots under Tests/TerminalTests/Snapshots. Set SNAPSHOT_RECORD=1 to write the
/// current output instead of comparing (then review the diff).
enum Snapshot {
    static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Snapshots")

    /// The stored snapshot `name`, and the actual text for a failure message.
    static func matches(_ lines: [String], named name: String) throws -> (expected: String, actual: String) {
        let actual = lines.joined(separator: "\n") + "\n"
        let url = directory.appendingPathComponent(name + ".txt")
        if ProcessInfo.processInfo.environment["SNAPSHOT_RECORD"] == "1" {
            try actual.write(to: url, atomically: true, encoding: .utf8)
        }
        return (try String(contentsOf: url, encoding: .utf8), actual)
    }
}
