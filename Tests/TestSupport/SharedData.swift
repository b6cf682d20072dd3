import Foundation

/// Locates the read-only `shared/` folder beside the project (`../shared`), which holds the
/// reference data that tests and benchmarks read and never copy.
public enum SharedData {
    /// The `shared/` folder: `$SELFINSTRUCT_SHARED` if set, else `../shared` from the package root.
    public static var root: URL {
        if let path = ProcessInfo.processInfo.environment["SELFINSTRUCT_SHARED"] {
            return URL(fileURLWithPath: path)
        }
        return PackageRoot.url.deletingLastPathComponent().appendingPathComponent("shared")
    }

    /// A file under `shared/`, e.g. `data/seed_tasks.jsonl`.
    public static func url(_ relativePath: String) -> URL {
        root.appendingPathComponent(relativePath)
    }

    /// The lines of a JSONL file under `shared/`, without empty lines.
    public static func jsonLines(_ relativePath: String) throws -> [String] {
        let text = try String(contentsOf: url(relativePath), encoding: .utf8)
        return text.split(separator: "\n", omittingEmptySubsequences: true).map(String.init)
    }
}

/// The package's root folder, found from this source file's location.
public enum PackageRoot {
    /// The folder holding Package.swift.
    public static var url: URL {
        URL(fileURLWithPath: #filePath)
            .deletingLastPathComponent()  // TestSupport
            .deletingLastPathComponent()  // Tests
            .deletingLastPathComponent()
    }
}
