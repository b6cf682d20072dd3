import Foundation

/// A folder of its own under the system's temporary directory, for a benchmark's pool.
struct TemporaryFolder {
    /// The folder.
    let url: URL

    /// Creates "NAME-PID" in the temporary directory.
    init(named name: String) throws {
        url = FileManager.default.temporaryDirectory.appendingPathComponent("\(name)-\(getpid())")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }

    /// The file `name` in the folder.
    func file(_ name: String) -> URL { url.appendingPathComponent(name) }

    /// Deletes the folder and everything in it.
    func remove() { try? FileManager.default.removeItem(at: url) }
}
